// Leak classes read from held-out secrets set 17 (written blind: secrets inside failure output and
// the object dumps runners print): each case gives the leak's shape and look-alikes that must stay.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a quoted value holding an ampersand, a semicolon, a comma or a bracket is redacted to its closing quote") {
  const std::string repr =
      "ValueError: invalid settings: Settings(secret_key='n&7%(yl0-5mgkslpio36nd0n)u)rtc&3^9i@+k@hhck3w0&4cw', "
      "debug=False, password_hash_algo='argon2id')";
  CHECK(redaction_removes(repr, "n&7%(yl0-5mgkslpio36nd0n)u)rtc&3^9i@+k@hhck3w0&4cw"));
  CHECK(redaction_removes(repr, "hhck3w0&4cw"));
  CHECK(redaction_keeps(repr, "password_hash_algo='argon2id'"));
  // The tail after the first '&' used to survive a partial redaction.
  const std::string django = "    SECRET_KEY: 'django-insecure-n&7%(yl0-5mgkslpio36nd0n)u)rtc'";
  CHECK(redaction_removes(django, "7%(yl0-5mgkslpio36nd0n)u)rtc"));
  CHECK(redaction_removes(R"({"client_secret": "Zq8;Lm2,Rt5)Wv9&Kp3"})", "Lm2,Rt5)Wv9&Kp3"));
  // Prose and query strings are no quoted value: the value still ends at the blank or the '&'.
  CHECK(redaction_keeps("password='must be 8+ chars, with a digit'", "with a digit"));
  CHECK(redaction_keeps("https://ci.lan/x?token=Qm7vX2pLw9kR4tZ1&page=2", "&page=2"));
}

TEST_CASE("GoogleTest's Which is: value under an expression that names a secret") {
  const std::string gtest = "/src/tests/config_test.cc:87: Failure\n"
                            "Expected equality of these values:\n"
                            "  cfg.signing_key_hex\n"
                            "    Which is: \"79436e83d6a8189b524f22a02170ca0eff0a518574437ba3a51a65067080fbc0\"\n"
                            "  kZeroKey\n"
                            "    Which is: \"0000000000000000000000000000000000000000000000000000000000000000\"\n";
  CHECK(redaction_removes(gtest, "79436e83d6a8189b524f22a02170ca0eff0a518574437ba3a51a65067080fbc0"));
  CHECK(redaction_keeps(gtest, "0000000000000000000000000000000000000000000000000000000000000000"));
  CHECK(redaction_keeps(gtest, "cfg.signing_key_hex"));
  // Other expressions' values, and a secret-named word whose next line is no "Which is:" line.
  const std::string other = "Expected equality of these values:\n  response.status()\n    Which is: \"Gq4bT9Xz2Lw8Rv1N\"\n"
                            "  token\n  Gq4bT9Xz2Lw8Rv1N\n";
  CHECK(redaction_keeps(other, "Which is: \"Gq4bT9Xz2Lw8Rv1N\""));
  CHECK(redaction_keeps(other, "  Gq4bT9Xz2Lw8Rv1N"));
  CHECK(redaction_keeps("  api_token()\n    Which is: \"\"\n", "Which is: \"\""));
}

TEST_CASE("a key's bytes printed as a list: Rust Debug, Go %v and %#v") {
  const std::string rust =
      "signer = Signer { key_id: 7, algorithm: HmacSha256, key: [188, 71, 100, 72, 184, 214, 120, 202, 76, 196, 65, 46, "
      "112, 179, 219, 216, 146, 250, 153, 139, 14, 12, 209, 249, 169, 65, 95, 13, 141, 79, 48, 30], leeway_secs: 30 }";
  CHECK(redaction_removes(rust, "188, 71, 100, 72, 184, 214, 120, 202"));
  CHECK(redaction_keeps(rust, "key_id: 7"));
  CHECK(redaction_keeps(rust, "leeway_secs: 30"));
  CHECK(redaction_removes("seed:[12 250 9 77 140 3 66 201 18 99 254 7 31 160 45 88]", "12 250 9 77 140 3 66 201"));
  CHECK(redaction_removes("SecretKey:[]byte{0xbc, 0x47, 0x64, 0x48, 0xb8, 0xd6, 0x78, 0xca, 0x4c, 0xc4, 0x41, 0x2e, "
                          "0x70, 0xb3, 0xdb, 0xd8}",
                          "0xbc, 0x47, 0x64, 0x48"));
  // An all-zero or counting test key, a short list, a list under another name stay.
  const std::string zero = "key: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]";
  CHECK(redacted_text(zero) == zero);
  const std::string counting = "key: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]";
  CHECK(redacted_text(counting) == counting);
  CHECK(redaction_keeps("token: [188, 71, 100, 72]", "[188, 71, 100, 72]"));
  const std::string ports = "ports: [8080, 8081, 9090, 9091, 3000, 3001, 5432, 6379, 27017, 9200, 5672, 15672, 2181, 9092, 8500, 8200]";
  CHECK(redacted_text(ports) == ports);
}

TEST_CASE("placeholders the dumps print stay: client-go's REDACTED marker, fixture values, a SigV4 scope") {
  const std::string rest_config = R"(&rest.Config{Host:"https://10.96.0.1:443", Username:"", Password:"", BearerToken:--- REDACTED ---, BearerTokenFile:"/var/run/secrets/kubernetes.io/serviceaccount/token"})";
  CHECK(redaction_keeps(rest_config, "BearerToken:--- REDACTED ---"));
  CHECK(redaction_keeps("-    'token' => 'test-token',", "'test-token'"));
  CHECK(redaction_keeps(R"(-   "apiKey": "test-api-key",)", R"("test-api-key")"));
  CHECK(redaction_keeps("password: fake_password", "fake_password"));
  // A fixture value with digits or capitals may be a real one.
  CHECK(redaction_removes("password: test-Kq8vR2mZ", "test-Kq8vR2mZ"));
  const std::string sigv4 = "'Authorization': b'AWS4-HMAC-SHA256 Credential=ASIAT4OEHTVLVYOICPKW/20261130/us-east-1/sqs/aws4_request, "
                            "SignedHeaders=host;x-amz-date, Signature=417e588ee363d9e313f52aa7ae769f566633ef0e17fd5d548f8dc3e5b9753d87'";
  CHECK(redaction_removes(sigv4, "ASIAT4OEHTVLVYOICPKW"));
  CHECK(redaction_keeps(sigv4, "/20261130/us-east-1/sqs/aws4_request"));
}
