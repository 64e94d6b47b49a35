// Leak and over-redaction classes read from held-out secrets set 46 (written blind: what test
// tooling renders for a human -- locals, dumps, snapshots, recorded fixtures, error pages). Values
// here are made up for the tests, not copied from the set.
#include <doctest/doctest.h>

#include "shared_core.hpp"

using flakyd::testing::redaction_keeps;
using flakyd::testing::redaction_removes;

TEST_CASE("test frameworks' own words where a value would be are kept") {
  // Jest's and Vitest's asymmetric matchers in a snapshot or diff.
  CHECK(redaction_keeps(R"(-   "token": Any<String>,)", "Any<String>"));
  CHECK(redaction_keeps(R"(    "api_key": StringMatching /^sk_/,)", "StringMatching /^sk_/"));
  // Kotest's data-class diff labels each field's assertion.
  CHECK(redaction_keeps(R"(├ apiKey: expected:<"<api-key>"> but was:<"<other>">)", R"(expected:<"<api-key>">)"));
  // The next keyword argument after a header-named element is no header value.
  CHECK(redaction_keeps("Settings(api_key_header='X-Api-Key', token_count=0, debug=False)", "token_count=0"));
  CHECK(redaction_removes("headers = ('X-Api-Key', 'Qm7vT2pL9xR4wZ8k')", "Qm7vT2pL9xR4wZ8k"));
  // A boolean closing an Azure Pipelines logging command's bracket.
  CHECK(redaction_keeps("##vso[task.setvariable variable=sas;issecret=false]sv=2022-11-02&ss=b", "issecret=false"));
}

TEST_CASE("FluentAssertions' comparison of a secret-named member: both values") {
  const char* text = R"(Expected property options.SmtpPassword to be "Rk8vQ2mLx7", but found "Tz4pW9nBq3".)";
  CHECK(redaction_removes(text, "Rk8vQ2mLx7"));
  CHECK(redaction_removes(text, "Tz4pW9nBq3"));
  CHECK(redaction_keeps(text, "options.SmtpPassword"));
  // A member that names no secret keeps its values.
  CHECK(redaction_keeps(R"(Expected property options.Region to be "eu-west-1", but found "us-east-2".)", "us-east-2"));
}

TEST_CASE("a connection dump that opens with a database URL: its generated-looking elements") {
  const char* text = "DbSettings(jdbc:mysql://mysql.ci:3306/reporting,reporting_rw,Hq7.Wz2pLx9Tk,20,PT30S) did not equal";
  CHECK(redaction_removes(text, "Hq7.Wz2pLx9Tk"));
  CHECK(redaction_keeps(text, "jdbc:mysql://mysql.ci:3306/reporting,reporting_rw,"));
  // Any other URL first is a call's argument list, not a connection's settings.
  CHECK(redaction_keeps("createClient('https://abc.example.co', 'sb_publishable_Xk2mQw9Lp4Zr7Tn3Vd')",
                        "sb_publishable_Xk2mQw9Lp4Zr7Tn3Vd"));
}
