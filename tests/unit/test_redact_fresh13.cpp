// Leak classes read from held-out secrets set 13 (written blind): each case gives the leak's
// shape and look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a secret named in one field is redacted in the value field that follows") {
  // A browser driver's cookie object, on one line or pretty-printed.
  const std::string playwright =
      "debug: context.cookies() = [\n"
      "  { name: '__Secure-next-auth.session-token', value: 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..b2Th1I0pCdViCwY2.oQNQeXeO-52H', "
      "domain: 'localhost', path: '/' },\n"
      "  { name: 'theme', value: 'dark-2024', domain: 'localhost' }\n]";
  CHECK(redaction_removes(playwright, "b2Th1I0pCdViCwY2"));
  CHECK(redaction_keeps(playwright, "__Secure-next-auth.session-token"));
  CHECK(redaction_keeps(playwright, "dark-2024"));
  const std::string puppeteer =
      "[\n  {\n    \"name\": \"sessionid\",\n    \"domain\": \"ci.acme.dev\",\n    \"value\": \"k2f9Qx7LmZp4Rt8WvY3n\"\n  },\n"
      "  {\n    \"name\": \"lang\",\n    \"value\": \"en-GB-x1\"\n  }\n]";
  CHECK(redaction_removes(puppeteer, "k2f9Qx7LmZp4Rt8WvY3n"));
  CHECK(redaction_keeps(puppeteer, "en-GB-x1"));
  // A {"name": .., "value": ..} variable list pretty-printed: the next entry's value is not taken.
  const std::string env =
      "\"env\": [\n  {\n    \"name\": \"DB_PASSWORD\",\n    \"value\": \"Zq8-vLm2Rt4xWp\"\n  },\n"
      "  {\n    \"name\": \"LOG_LEVEL\",\n    \"value\": \"debug2\"\n  }\n]";
  CHECK(redaction_removes(env, "Zq8-vLm2Rt4xWp"));
  CHECK(redaction_keeps(env, "debug2"));
  // Spring Boot's binding failure: "Property:" then "Value:" on the next line.
  const std::string spring =
      "    Property: payments.adyen.api-key\n"
      "    Value: \"AQEcit5EJhueUa1GnoBcMqHaWB8m25yX9H3bJP+Nih7TO7DKDQBgjrdBG==-1ywc\"\n"
      "    Origin: class path resource [application-ci.yml] - 31:14\n\n"
      "    Property: server.port\n"
      "    Value: \"80a80\"\n";
  CHECK(redaction_removes(spring, "AQEcit5EJhueUa1GnoBcMqHaWB8m25yX9H3bJP"));
  CHECK(redaction_keeps(spring, "payments.adyen.api-key"));
  CHECK(redaction_keeps(spring, "80a80"));
  // `terraform output -json`: a sensitive output's value, whatever its name; others stay.
  const std::string terraform =
      "{\n  \"db_endpoint\": {\n    \"sensitive\": false,\n    \"type\": \"string\",\n"
      "    \"value\": \"flaky-ci.cluster-c9x2kq7r1abc.eu-west-1.rds.amazonaws.com\"\n  },\n"
      "  \"db_master\": {\n    \"sensitive\": true,\n    \"type\": \"string\",\n    \"value\": \"mJAO.sN-bU8hu2-T.q5M9SuS\"\n  },\n"
      "  \"api_token\": {\n    \"type\": \"string\",\n    \"value\": \"t0k-9fQ2xLr7Vb\"\n  }\n}";
  CHECK(redaction_removes(terraform, "mJAO.sN-bU8hu2-T.q5M9SuS"));
  CHECK(redaction_removes(terraform, "t0k-9fQ2xLr7Vb"));
  CHECK(redaction_keeps(terraform, "flaky-ci.cluster-c9x2kq7r1abc.eu-west-1.rds.amazonaws.com"));
  CHECK(redaction_keeps(terraform, "\"sensitive\": true"));
  // A value after a blank line, or one holding blanks (a label), is no such field.
  CHECK(redaction_keeps("Property: app.password\n\nValue: \"later-123\"", "later-123"));
  CHECK(redaction_keeps("{ name: 'auth-token-input', value: 'Enter your token' }", "Enter your token"));
}

