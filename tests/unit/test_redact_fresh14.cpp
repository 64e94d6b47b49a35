// Leak classes read from held-out secrets set 14 (written blind): each case gives the leak's
// shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("more tools' password flags: plink, mosquitto, conan, net use, mysql in an argv list") {
  const std::string plink =
      R"(C:\agent\_work\4\s>plink.exe -batch -ssh deploy@10.20.4.17 -pw %goCQH-_uy3ribW -hostkey "ssh-ed25519 255 SHA256:r9kQ2xZfB1eXo3mW8vYtLc4pJ7nHs6dA0gUqEiKw5Ts" "uptime")";
  CHECK(redaction_removes(plink, "%goCQH-_uy3ribW"));
  CHECK(redaction_keeps(plink, "SHA256:r9kQ2xZfB1eXo3mW8vYtLc4pJ7nHs6dA0gUqEiKw5Ts"));
  const std::string mosquitto =
      "+ mosquitto_pub -h mqtt.ci.lan -p 8883 -u fw-tester -P 'jlemFiNFDF#2aNVj%p' -t 'devices/t-0042/cmd' -q 1";
  CHECK(redaction_removes(mosquitto, "jlemFiNFDF#2aNVj%p"));
  CHECK(redaction_keeps(mosquitto, "-p 8883"));
  CHECK(redaction_removes("+ conan remote login artifactory ci-conan -p cmVmdGtuOjAxOjERUkkc8gQJqYnk66QAOSj5hg",
             "cmVmdGtuOjAxOjERUkkc8gQJqYnk66QAOSj5hg"));
  const std::string net_use = R"(C:\build>net use \\fs01.corp.lan\drops /user:CORP\svc-build ba!DZHsX2TXFEt /persistent:no)";
  CHECK(redaction_removes(net_use, "ba!DZHsX2TXFEt"));
  CHECK(redaction_keeps(net_use, "/persistent:no"));
  CHECK(redaction_removes(R"(net use Z: \\fs01\drops Qm7!vX2pLw9k /user:CORP\ci)", "Qm7!vX2pLw9k"));
  CHECK(redaction_keeps(R"(net use Z: \\fs01\drops * /user:CORP\ci)", "* /user:CORP"));
  const std::string strace =
      R"([pid 30412] execve("/usr/bin/mysql", ["mysql", "-h", "db.lan", "-u", "seed", "-pQA6IDyLpV6rXvvtP", "inventory"], 0x7ffd3c2a1e58 /* 34 vars */) = 0)";
  CHECK(redaction_removes(strace, "QA6IDyLpV6rXvvtP"));
  CHECK(redaction_keeps(strace, "0x7ffd3c2a1e58"));
}

TEST_CASE("SMTP AUTH PLAIN and AUTH LOGIN transcripts lose the credentials") {
  CHECK(redacted_text(R"(send: 'AUTH PLAIN AGFsZXJ0c0BhY21lLmNvbQBpd09yJU1NJUFC\r\n')") ==
        R"(send: 'AUTH PLAIN [REDACTED:smtp-auth-credentials]\r\n')");
  const std::string swaks = " -> AUTH LOGIN\n<-  334 VXNlcm5hbWU6\n -> cG9zdG1hc3RlckBtZy5hY21lLmlv\n"
                            "<-  334 UGFzc3dvcmQ6\n -> TjVaSnRkREhsY2FFZl8=\n<** 535 Authentication failed";
  CHECK(redaction_removes(swaks, "TjVaSnRkREhsY2FFZl8="));
  CHECK(redaction_keeps(swaks, "cG9zdG1hc3RlckBtZy5hY21lLmlv"));  // the user name's line
  const std::string smtplib = "reply: b'334 UGFzc3dvcmQ6\\r\\n'\nreply: retcode (334); Msg: b'UGFzc3dvcmQ6'\n"
                              "send: 'cGFzc3dvcmQxMjM=\\r\\n'\nreply: b'235 2.7.0 Authentication successful\\r\\n'";
  CHECK(redaction_removes(smtplib, "cGFzc3dvcmQxMjM="));
  CHECK(redaction_keeps(smtplib, "235 2.7.0 Authentication successful"));
  CHECK(redaction_keeps("250-AUTH LOGIN PLAIN XOAUTH2", "250-AUTH LOGIN PLAIN XOAUTH2"));
}

