// Leak classes read from held-out secrets set 24 (written blind: VPN and tunnels, network devices
// and IoT, directory and auth services, database admin tools): each case gives the leak's shape
// and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("device configurations lose reversible passwords, keys and SNMP communities, not hashes") {
  const std::string ios = "username netops privilege 15 password 7 0822455D0A165C1E1B0B\n"
                          "tacacs-server key 0 Tq7-xLm2!vRz9w\nsnmp-server community nWx4-k9Tz_Rq RO 10\n"
                          "enable secret 9 $9$nhEmQVczB7dqjO$X76PcH6hK8t9m/0oQ1rT5sLp2uW3yZ4aB6cD8eF0gH2";
  CHECK(redaction_removes(ios, "0822455D0A165C1E1B0B"));
  CHECK(redaction_removes(ios, "Tq7-xLm2!vRz9w"));
  CHECK(redaction_removes(ios, "nWx4-k9Tz_Rq"));
  // Type 9 is a one-way scrypt hash: kept.
  CHECK(redaction_keeps(ios, "enable secret 9 $9$nhEmQVczB7dqjO$X76PcH6hK8t9m/0oQ1rT5sLp2uW3yZ4aB6cD8eF0gH2"));
  CHECK(redaction_removes("+set protocols bgp group ibgp authentication-key \"$9$Hk5FCtOIEyrvLEhrvLX-dkPf\"",
                          "$9$Hk5FCtOIEyrvLEhrvLX-dkPf"));
  CHECK(redaction_removes("198.51.100.20 203.0.113.7 : PSK \"Vb2!qT9x-Lm7Zr_k\"", "Vb2!qT9x-Lm7Zr_k"));
  CHECK(redaction_keeps(": RSA gw-lon.key", ": RSA gw-lon.key"));
}

