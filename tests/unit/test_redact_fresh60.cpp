// Leak and loss classes read from held-out secrets set 60 (runtimes' object dumps and
// test-runner reports), written blind. Values here are made up.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a URL with a password where a secret-named value would be loses only its password") {
  const std::string error = "TypeError: Request cannot be constructed from a URL that includes credentials: "
                            "https://qa-admin:Vb7Nq2Lx9Rt4@staging.example.dev/api/session";
  CHECK(redaction_removes(error, "Vb7Nq2Lx9Rt4"));
  CHECK(redaction_keeps(error, "https://qa-admin:"));
  CHECK(redaction_keeps(error, "@staging.example.dev/api/session"));
  // A URL that is itself the secret (a webhook) under a secret name is still removed whole.
  const std::string webhook = "SLACK_WEBHOOK_TOKEN=https://hooks.slack.com/services/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";
  CHECK(redaction_removes(webhook, "q8Wm2Xn5Rt9Lp3Vb7Yc1Hd4F"));
}

TEST_CASE("a log tag named like a secret opens prose, not a value") {
  const std::string ldap = "org.springframework.ldap.AuthenticationException: [LDAP: error code 49 - INVALID_CREDENTIALS: Bind failed]";
  CHECK(redaction_keeps(ldap, "INVALID_CREDENTIALS: Bind failed"));
  CHECK(redaction_keeps("2026-12-05 19:20:45 AUTH: Received control message: AUTH_FAILED", "AUTH: Received control message"));
  // A generated value, or a word standing alone, is still a value.
  CHECK(redaction_removes("credentials: Zq8Wm2Xn5Rt9 were rejected", "Zq8Wm2Xn5Rt9"));
  CHECK(redaction_removes("password: Sunshine\n", "Sunshine"));
}

TEST_CASE("an OAuth device code and a Kubernetes Secret field decoded to the terminal") {
  const std::string device = R"({"user_code": "WDJB-MJHT", "device_code": "Xq7Lm2Pz9Rt4Vb8Nc1Hd6Fg3Jk5Ws0Ae2Yu7Io", "interval": 5})";
  CHECK(redaction_removes(device, "Xq7Lm2Pz9Rt4Vb8Nc1Hd6Fg3Jk5Ws0Ae2Yu7Io"));
  CHECK(redaction_keeps(device, "WDJB-MJHT"));
  const std::string decoded = "+ kubectl -n certs get secret eab -o jsonpath='{.data.secret}' | base64 -d\n"
                              "Vq3nZ8rLt2Wm5xKd9PzQ7hY4cB1fG6jN0sA\n"
                              "Error: issuer not ready\n";
  CHECK(redaction_removes(decoded, "Vq3nZ8rLt2Wm5xKd9PzQ7hY4cB1fG6jN0sA"));
  CHECK(redaction_keeps(decoded, "Error: issuer not ready"));
}
