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
