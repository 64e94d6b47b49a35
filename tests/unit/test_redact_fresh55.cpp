// Leak and loss classes read from held-out secrets set 55 (application and test-framework logs),
// written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a secret-named row of a CLI table whose value is followed by more columns") {
  // Symfony's `debug:dotenv` prints each variable's value, then the value in each file.
  const std::string dotenv = "  APP_ENV        test                   n/a        dev\n"
                             "  APP_SECRET     5e0b9c2d7a41f38e6c9d02b1a7f4e8c3       5e0b9c2d7a41f38e6c9d02b1a7f4e8c3    ChangeMe\n";
  CHECK(redaction_removes(dotenv, "5e0b9c2d7a41f38e6c9d02b1a7f4e8c3"));
  CHECK(redaction_keeps(dotenv, "ChangeMe"));
  CHECK(redaction_keeps(dotenv, "APP_ENV        test"));
  // A word in the value column is a state, not a secret.
  CHECK(redaction_keeps("  API_TOKEN      not-configured-for-this-env    n/a\n", "not-configured-for-this-env"));
}

TEST_CASE("a property whose last segment is hmac holds a signing key") {
  const std::string env = R"({"billing.webhook.hmac":{"value":"Qm9vWlz1c2VjcmV0S2V5Rm9yVGVzdHMrMTIzNA==","origin":"x.yml - 15:11"}})";
  CHECK(redaction_removes(env, "Qm9vWlz1c2VjcmV0S2V5Rm9yVGVzdHMrMTIzNA=="));
  // A bare "hmac" field is most often the signature itself, which a test compares.
  CHECK(redaction_keeps(R"({"hmac": "9f2c4e1a7b3d5f60"})", "9f2c4e1a7b3d5f60"));
}

TEST_CASE("a Confluent Cloud API key as a PLAIN JAAS login's user name") {
  const std::string jaas = "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                           "username=\"QX7LM2PZK4R9TB3W\" password=\"tq8PZ/xk3W+e9Lm2Ra7bVc1Dn5Fy0Gh4Js6Ku8Mw\";";
  CHECK(redaction_removes(jaas, "QX7LM2PZK4R9TB3W"));
  CHECK(redaction_removes(jaas, "tq8PZ/xk3W+e9Lm2Ra7bVc1Dn5Fy0Gh4Js6Ku8Mw"));
  // A person's login name stays.
  CHECK(redaction_keeps("PlainLoginModule required username=\"alice\" password=\"x\";", "username=\"alice\""));
}

TEST_CASE("a Cookie header quoted as data: a HAR recording, a headers dict") {
  const std::string har = R"({ "name": "cookie", "value": "d=Zk3pQ9xLw2Rt7Vb4Nc8Hj1Mf6Gs5Dy0Ae%2BuIo" },)";
  CHECK(redaction_removes(har, "Zk3pQ9xLw2Rt7Vb4Nc8Hj1Mf6Gs5Dy0Ae%2BuIo"));
  const std::string dict = "{'Cookie': 'theme=dark; sessid_x=Wq4Rt8Yu2Io6Pa0Sd3Fg7Hj'}";
  CHECK(redaction_removes(dict, "Wq4Rt8Yu2Io6Pa0Sd3Fg7Hj"));
  CHECK(redaction_keeps(dict, "theme=dark"));
  CHECK(redaction_keeps(R"({ "name": "content-type", "value": "application/json; charset=utf-8" })",
                        "application/json; charset=utf-8"));
}

TEST_CASE("nodemailer's auth object: pass beside its user") {
  const std::string config = "{ host: 'smtp.example.org', port: 465, auth: { user: 'relay', pass: 'Hx_7kLq2Wm9Pz4Rt' } }";
  CHECK(redaction_removes(config, "Hx_7kLq2Wm9Pz4Rt"));
  CHECK(redaction_keeps(config, "host: 'smtp.example.org'"));
  // "pass" elsewhere is a verdict, not a key.
  CHECK(redaction_keeps("{ name: 'login', pass: 'skipped-in-ci' }", "skipped-in-ci"));
}

TEST_CASE("a generated secret printed alone on the line after the command that made it") {
  const std::string rails = "+ bin/rails runner 'puts Rails.application.secret_key_base'\n"
                            "3f9a0c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a\n";
  CHECK(redaction_removes(rails, "3f9a0c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a"));
  const std::string openssl = "$ openssl rand -base64 32\nk3Jx8mQ2vL9pR4tW7yZ0aB5cD6eF1gH3iJ4kL5mN6oP=\n";
  CHECK(redaction_removes(openssl, "k3Jx8mQ2vL9pR4tW7yZ0aB5cD6eF1gH3iJ4kL5mN6oP="));
  // A digest on the line after a checksum command stays.
  const std::string digest = "$ sha256sum app.tar.gz\n3f9a0c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a  app.tar.gz\n";
  CHECK(redaction_keeps(digest, "3f9a0c2e7b1d4f6a8c0e2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d1f3a"));
}

TEST_CASE("a package's version after its name in a path is no IP address") {
  const std::string gem = "/app/vendor/bundle/ruby/3.3.0/gems/activesupport-7.1.3.2/lib/active_support/message_encryptor.rb:242";
  CHECK(redaction_keeps(gem, "activesupport-7.1.3.2"));
  CHECK(redaction_removes("connect to 8.8.4.4 failed", "8.8.4.4"));
}