TEST_CASE("a map entry printed with an arrow redacts a secret-named key's value") {
  const std::string intellij =
      "props = {Properties@3418}  size = 3\n"
      " \"db.url\" -> \"jdbc:mariadb://mariadb-ci:3306/sync\"\n"
      " \"db.user\" -> \"sync\"\n"
      " \"db.password\" -> \"zo_lxVl8mu6PV5-n\"\n";
  CHECK(redaction_removes(intellij, "zo_lxVl8mu6PV5-n"));
  CHECK(redaction_keeps(intellij, "jdbc:mariadb://mariadb-ci:3306/sync"));
  CHECK(redaction_keeps(intellij, "\"db.user\" -> \"sync\""));
  const std::string scala = "config: Map(user -> ci, password -> s3cr3tV4l, url -> jdbc:h2:mem)";
  CHECK(redaction_removes(scala, "s3cr3tV4l"));
  CHECK(redaction_keeps(scala, "user -> ci"));
  // A lambda is no map entry.
  CHECK(redaction_keeps("tokens.map(token -> token.trim()).collect(toList())", "token -> token.trim()"));
  CHECK(redaction_keeps("items.forEach(password -> validate(password));", "password -> validate(password)"));
}

TEST_CASE("a secret's name with a version, encoding, age or environment suffix still names a secret") {
  const std::string state =
      "  \"encrypted_ses_smtp_password_v4\": null,\n"
      "  \"ses_smtp_password_v4\": \"BI9mZ4ccaHCGSWuzLQIQQgDDVOpp7q60N4B9H01R9pUf\",\n";
  CHECK(redaction_removes(state, "BI9mZ4ccaHCGSWuzLQIQQgDDVOpp7q60N4B9H01R9pUf"));
  CHECK(redaction_keeps(state, "\"encrypted_ses_smtp_password_v4\": null"));
  CHECK(redaction_removes("debug: GIT_PASSWORD_ENC=Zx%2523q8%2540LmP2xlaL", "Zx%2523q8%2540LmP2xlaL"));
  CHECK(redaction_removes("api_key_prod=AbC123xyz789", "AbC123xyz789"));
  CHECK(redaction_removes("secret_old: \"k9!xQ2\"", "k9!xQ2"));
  CHECK(redaction_removes("token_v2 = 'tv2-8fJq1LmZ'", "tv2-8fJq1LmZ"));
  // Other suffixes name other things; a reference or a null is no value.
  CHECK(redaction_keeps("token_count: 12345", "12345"));
  CHECK(redaction_keeps("password_reset_test: passed", "passed"));
  CHECK(redaction_keeps("secret_santa=alice", "alice"));
  CHECK(redaction_keeps("token_v2=${TOKEN_V2}", "${TOKEN_V2}"));
}

TEST_CASE("a secret parameter of a query percent-encoded inside another URL is redacted") {
  const std::string access_log =
      "\"GET /open?returnUrl=https%3A%2F%2Facmeciartifacts.blob.core.windows.net%2Freports%2Fflaky.html%3Fsv%3D2022-11-02"
      "%26sp%3Dr%26se%3D2026-12-01T06%253A00Z%26sr%3Db%26sig%3Dq86v9BM3YoXpfd6t3fHTnL9NicMA9aX92BOtLWJ%252FeJg%253D HTTP/1.1\" 400";
  CHECK(redaction_removes(access_log, "q86v9BM3YoXpfd6t3fHTnL9NicMA9aX92BOtLWJ"));
  CHECK(redaction_keeps(access_log, "acmeciartifacts.blob.core.windows.net"));
  CHECK(redaction_keeps(access_log, "%26sp%3Dr%26se%3D2026-12-01T06%253A00Z%26sr%3Db"));
  // Encoded twice: the value stops at the encoded '&' and the next parameter stays.
  const std::string twice = "next=%2Fcb%253Ftoken%253Dab12CD34ef56%2526page%253D2";
  CHECK(redaction_removes(twice, "ab12CD34ef56"));
  CHECK(redaction_keeps(twice, "%2526page%253D2"));
  // Parameters that are no secret stay.
  CHECK(redaction_keeps("redirect=%2Flogin%3Fnext%3D%252Fhome%26lang%3Den", "%3Fnext%3D%252Fhome%26lang%3Den"));
}