TEST_CASE("WiFi PSKs in wpa_supplicant and NetworkManager files and on wpa_passphrase's line are redacted") {
  const std::string hex = "5b1e9f0c2d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  const std::string out = "$ wpa_passphrase Lab-Net 'kR8-vQ2!wZx7'\nnetwork={\n\tssid=\"Lab-Net\"\n\t#psk=\"kR8-vQ2!wZx7\"\n\tpsk=" +
                          hex + "\n}";
  CHECK(redaction_removes(out, "kR8-vQ2!wZx7"));
  CHECK(redaction_removes(out, hex));
  CHECK(redaction_keeps(out, "ssid=\"Lab-Net\""));
  CHECK(redaction_removes("[wifi-security]\nkey-mgmt=wpa-psk\npsk=Zt4#mQ8.vLx2", "Zt4#mQ8.vLx2"));
}

TEST_CASE("auth tools' secrets on their command lines and stdin are redacted") {
  CHECK(redaction_removes("$ ngrok config add-authtoken 2aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789abcdEFGH",
                          "2aBcDeFgHiJkLmNoPqRsTuVwXyZ_0123456789abcdEFGH"));
  CHECK(redaction_removes("$ radtest alice 'Pw7!kLq2-xZ' 10.0.0.5 0 'Sh4r3d-S3cr3t-9x'", "Pw7!kLq2-xZ"));
  CHECK(redaction_removes("$ radtest alice 'Pw7!kLq2-xZ' 10.0.0.5 0 'Sh4r3d-S3cr3t-9x'", "Sh4r3d-S3cr3t-9x"));
  CHECK(redaction_removes("+ echo 'Kb5=xT2_mQ9!' | kinit svc-etl@CORP.EXAMPLE", "Kb5=xT2_mQ9!"));
  CHECK(redaction_removes("+ echo -n 'Rz8#pL4_wQ1=' | realm join -U Administrator corp.example", "Rz8#pL4_wQ1="));
  CHECK(redaction_removes("127.0.0.1:6379> CONFIG SET requirepass \"Hq2xV9mLt7pZ4kWr\"", "Hq2xV9mLt7pZ4kWr"));
  const std::string ipa = "+ ipa-server-install -U -r CORP.EXAMPLE -p 'Dm7!qZ2x-Lw9' -a 'Ad4_kT8v=Rx1' --setup-dns";
  CHECK(redaction_removes(ipa, "Dm7!qZ2x-Lw9"));
  CHECK(redaction_removes(ipa, "Ad4_kT8v=Rx1"));
  CHECK(redaction_keeps(ipa, "--setup-dns"));
  CHECK(redaction_removes("   3 11/30/2026 09:12:44 HTTP/app01@CORP.EXAMPLE (aes128-cts-hmac-sha1-96)  (0x00e6c1fb61f791cfcc97db0d282658d8)",
                          "0x00e6c1fb61f791cfcc97db0d282658d8"));
  for (const std::string kept : {"kinit -kt /etc/krb5.keytab svc-etl", "echo \"$KRB_PASSWORD\" | kinit svc-etl"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("password-named lines in daemon configurations and SSSD's authtok are redacted") {
  CHECK(redaction_removes("connection uplink\naddress mqtt.acme.example:8883\nremote_password Jw4.kZ9!qTx2mL", "Jw4.kZ9!qTx2mL"));
  CHECK(redaction_removes("ldap_default_authtok = Nq3+xV8.pLz2!", "Nq3+xV8.pLz2!"));
  CHECK(redaction_removes("device_key=3564925b66b4a9b6691504479a0c56a3", "3564925b66b4a9b6691504479a0c56a3"));
  // A password-named line whose value reads as words stays.
  for (const std::string kept : {"allow_anonymous false\npassword_file /etc/mosquitto/passwd", "require_password yes"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("tokens that are base64 of a JSON object holding a secret are redacted and source maps stay") {
  // cloudflared's tunnel token: {"a":"<account>","t":"<tunnel uuid>","s":"<base64 secret>"}.
  const std::string tunnel =
      "eyJhIjoiODY0MGZjMzhhNzEwMjhjOTk2YWU2NTg3NjIyMDYxMjYiLCJ0IjoiNzgyN2YzMmItYjY0OC00YTQ0LWE3OTItYjE4"
      "ODY4YmUxZWZiIiwicyI6Ik9ZZThwNzd5cWpjTERuSGt6K2IwandyRGpvQkJpTnBuUFBhSmNMd1lUQUk9In0=";
  CHECK(redaction_removes("$ sudo cloudflared service install " + tunnel, tunnel));
  CHECK(redaction_removes("cloudflared tunnel --no-autoupdate run --token " + tunnel + " \\", tunnel));
  // Elasticsearch's enrollment token on a line of its own: {"ver":..,"adr":[..],"fgr":..,"key":"id:secret"}.
  const std::string enrollment =
      "eyJ2ZXIiOiI4LjE1LjMiLCJhZHIiOlsiMTAuNDAuNy4yMTo5MjAwIl0sImZnciI6ImY5ZGE2OTZlNWY5ZTMwNWM5NjQ3ZjU1ZWY5OW"
      "RlZWYwMjMyMWUzNzhkZDAwYzdhMzFhODU1MmVjNmE2NGQ4ODAiLCJrZXkiOiJ6WU5BYk1Nc3dGallQVHUzRzJaWTpLa1Qwc0hodG1r"
      "VndCeW05NkVLbE9SIn0=";
  CHECK(redaction_removes("  " + enrollment + "\n", enrollment));
  // A source map's JSON names no credential: kept, as is a JWT's header segment (its token is
  // the JWT rule's to judge).
  const std::string source_map =
      "//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbIi4uL3NyYy9pbmRleC50cyJdLCJuYW1lcyI6W10sIm1hcHBpbmdzIjoiQUFBQSJ9";
  CHECK(redaction_keeps(source_map, source_map));
  CHECK(redacted_text("header eyJrZXkiOiJ6WU5BYk1Nc3dGallQVHUzRzJaWTpLa1Qwc0hodG1r.sig").find("base64-encoded-secret") ==
        std::string::npos);
}
