// Leak classes read from held-out secrets set 21 (written blind: CI platforms and signed URLs):
// each case gives the leak's shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a token on a CLI's stdin or flag is redacted: az devops login, gh auth, drone, a Jenkins agent") {
  const std::string pat = "l2p4dkzurjy326nddcxc77cvxqju5k6gowmzdvkggohlbydvbamu";
  CHECK(redaction_removes("+ echo " + pat + " | az devops login --organization https://dev.azure.com/acme", pat));
  CHECK(redaction_removes("echo gho_16C7e42F292c6912E7710c838347Ae178B4a | gh auth login --with-token", "gho_16C7e42F292c6912E7710c838347Ae178B4a"));
  CHECK(redaction_removes("$ drone secret add --repository acme/api --name docker_password --data 'UB3!Lfvx-cGNbb!i6xnHL=#o'",
                          "UB3!Lfvx-cGNbb!i6xnHL=#o"));
  CHECK(redaction_removes("$ java -jar agent.jar -url https://ci.acme.dev/ -secret e6397ba0ef198b4ec1ba2b8067f14ed30f265829214ea14b0d4f7f425bf236c9 -name arm64",
                          "e6397ba0ef198b4ec1ba2b8067f14ed30f265829214ea14b0d4f7f425bf236c9"));
  // A file given to drone and a reference piped to the login stay.
  for (const std::string kept : {"drone secret add --name key --data @/tmp/key.pem", "echo \"$AZURE_DEVOPS_EXT_PAT\" | az devops login",
                                 "curl -u admin:\"$ADMIN_PW\" https://ci.acme.dev/me"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("signed URLs lose their signature wherever it is printed, and keep their other parameters") {
  const std::string signature(120, 'a');
  CHECK(redaction_removes("media-signer | Signature=" + signature + "Q7z_~-", signature));
  CHECK(redaction_removes("  'x-amz-signature': '42ec31015ce880bbe272b115608230dda93fd27f179e98cf7107757a2b22aa8f'",
                          "42ec31015ce880bbe272b115608230dda93fd27f179e98cf7107757a2b22aa8f"));
  const std::string url = "https://b.s3.amazonaws.com/k?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEcVif%2FaEhWHlIrn0%2B6avipt"
                          "&X-Amz-SignedHeaders=host&X-Amz-Signature=1b61da29b8287a29bb882488e3a7e749b7d9c5e6e680da08cb319f3fd493af1c";
  CHECK(redaction_removes(url, "IQoJb3JpZ2luX2VjEcVif"));
  CHECK(redaction_keeps(url, "X-Amz-SignedHeaders=host"));
  CHECK(redaction_removes("grant_type=authorization_code&code_verifier=suR2b_SXedg9nrYNpqh11ZHLI-5Hyu5D1vpWMb54xzmhTjj4w",
                          "suR2b_SXedg9nrYNpqh11ZHLI-5Hyu5D1vpWMb54xzmhTjj4w"));
  // A short signature word in prose stays.
  CHECK(redacted_text("Signature=valid") == "Signature=valid");
}

TEST_CASE("secrets in prose: a quoted generated value after a secret's word, an AWS key pair on one line") {
  CHECK(redaction_removes("webhook: signature mismatch; computed with secret \"KKGRdX5SM0WvGeXTxtx_BxS5OxY6QyPi\" (len=32)",
                          "KKGRdX5SM0WvGeXTxtx_BxS5OxY6QyPi"));
  CHECK(redaction_removes("FEHLER Anmeldung für Benutzer \"buchhaltung\" mit Passwort \"sAsv+=5d7JmQbL-P\" abgelehnt", "sAsv+=5d7JmQbL-P"));
  CHECK(redaction_removes("[AVERTISSEMENT] clé d'accès AKIASK44HEY2DSRHMKLG / clé secrète z673C+2ZlpP1mowdZWkSsxi1FN3EhlA5V0LIfD/B chargée",
                          "z673C+2ZlpP1mowdZWkSsxi1FN3EhlA5V0LIfD/B"));
  for (const std::string kept : {"password \"required\" is missing", "unexpected token \"export\" at line 3",
                                 "AKIAIOSFODNN7EXAMPLE built from commit 3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"}) {
    CAPTURE(kept);
    CHECK(redaction_keeps(kept, kept.substr(kept.size() - 12)));
  }
}

TEST_CASE("a token as a URL's whole userinfo and a classic Azure DevOps PAT are redacted") {
  CHECK(redaction_removes("  url: nats://w0U69X1NPLTGFMpa982L4DY94jWC@nats.ledger.svc:4222", "w0U69X1NPLTGFMpa982L4DY94jWC"));
  CHECK(redaction_keeps("  url: nats://w0U69X1NPLTGFMpa982L4DY94jWC@nats.ledger.svc:4222", "@nats.ledger.svc:4222"));
  CHECK(redaction_removes("Verwende persönliches Zugriffstoken 2mnlbfkvvwgi45c5n55ohpsqbd5v6i2vqi4dolpfhiwt3ewgahmv für dev.azure.com",
                          "2mnlbfkvvwgi45c5n55ohpsqbd5v6i2vqi4dolpfhiwt3ewgahmv"));
  for (const std::string kept : {"ssh://git@github.com/acme/app.git", "https://deploy-bot@github.com/acme/app.git",
                                 "sha256:9b8a74e9dc7640b2f9584db63a82e100e447a3011401a102139a9d1512ea046d"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("a set -x trace's output after a command that prints a secret is redacted") {
  CHECK(redaction_removes("+ jq -r .password\n+ cat /tmp/pw\n~BDBCZavAq1HotJj_O2XoX\npsql: error", "~BDBCZavAq1HotJj_O2XoX"));
  CHECK(redaction_removes("+ printf %s **** | base64\ncmRiOW4ydSM3VVByLUtwI05yWlA=\n", "cmRiOW4ydSM3VVByLUtwI05yWlA="));
  // Other files, and base64 of what was not masked, stay.
  for (const std::string kept : {"+ cat /tmp/version.txt\n1.4.2-rc1\n", "+ echo hello | base64\naGVsbG8K\n",
                                 "+ cat ~/.config/app.yaml\nlog_level: debug\n"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}