TEST_CASE("a PagerDuty routing key (R0 and 30 upper-case characters) is redacted under its key names") {
  const std::string go_dump =
      "escalate_test.go:58: client: &{BaseURL:https://api.pagerduty.com APIToken:944GvfxTqHJv7GvvAnSr "
      "RoutingKey:R0098BC869D7518E1FB97A5B4F8D9359 HTTP:0xc0001a2d80 Timeout:10s}";
  CHECK(redaction_removes(go_dump, "R0098BC869D7518E1FB97A5B4F8D9359"));
  CHECK(redaction_keeps(go_dump, "0xc0001a2d80"));
  CHECK(redaction_removes("PAGERDUTY_ROUTING_KEY=R02ABCDEF1234567890ABCDEF1234567", "R02ABCDEF1234567890ABCDEF1234567"));
  // AMQP routing keys are names.
  CHECK(redaction_keeps("celery: routing_key='R0default' exchange='tasks'", "R0default"));
  CHECK(redaction_keeps("binding routing_key=orders.created.v2", "orders.created.v2"));
}

TEST_CASE("a digest under a digest's name and a library's own redaction are no secrets") {
  const std::string helm =
      "checksum/config: 6c7d1b461e3017f02d73faaddc94c98f2e06b043c5c3419115ec1d8b5b6b825e\n"
      "checksum/secret: f121b3bd873db91766560de172c926f872a6ef80827e63c31ecd5d778e59b351\n";
  CHECK(redaction_keeps(helm, "checksum/secret: f121b3bd873db91766560de172c926f872a6ef80827e63c31ecd5d778e59b351"));
  CHECK(redaction_keeps("token_sha256=\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"",
             "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  // The same hex under a secret's own name is a secret, and so is a digest-named key's non-hex value.
  CHECK(redaction_removes("webhook_secret: f121b3bd873db91766560de172c926f872a6ef80827e63c31ecd5d778e59b351",
             "f121b3bd873db91766560de172c926f872a6ef80827e63c31ecd5d778e59b351"));
  CHECK(redaction_removes("checksum/secret: s3cr3t-Value-9", "s3cr3t-Value-9"));
  // Rust's secrecy crate prints a Secret's Debug as [REDACTED ..]; a plain value is still redacted.
  CHECK(redaction_keeps("    api_token: Secret([REDACTED alloc::string::String]),", "Secret([REDACTED alloc::string::String])"));
  CHECK(redaction_removes("    api_token: \"abcd1234XYZ\",", "abcd1234XYZ"));
}

TEST_CASE("a private key cut short is redacted through its last partial line, in cat -A and set -x output too") {
  // `cat -A` marks line ends with "^M$" (CRLF) or "$".
  const std::string cat_a =
      "$ cat -A ~/.ssh/id_ed25519 | head -c 400\n"
      "-----BEGIN OPENSSH PRIVATE KEY-----^M$\n"
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW^M$\n"
      "uQwJwOIpcb614MGczoG9OBl/fkAnOnFY4fRAQwNYi7FDpi4QYacAYpBg7SPC42/kBg8614^M$\n"
      "KF3TDFr7cr3Sq/p/YtoSDMuEgWT8AWFMD9gbql\n"
      "[log truncated: step output exceeded 4 KiB]\n"
      "$ ssh -o BatchMode=yes -l deploy bastion.ci.acme.net true\n";
  CHECK(redaction_removes(cat_a, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"));
  CHECK(redaction_removes(cat_a, "uQwJwOIpcb614MGczoG9OBl"));
  CHECK(redaction_removes(cat_a, "KF3TDFr7cr3Sq/p/YtoSDMuEgWT8AWFMD9gbql"));
  CHECK(redaction_keeps(cat_a, "[log truncated: step output exceeded 4 KiB]"));
  CHECK(redaction_keeps(cat_a, "$ ssh -o BatchMode=yes -l deploy bastion.ci.acme.net true"));
  // A cut mark after the last partial line, plain or in a JSON-escaped string.
  const std::string java =
      "loading signing key (first 200 chars): -----BEGIN RSA PRIVATE KEY-----\n"
      "MIIEowIBAAKCAQEAjTMg7/BgzsRrfATgxAw1xUofI2dz2CUoZCmiXzxlN2m8LVXv\n"
      "wqGhLqEoCO2SPuYV43nfgcjleIW4BnzkUS2BKTPfH\xE2\x80\xA6\n"
      "22:59:12.903 [main] ERROR c.a.signing.KeyLoader - cannot parse signing key\n";
  CHECK(redaction_removes(java, "wqGhLqEoCO2SPuYV43nfgcjleIW4BnzkUS2BKTPfH"));
  CHECK(redaction_keeps(java, "22:59:12.903 [main] ERROR c.a.signing.KeyLoader - cannot parse signing key"));
  const std::string pino =
      "{\"msg\":\"apns provider init failed\",\"key\":\"-----BEGIN PRIVATE KEY-----\\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgqjc1Did6yPBtxORo"
      "\\nLenuVB6jtHtC9dJpz1\xE2\x80\xA6[truncated 91 bytes]\"}";
  CHECK(redaction_removes(pino, "LenuVB6jtHtC9dJpz1"));
  CHECK(redaction_keeps(pino, "[truncated 91 bytes]"));
  // `head -c` cut the key and the next `set -x` line ran on from it.
  const std::string set_x =
      "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
      "lQdGBGdNxN9HPyDE7xjtr5SmzVQzTgaIMqRGqMz3I4UB9wJ1+LDIFjRj7n5uQLd1\n"
      "DrzA1C5EzuPvGsIExAWlSSsS7x+ echo \"$GPG_SIGNING_KEY\" | gpg --batch --import\n"
      "gpg: directory '/root/.gnupg' created\n";
  CHECK(redaction_removes(set_x, "DrzA1C5EzuPvGsIExAWlSSsS7x"));
  CHECK(redaction_keeps(set_x, "+ echo \"$GPG_SIGNING_KEY\" | gpg --batch --import"));
  CHECK(redaction_keeps(set_x, "gpg: directory '/root/.gnupg' created"));
  // After the key's lines, a log line is no armour header and a word is no partial key line.
  const std::string after =
      "-----BEGIN PRIVATE KEY-----\n"
      "MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQgqjc1Did6yPBtxORo\n"
      "12:00:01 ERROR key rejected\n"
      "Caused by: java.io.EOFException\n";
  CHECK(redaction_keeps(after, "12:00:01 ERROR key rejected"));
  CHECK(redaction_keeps(after, "Caused by: java.io.EOFException"));
}

TEST_CASE("a token wrapped at the terminal's width is redacted over its continuation lines") {
  const std::string wrapped =
      "ts=2026-11-30T22:52:11Z level=error msg=\"token rejected\" token=eyJhbGciOiJFUzI1N\n"
      "iIsInR5cCI6IkpXVCIsImtpZCI6ImNpLTIwMjYtMTEifQ.eyJpc3MiOiJodHRwczovL2lkLmFjbWUuZG\n"
      "lhdCI6MTc2NDUzODgwMCwiZXhwIjoxNzY0NTQyNDAwLCJ0ZW5hbnQiOiJhY21lLWV1In0.Wo4QYR8lzr\n"
      "zw5AjhL6a1LAf2dnIdtIbb3q40vGWfL9cq3iM6W5cc3wcOoGLJMPnvxGYgpBVQZmYiY3jgobJSPN reason=\"aud mismatch\"\n"
      "ts=2026-11-30T22:52:11Z level=error msg=\"export failed\" job=exp-20261130-0412\n";
  REQUIRE(wrapped.find('\n') == 80);
  CHECK(redaction_removes(wrapped, "iIsInR5cCI6IkpXVCIsImtpZCI6ImNpLTIwMjYtMTEifQ"));
  CHECK(redaction_removes(wrapped, "lhdCI6MTc2NDUzODgwMCwiZXhwIjoxNzY0NTQyNDAwLCJ0ZW5hbnQiOiJhY21lLWV1In0"));
  CHECK(redaction_removes(wrapped, "zw5AjhL6a1LAf2dnIdtIbb3q40vGWfL9cq3iM6W5cc3wcOoGLJMPnvxGYgpBVQZmYiY3jgobJSPN"));
  CHECK(redaction_keeps(wrapped, "reason=\"aud mismatch\""));
  CHECK(redaction_keeps(wrapped, "job=exp-20261130-0412"));
  CHECK(redacted_text(wrapped).find('\n') != std::string::npos);
  // The next line of an environment dump, a word, or a line of '=' is no continuation.
  const std::string env =
      "BROWSERSTACK_ACCESS_KEY=Zq8vLm2Rt4xWpK9sN3bY\n"
      "BROWSERSTACK_USERNAME=acmeci_Xk3mPq\n";
  CHECK(redaction_keeps(env, "BROWSERSTACK_USERNAME=acmeci_Xk3mPq"));
  // Nor is an assignment exactly as wide as the secret's line: a JVM's -D list, one per line.
  const std::string jvm_flags =
      "-Dapp.encryption.key=3vfKLGFQKZSeROc4YE5V2TqGrVVorW6sX7fin2PotH8=\n"
      "-Dkeycloak.themeHash=Qx7mN2pL9vR4tW8yZ3bC6dF1gH5jK0sA2eU7iO4nM9q=\n"
      "secret_key_ref         vault/ci\n";
  REQUIRE(jvm_flags.find('\n') == jvm_flags.find('\n', 66) - 66);  // both lines 65 wide
  CHECK(redaction_removes(jvm_flags, "3vfKLGFQKZSeROc4YE5V2TqGrVVorW6sX7fin2PotH8="));
  CHECK(redaction_keeps(jvm_flags, "-Dkeycloak.themeHash=Qx7mN2pL9vR4tW8yZ3bC6dF1gH5jK0sA2eU7iO4nM9q="));
  CHECK(redaction_keeps(jvm_flags, "secret_key_ref"));
  const std::string ruler =
      "ts=2026-11-30T22:52:11Z level=error msg=\"token rejected\" token=eyJhbGciOiJFUzI1N\n"
      "================================================================================\n"
      "Retrying in 5s\n";
  CHECK(redaction_keeps(ruler, "================================================================================"));
  CHECK(redaction_keeps(ruler, "Retrying in 5s"));
}

TEST_CASE("printenv's output lines of secret-named variables are redacted") {
  const std::string exec =
      "$ kubectl -n payments exec deploy/payments-worker -- printenv RABBITMQ_USERNAME RABBITMQ_PASSWORD\n"
      "payments\n"
      "OvRCuJB990tWxPufitizDBqQ\n"
      "$ kubectl -n payments logs deploy/payments-worker --tail=3\n";
  CHECK(redaction_removes(exec, "OvRCuJB990tWxPufitizDBqQ"));
  CHECK(redaction_keeps(exec, "\npayments\n"));
  CHECK(redaction_keeps(exec, "$ kubectl -n payments logs deploy/payments-worker --tail=3"));
  CHECK(redaction_removes("+ printenv GITHUB_TOKEN\nghx_notrealAbc123\n", "ghx_notrealAbc123"));
  // Variables that name no secret, and the lines after the output, stay.
  const std::string plain = "$ printenv DB_HOST DB_PORT\ndb.internal\n5432\nok 1 - connects\n";
  CHECK(redaction_keeps(plain, "db.internal"));
  CHECK(redaction_keeps(plain, "ok 1 - connects"));
  // Fewer lines than names (an unset variable prints nothing): the order says nothing, all go.
  CHECK(redaction_removes("$ printenv APP_ENV DB_PASSWORD\nq8Zr2LmX9v\n$ echo done\n", "q8Zr2LmX9v"));
}
