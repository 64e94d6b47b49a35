// Leak and loss classes read from held-out secrets sets 52 (mobile, browser and API traffic as
// failing tests print it) and 53 (runtime diagnostics), written blind. Values here are made up.
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

// Session 34's set 53 (runtime diagnostics): jcmd VM.system_properties prints a .properties file,
// which escapes '=' and ':' inside values ("password\=").
TEST_CASE("a Java .properties escape before the operator still reads as an assignment") {
  const std::string sysprops =
      "kafka.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
      "username\\=\"svc\" password\\=\"Tz7!qLw2Xr9Bv4Mk\";\n";
  CHECK(redaction_removes(sysprops, "Tz7!qLw2Xr9Bv4Mk"));
  CHECK(redaction_keeps(sysprops, "username\\=\"svc\""));
  CHECK(redaction_keeps("inventory.api.baseUrl=https\\://inventory.example.net/v2", "https\\://inventory.example.net/v2"));
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