TEST_CASE("a secret in XML with attributes, a gdb frame, an Envoy inline_string, a Postman auth entry") {
  const std::string soap =
      R"(<wsse:Username>ACME_B2B</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">^fg9EDa!NDmeZg</wsse:Password>)";
  CHECK(redaction_removes(soap, "^fg9EDa!NDmeZg"));
  CHECK(redaction_keeps(soap, "ACME_B2B"));
  const std::string gdb =
      R"(#1  0x00005555555a41c8 in db_connect (host=0x5555557c9310 "pg-ci.lan", password=0x5555557c9350 "8Fqy!gn.y89l~Num", port=5432) at src/db/db.c:88)";
  CHECK(redaction_removes(gdb, "8Fqy!gn.y89l~Num"));
  CHECK(redaction_keeps(gdb, "password=0x5555557c9350 "));
  CHECK(redaction_keeps(gdb, "\"pg-ci.lan\""));
  const std::string envoy = "    \"secret\": {\n        \"inline_string\": \"UfFWQzWgfg/EQLSjvKUDcD61ofx8O7U5FOx2jhltadR+\"\n";
  CHECK(redaction_removes(envoy, "UfFWQzWgfg/EQLSjvKUDcD61ofx8O7U5FOx2jhltadR+"));
  CHECK(redaction_keeps(R"("inline_string": "-----BEGIN CERTIFICATE-----\nMIIB")", "-----BEGIN CERTIFICATE-----"));
  CHECK(redaction_keeps(R"("inline_string": "hello from the direct response")", "hello from the direct response"));
  const std::string postman = R"(    { "key": "value", "value": "4jq91UN8RpZAXwRAlQT9IXiBbjUJ0V8RSEm5P-uy", "type": "string" },)"
                              "\n"
                              R"(    { "key": "key", "value": "X-Partner-Key", "type": "string" })";
  CHECK(redaction_removes(postman, "4jq91UN8RpZAXwRAlQT9IXiBbjUJ0V8RSEm5P-uy"));
  CHECK(redaction_keeps(postman, "X-Partner-Key"));
  CHECK(redaction_removes(R"({"key": "token", "value": "eyJ0eXAi.Qm9vZ3Vz.Zk3vPq8LmX", "type": "string"})", "eyJ0eXAi.Qm9vZ3Vz.Zk3vPq8LmX"));
}

TEST_CASE("Hadoop's dotted key names and vendors' <name>_live_ keys are secrets, documented stand-ins are not") {
  const std::string spark =
      "--conf spark.hadoop.fs.s3a.secret.key=FOq36Wobh+CMchOlyDFe6lCW7NscJtj/AF9N4B6w jobs/compact_events.py";
  CHECK(redaction_removes(spark, "FOq36Wobh+CMchOlyDFe6lCW7NscJtj/AF9N4B6w"));
  CHECK(redaction_keeps(spark, "jobs/compact_events.py"));
  CHECK(redaction_removes("102,bo@acme.io,Bo,acme_live_IAQ5e8yn2Vf4CqVJoUZUZBpw3zYCu7Kq,2026-11-03", "acme_live_IAQ5e8yn2Vf4CqVJoUZUZBpw3zYCu7Kq"));
  CHECK(redaction_keeps("const key = 'pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv';", "pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv"));
  CHECK(redaction_keeps("feature_live_reloadingEnabledForAllUsers", "feature_live_reloadingEnabledForAllUsers"));
  CHECK(redaction_keeps("aws configure example from docs: AKIAIOSFODNN7EXAMPLE / region us-west-2", "AKIAIOSFODNN7EXAMPLE"));
  CHECK(redaction_keeps(R"(-   "token": "xoxb-REPLACE-ME",)", "xoxb-REPLACE-ME"));
  CHECK(redaction_keeps("  38 |     process.env.SLACK_BOT_TOKEN = fixtures.token;", "fixtures.token"));
  CHECK(redaction_keeps("password: this.config.dbPassword", "this.config.dbPassword"));
  CHECK(redaction_removes("AKIAOQVPY7KMFSOA6KR5", "AKIAOQVPY7KMFSOA6KR5"));
  CHECK(redaction_removes("password: my.s3cret.pw9", "my.s3cret.pw9"));
  const std::string webhook = "curl -X POST https://hooks.slack.com/services/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";
  CHECK(redaction_removes(webhook, "7SICrHZcNBYuKpHCQXIyMl8S"));
  CHECK(redaction_keeps(webhook, "hooks.slack.com/services/T02ACMECI/B07NIGHTLY9/"));
}

