// Leak and loss classes read from held-out secrets set 52 (mobile, browser and API traffic as
// failing tests print it), written blind. Values here are made up for the tests.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a Slack webhook's path without its host, as a proxy capture splits host and path") {
  const std::string capture = "    \"host\": \"hooks.slack.com\",\n"
                              "    \"path\": \"/services/T0ABCD1234/B0EFGH5678/q4Zr7Tn2Lw9Xc6Vb1Mk8Pj3H\",\n";
  CHECK(redaction_removes(capture, "q4Zr7Tn2Lw9Xc6Vb1Mk8Pj3H"));
  CHECK(redaction_keeps(capture, "/services/T0ABCD1234/B0EFGH5678/"));
  // Other /services/ paths are routes, not hooks.
  const std::string route = "GET /services/TeamDirectory/Billing/summary 200";
  CHECK(redacted_text(route) == route);
}

TEST_CASE("a UUID assigned to a name that says it correlates or traces is an id, not a session") {
  for (const std::string& kept : {std::string("SESSION_CORRELATION_ID=3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9"),
                                  std::string("session_trace_id=0b8c6f1e-2d3a-4e5f-8a9b-7c6d5e4f3a2b"),
                                  std::string("x-session-request-id=5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9")}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
  // A session id stays secret, UUID-shaped or not; so does a non-UUID under a trace name.
  CHECK(redaction_removes("SESSION_ID=3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9", "3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9"));
  CHECK(redaction_removes("PHPSESSID=k7f9q2m4v8x1c3b5n6z0a2s4d6", "k7f9q2m4v8x1c3b5n6z0a2s4d6"));
  CHECK(redaction_removes("session_trace_token=Zx8Qw2Er4Ty6Ui8Op0As2Df4", "Zx8Qw2Er4Ty6Ui8Op0As2Df4"));
}
