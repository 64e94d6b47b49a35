// Leak classes read from held-out secrets set 36 (written blind: network automation and device
// configurations, DNS providers and registrars, hosting panels, CDNs, zero-trust and VPN tools):
// each case gives the leak's shape and the look-alikes that must stay readable. Values here are
// made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("device configurations: type 7 and clear keys, key chains, AAA and ISAKMP keys, while hashes stay") {
  CHECK(redaction_removes("tacacs-server key 7 \"0822455D0A16544541\"", "0822455D0A16544541"));
  CHECK(redaction_removes(" key-string 7 046F023F1F0E41654418", "046F023F1F0E41654418"));
  CHECK(redaction_removes(" key-string Qw3%rTz9.p1", "Qw3%rTz9.p1"));
  CHECK(redaction_removes("tacacs-server host 198.51.100.44 key Bv0XG#%d5St7d", "Bv0XG#%d5St7d"));
  CHECK(redaction_removes("rtr-1(config-radius-server)# key gmyoXE_3yeLw.U*k", "gmyoXE_3yeLw.U*k"));
  CHECK(redaction_removes("crypto isakmp key W3S%mmSt%7e3yNo address 203.0.113.150", "W3S%mmSt%7e3yNo"));
  CHECK(redaction_keeps("crypto isakmp key W3S%mmSt%7e3yNo address 203.0.113.150", "203.0.113.150"));
  CHECK(redaction_removes("wlc(config-wlan)#security wpa psk set-key ascii 0 BoEI1mWvYc1mNz", "BoEI1mWvYc1mNz"));
  CHECK(redaction_removes("<secret>$9$UDx-F.PKLgagob.WRW-nz</secret>", "$9$UDx-F.PKLgagob.WRW-nz"));
  CHECK(redaction_removes("    set psksecret ENC cuW1JASSPzkchi5HS8qB89/d1SBi1fPgGi==", "cuW1JASSPzkchi5HS8qB89/d1SBi1fPgGi=="));
  // One-way hashes: Cisco's type 5/9 secrets, FortiGate's admin password hash.
  CHECK(redaction_keeps("enable secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
                        "$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM"));
  CHECK(redaction_keeps("    set password ENC SH2Qx1k2ZrbA9cLmN0pQrStUvWxYz==", "SH2Qx1k2ZrbA9cLmN0pQrStUvWxYz=="));
}

TEST_CASE("SNMP: v3 users' passwords and net-snmp's community, while NX-OS's localized keys stay") {
  const std::string line = "snmp-server user nms-v3 NMS-GRP v3 auth sha AG5XofG7H5Na-_b priv aes 128 Ofqc_7Rerf.d8x";
  CHECK(redaction_removes(line, "AG5XofG7H5Na-_b"));
  CHECK(redaction_removes(line, "Ofqc_7Rerf.d8x"));
  CHECK(redaction_removes("snmpget -v2c -c 'kHIOuxzebnkeJg' -Oqv udp:10.77.0.1", "kHIOuxzebnkeJg"));
  const std::string localized = "0x8a0ef9c73bda772f426c2a0582680680";
  CHECK(redaction_keeps("snmp-server user netmon network-operator auth sha " + localized + " priv aes-128 " + localized +
                            " localizedkey",
                        localized));
}

TEST_CASE("VPN keys: strongSwan's PSK lines and OpenVPN's static key block") {
  CHECK(redaction_removes("198.51.100.2 203.0.113.40 : PSK \"bWGn4486l-E1CucA\"", "bWGn4486l-E1CucA"));
  CHECK(redaction_removes("%any @branch.example : PSK 0sxzJaDMJmKyiMcdAhUzj6TJ=", "0sxzJaDMJmKyiMcdAhUzj6TJ="));
  const std::string block =
      "-----BEGIN OpenVPN Static key V1-----\ncfa7485e783962c0c6fa09a7998f25fd\n553e6c21ffea31122519509ae3f65897\n"
      "-----END OpenVPN Static key V1-----\n";
  CHECK(redaction_removes("# 2048 bit OpenVPN static key\n" + block, "553e6c21ffea31122519509ae3f65897"));
  CHECK(redaction_keeps("# 2048 bit OpenVPN static key\n" + block, "# 2048 bit OpenVPN static key"));
}

TEST_CASE("hosting panels and DNS credentials: cPanel and WHM headers, GoDaddy's sso-key, certbot's DNS files") {
  CHECK(redaction_removes("'Authorization': 'cpanel siteops:R4HNMZV1JVA6DHSDZT6K0B29TDKX8TDR'",
                          "R4HNMZV1JVA6DHSDZT6K0B29TDKX8TDR"));
  CHECK(redaction_removes("-H 'Authorization: whm root:JUXT88ZOF82EVX7G64GV701G0OTIAQRG'", "JUXT88ZOF82EVX7G64GV701G0OTIAQRG"));
  CHECK(redaction_removes("Authorization: sso-key YGIII9kmArBy_xoC3ozus:ZHxygw2HMj6KQnH0zK", "ZHxygw2HMj6KQnH0zK"));
  CHECK(redaction_removes("dns_linode_key = 3056ddebc2444277b4d76b23b1709f8b", "3056ddebc2444277b4d76b23b1709f8b"));
  CHECK(redaction_keeps("dns_linode_propagation_seconds = 120", "120"));
  CHECK(redaction_removes("note: <ldap_bindpw>#nf2uTNkejU25-FM</ldap_bindpw>", "#nf2uTNkejU25-FM"));
}