TEST_CASE("set 15: a secret after its name and is in prose, a Teams webhook's whole credential path") {
  CHECK(redaction_removes(R"(echo "keystore pass is Jq6a#*NTI9^Izqg^2E" && ./gradlew :app:bundleRelease)", "Jq6a#*NTI9^Izqg^2E"));
  CHECK(redaction_removes("the admin password is: Hk29xLmQ", "Hk29xLmQ"));
  CHECK(redaction_keeps("password is incorrect for user ci", "password is incorrect"));
  CHECK(redaction_keeps("token is expired: 2024-01-01T10:00:00Z", "token is expired"));
  CHECK(redaction_keeps("the secret is stored in Vault at kv/ci/deploy", "stored in Vault"));
  const std::string teams =
      "410 Client Error: Gone for url: https://acme.webhook.office.com/webhookb2/816f92eb-18b7-4c63-a356-b9f91d3512d2@"
      "f6e17447-242a-4d14-bd86-9f5a151686ae/IncomingWebhook/2bc445a2c0a49797c36179751c667122/"
      "dfd3fcde-f4c2-4445-8180-0ed0177e59ca/V2svnPDrTgTZpuN6XqqiXxlZ7WFBtVwpSpw_9zCQR-tdS";
  CHECK(redaction_removes(teams, "9zCQR-tdS"));
  CHECK(redaction_removes(teams, "816f92eb-18b7-4c63-a356-b9f91d3512d2"));
  CHECK(redaction_keeps(teams, "https://acme.webhook.office.com/webhookb2/"));
}

TEST_CASE("set 16: generated values under *_key and *_salt names, more tools' password flags, *_authorization names") {
  const std::string rails = "active_record_encryption:\n  primary_key: d7EkUsf3gXWUWwtfezHsRTkEX54kbMnI\n"
                            "  key_derivation_salt: 38inO2dwZEKWNS2AjTxdfcWeRhZues85\n";
  CHECK(redaction_removes(rails, "d7EkUsf3gXWUWwtfezHsRTkEX54kbMnI"));
  CHECK(redaction_removes(rails, "38inO2dwZEKWNS2AjTxdfcWeRhZues85"));
  CHECK(redaction_removes(R"(live_view: [signing_salt: "tflMIpZiYyCsEDEtnukgBU4CBuactYNO"]])", "tflMIpZiYyCsEDEtnukgBU4CBuactYNO"));
  CHECK(redaction_keeps("primary_key: id", "primary_key: id"));
  CHECK(redaction_keeps("cache_key: Linux-node-3f2c9e1a7b5d4c3e", "Linux-node-3f2c9e1a7b5d4c3e"));
  CHECK(redaction_keeps("stripe_publishable_key: pk_live_cFCrHolDlBTDVjxSfwGbKF9gMIurvvYQxD7H1CPT", "pk_live_cFCrHolDlBTDVjxSfwGbKF9gMIurvvYQxD7H1CPT"));
  CHECK(redaction_keeps("NEXT_PUBLIC_RECAPTCHA_SITE_KEY=6LcR7gT0KboV2m_z0CuLdmsFst2HArXtqKczamKa", "6LcR7gT0KboV2m_z0CuLdmsFst2HArXtqKczamKa"));
  CHECK(redaction_removes("  514  sshpass -p '9ioCs!Hf+JdkYXM' ssh deploy@app-03.internal uptime", "9ioCs!Hf+JdkYXM"));
  CHECK(redaction_removes("+ cqlsh seed-1.dc1.local 9042 --ssl -u migrator -p Hg9-d6phgCw3Z4AE -f m.cql", "Hg9-d6phgCw3Z4AE"));
  CHECK(redaction_removes(R"(+ security unlock-keychain -p "e*%Ioue1mEsvjkIsTt" build.keychain)", "e*%Ioue1mEsvjkIsTt"));
  CHECK(redaction_removes(R"(+ security import dist.p12 -k build.keychain -P "M-lCq^WBjhf!6#Uq" -T /usr/bin/codesign)", "M-lCq^WBjhf!6#Uq"));
  CHECK(redaction_keeps("+ security find-identity -v -p codesigning build.keychain", "-p codesigning"));
  CHECK(redaction_removes("$ pulumi config set --secret datadogApiKey 8662b16ad43162b87564118ea14412f0", "8662b16ad43162b87564118ea14412f0"));
  CHECK(redaction_removes("| git_basic_authorization | YWNtZS1jaTpnaHBfU3ZDNlVpSE9zZzN6S3ZR |", "YWNtZS1jaTpnaHBfU3ZDNlVpSE9zZzN6S3ZR"));
  CHECK(redaction_keeps("DATABASE_URL=postgresql://app:!ChangeMe!@127.0.0.1:5432/app", "!ChangeMe!"));
}
