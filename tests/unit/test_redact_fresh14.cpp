// Leak classes read from held-out secrets set 14 (written blind): each case gives the leak's
// shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using namespace flakyd::redact;

namespace {
const Redactor& redactor() { return flakyd::testing::shared_redactor(); }

std::string redacted(const std::string& text) { return redactor().redact(text).text; }

bool gone(const std::string& text, const std::string& secret) {
  return redacted(text).find(secret) == std::string::npos;
}

bool kept(const std::string& text, const std::string& part) {
  return redacted(text).find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("more tools' password flags: plink, mosquitto, conan, net use, mysql in an argv list") {
  const std::string plink =
      R"(C:\agent\_work\4\s>plink.exe -batch -ssh deploy@10.20.4.17 -pw %goCQH-_uy3ribW -hostkey "ssh-ed25519 255 SHA256:r9kQ2xZfB1eXo3mW8vYtLc4pJ7nHs6dA0gUqEiKw5Ts" "uptime")";
  CHECK(gone(plink, "%goCQH-_uy3ribW"));
  CHECK(kept(plink, "SHA256:r9kQ2xZfB1eXo3mW8vYtLc4pJ7nHs6dA0gUqEiKw5Ts"));
  const std::string mosquitto =
      "+ mosquitto_pub -h mqtt.ci.lan -p 8883 -u fw-tester -P 'jlemFiNFDF#2aNVj%p' -t 'devices/t-0042/cmd' -q 1";
  CHECK(gone(mosquitto, "jlemFiNFDF#2aNVj%p"));
  CHECK(kept(mosquitto, "-p 8883"));
  CHECK(gone("+ conan remote login artifactory ci-conan -p cmVmdGtuOjAxOjERUkkc8gQJqYnk66QAOSj5hg",
             "cmVmdGtuOjAxOjERUkkc8gQJqYnk66QAOSj5hg"));
  const std::string net_use = R"(C:\build>net use \\fs01.corp.lan\drops /user:CORP\svc-build ba!DZHsX2TXFEt /persistent:no)";
  CHECK(gone(net_use, "ba!DZHsX2TXFEt"));
  CHECK(kept(net_use, "/persistent:no"));
  CHECK(gone(R"(net use Z: \\fs01\drops Qm7!vX2pLw9k /user:CORP\ci)", "Qm7!vX2pLw9k"));
  CHECK(kept(R"(net use Z: \\fs01\drops * /user:CORP\ci)", "* /user:CORP"));
  const std::string strace =
      R"([pid 30412] execve("/usr/bin/mysql", ["mysql", "-h", "db.lan", "-u", "seed", "-pQA6IDyLpV6rXvvtP", "inventory"], 0x7ffd3c2a1e58 /* 34 vars */) = 0)";
  CHECK(gone(strace, "QA6IDyLpV6rXvvtP"));
  CHECK(kept(strace, "0x7ffd3c2a1e58"));
}

TEST_CASE("SMTP AUTH PLAIN and AUTH LOGIN transcripts lose the credentials") {
  CHECK(redacted(R"(send: 'AUTH PLAIN AGFsZXJ0c0BhY21lLmNvbQBpd09yJU1NJUFC\r\n')") ==
        R"(send: 'AUTH PLAIN [REDACTED:smtp-auth-credentials]\r\n')");
  const std::string swaks = " -> AUTH LOGIN\n<-  334 VXNlcm5hbWU6\n -> cG9zdG1hc3RlckBtZy5hY21lLmlv\n"
                            "<-  334 UGFzc3dvcmQ6\n -> TjVaSnRkREhsY2FFZl8=\n<** 535 Authentication failed";
  CHECK(gone(swaks, "TjVaSnRkREhsY2FFZl8="));
  CHECK(kept(swaks, "cG9zdG1hc3RlckBtZy5hY21lLmlv"));  // the user name's line
  const std::string smtplib = "reply: b'334 UGFzc3dvcmQ6\\r\\n'\nreply: retcode (334); Msg: b'UGFzc3dvcmQ6'\n"
                              "send: 'cGFzc3dvcmQxMjM=\\r\\n'\nreply: b'235 2.7.0 Authentication successful\\r\\n'";
  CHECK(gone(smtplib, "cGFzc3dvcmQxMjM="));
  CHECK(kept(smtplib, "235 2.7.0 Authentication successful"));
  CHECK(kept("250-AUTH LOGIN PLAIN XOAUTH2", "250-AUTH LOGIN PLAIN XOAUTH2"));
}

TEST_CASE("a secret in XML with attributes, a gdb frame, an Envoy inline_string, a Postman auth entry") {
  const std::string soap =
      R"(<wsse:Username>ACME_B2B</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">^fg9EDa!NDmeZg</wsse:Password>)";
  CHECK(gone(soap, "^fg9EDa!NDmeZg"));
  CHECK(kept(soap, "ACME_B2B"));
  const std::string gdb =
      R"(#1  0x00005555555a41c8 in db_connect (host=0x5555557c9310 "pg-ci.lan", password=0x5555557c9350 "8Fqy!gn.y89l~Num", port=5432) at src/db/db.c:88)";
  CHECK(gone(gdb, "8Fqy!gn.y89l~Num"));
  CHECK(kept(gdb, "password=0x5555557c9350 "));
  CHECK(kept(gdb, "\"pg-ci.lan\""));
  const std::string envoy = "    \"secret\": {\n        \"inline_string\": \"UfFWQzWgfg/EQLSjvKUDcD61ofx8O7U5FOx2jhltadR+\"\n";
  CHECK(gone(envoy, "UfFWQzWgfg/EQLSjvKUDcD61ofx8O7U5FOx2jhltadR+"));
  CHECK(kept(R"("inline_string": "-----BEGIN CERTIFICATE-----\nMIIB")", "-----BEGIN CERTIFICATE-----"));
  CHECK(kept(R"("inline_string": "hello from the direct response")", "hello from the direct response"));
  const std::string postman = R"(    { "key": "value", "value": "4jq91UN8RpZAXwRAlQT9IXiBbjUJ0V8RSEm5P-uy", "type": "string" },)"
                              "\n"
                              R"(    { "key": "key", "value": "X-Partner-Key", "type": "string" })";
  CHECK(gone(postman, "4jq91UN8RpZAXwRAlQT9IXiBbjUJ0V8RSEm5P-uy"));
  CHECK(kept(postman, "X-Partner-Key"));
  CHECK(gone(R"({"key": "token", "value": "eyJ0eXAi.Qm9vZ3Vz.Zk3vPq8LmX", "type": "string"})", "eyJ0eXAi.Qm9vZ3Vz.Zk3vPq8LmX"));
}

TEST_CASE("Hadoop's dotted key names and vendors' <name>_live_ keys are secrets; documented stand-ins are not") {
  const std::string spark =
      "--conf spark.hadoop.fs.s3a.secret.key=FOq36Wobh+CMchOlyDFe6lCW7NscJtj/AF9N4B6w jobs/compact_events.py";
  CHECK(gone(spark, "FOq36Wobh+CMchOlyDFe6lCW7NscJtj/AF9N4B6w"));
  CHECK(kept(spark, "jobs/compact_events.py"));
  CHECK(gone("102,bo@acme.io,Bo,acme_live_IAQ5e8yn2Vf4CqVJoUZUZBpw3zYCu7Kq,2026-11-03", "acme_live_IAQ5e8yn2Vf4CqVJoUZUZBpw3zYCu7Kq"));
  CHECK(kept("const key = 'pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv';", "pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv"));
  CHECK(kept("feature_live_reloadingEnabledForAllUsers", "feature_live_reloadingEnabledForAllUsers"));
  CHECK(kept("aws configure example from docs: AKIAIOSFODNN7EXAMPLE / region us-west-2", "AKIAIOSFODNN7EXAMPLE"));
  CHECK(kept(R"(-   "token": "xoxb-REPLACE-ME",)", "xoxb-REPLACE-ME"));
  CHECK(kept("  38 |     process.env.SLACK_BOT_TOKEN = fixtures.token;", "fixtures.token"));
  CHECK(kept("password: this.config.dbPassword", "this.config.dbPassword"));
  CHECK(gone("AKIAOQVPY7KMFSOA6KR5", "AKIAOQVPY7KMFSOA6KR5"));
  CHECK(gone("password: my.s3cret.pw9", "my.s3cret.pw9"));
  const std::string webhook = "curl -X POST https://hooks.slack.com/services/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";
  CHECK(gone(webhook, "7SICrHZcNBYuKpHCQXIyMl8S"));
  CHECK(kept(webhook, "hooks.slack.com/services/T02ACMECI/B07NIGHTLY9/"));
}
