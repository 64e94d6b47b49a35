// The environment rules that read an assertion's own expected/actual pair (heuristics/rules/
// environment.toml: env.rendered-time-diff, env.decimal-separator, env.line-endings) against
// whole failures as runners report them: the headline exception is an assertion, so the pair
// must outrank it, and the same runner shape with an ordinary difference must stay a defect.
#include <doctest/doctest.h>

#include <string>

#include "heuristics/rule_engine.hpp"
#include "heuristics/rule_pack.hpp"

using namespace flakyd::heuristics;

namespace {

const RuleEngine& pack() {
  static const RuleEngine engine = [] {
    auto compiled = RuleEngine::compile(builtin_rules());
    REQUIRE(compiled.has_value());
    return std::move(*compiled);
  }();
  return engine;
}

struct Outcome {
  Category category;
  std::string rule;
};

Outcome classify(std::string_view trace, std::string_view exception_type = {},
                 std::string_view message = {}) {
  FailureText failure;
  failure.trace = trace;
  failure.exception_type = exception_type;
  failure.message = message;
  const Verdict verdict = pack().classify(failure);
  return {verdict.category, verdict.rule ? verdict.rule->id : std::string()};
}

}  // namespace

TEST_CASE("a JUnit comparison that differs in the time-zone name is the host's time zone") {
  const auto zone = classify(
      "Tests run: 10, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.623 sec <<< FAILURE!\n"
      "junit.framework.ComparisonFailure: expected:<...020-11-23 10:22:00 C[E]T> but was:<...020-11-23 "
      "10:22:00 C[S]T>\n"
      "\tat junit.framework.Assert.assertEquals(Assert.java:100)\n",
      "junit.framework.ComparisonFailure",
      "expected:<...020-11-23 10:22:00 C[E]T> but was:<...020-11-23 10:22:00 C[S]T>");
  CHECK(zone.category == Category::environmental);
  CHECK(zone.rule == "env.rendered-time-diff");

  const auto plain = classify(
      "junit.framework.ComparisonFailure: expected:<...total [42]> but was:<...total [43]>\n"
      "\tat junit.framework.Assert.assertEquals(Assert.java:100)\n",
      "junit.framework.ComparisonFailure", "expected:<...total [42]> but was:<...total [43]>");
  CHECK(plain.category == Category::deterministic);
}

TEST_CASE("an RSpec or Jest comparison of two rendered times is environmental, a record is not") {
  CHECK(classify("  1) Utils .iso_format_time works with a Time object\n"
                 "     Failure/Error: d.should == \"2012-01-01T00:00:00Z\"\n"
                 "       expected: \"2012-01-01T00:00:00Z\"\n"
                 "            got: \"2011-12-31T20:00:00Z\" (using ==)\n"
                 "     # ./spec/utils_spec.rb:209\n",
                 "RSpec::Expectations::ExpectationNotMetError")
            .category == Category::environmental);
  CHECK(classify("  ● TicketList › render list of tickets\n"
                 "    expect(value).toMatchSnapshot()\n"
                 "    - Snapshot\n    + Received\n"
                 "    -      Wed Mar 01 2017 18:00:00 GMT+0900 (JST)\n"
                 "    +      Wed Mar 01 2017 09:00:00 GMT+0000 (UTC)\n")
            .category == Category::environmental);
  // Two records that both carry a timestamp differ elsewhere: an ordinary defect.
  CHECK(classify("     Failure/Error: expect(order).to eq(expected)\n"
                 "       expected: {id: 7, at: 2020-01-01 00:00:00, name: \"alpha\", owner: \"team-one\", "
                 "state: \"open\"}\n"
                 "            got: {id: 7, at: 2020-01-01 00:00:00, name: \"alpha\", owner: \"team-one\", "
                 "state: \"closed\"}\n",
                 "RSpec::Expectations::ExpectationNotMetError")
            .category == Category::deterministic);
}

TEST_CASE("xUnit values that differ only by the decimal separator are the host's culture") {
  const auto culture = classify(
      "Calcpad.Tests.MatrixTests.ScalarDivision [FAIL]\n"
      "      Assert.Equal() Failure: Strings differ\n"
      "      Expected: \"[1 1.5 2|0 2.5 3]\"\n"
      "      Actual:   \"[1 1,5 2|0 2,5 3]\"\n",
      "Xunit.Sdk.EqualException", "Assert.Equal() Failure: Strings differ");
  CHECK(culture.category == Category::environmental);
  CHECK(culture.rule == "env.decimal-separator");

  CHECK(classify("Calcpad.Tests.MatrixTests.ScalarDivision [FAIL]\n"
                 "      Assert.Equal() Failure: Values differ\n"
                 "      Expected: 1.5\n"
                 "      Actual:   2.5\n",
                 "Xunit.Sdk.EqualException", "Assert.Equal() Failure: Values differ")
            .category == Category::deterministic);
}

TEST_CASE("a PHPUnit diff with CRLF on one side is the host's line endings") {
  const auto crlf = classify(
      "1) ReportListDisplayTest::testRendersListOfReports\n"
      "Failed asserting that two strings are equal.\n"
      "--- Expected\n+++ Actual\n@@ @@\n"
      "-'[200] https://www.example1.com\\n\n"
      "+'[200] https://www.example1.com\\r\\n\n"
      " [200] https://www.example2.com'\n",
      "PHPUnit\\Framework\\ExpectationFailedException", "Failed asserting that two strings are equal.");
  CHECK(crlf.category == Category::environmental);
  CHECK(crlf.rule == "env.line-endings");

  CHECK(classify("1) ReportListDisplayTest::testRendersListOfReports\n"
                 "Failed asserting that two strings are equal.\n"
                 "--- Expected\n+++ Actual\n@@ @@\n"
                 "-'[200] https://www.example1.com\\n\n"
                 "+'[404] https://www.example1.com\\n\n",
                 "PHPUnit\\Framework\\ExpectationFailedException",
                 "Failed asserting that two strings are equal.")
            .category == Category::deterministic);
}

TEST_CASE("a cache archive failing its checksum on restore is a corrupt cache entry, not a build error") {
  const auto cache = classify(
      "/*stdin*\\ : Decoding error (36) : Restored data doesn't match checksum \n"
      "/usr/bin/tar: Child returned status 1\n"
      "/usr/bin/tar: Error is not recoverable: exiting now\n"
      "Warning: Tar failed with error: The process '/usr/bin/tar' failed with exit code 2\n");
  CHECK(cache.category == Category::environmental);
  CHECK(cache.rule == "env.corrupt-cache");
}

TEST_CASE("a hamcrest mismatch of slashes against backslashes is the host's path separator") {
  const auto windows = classify(
      "java.lang.AssertionError: expected: a value that is equal to \"/foo/bar/baz\"\n"
      "but was: \"\\\\foo\\\\bar\\\\baz\"\n"
      "\tat com.natpryce.hamkrest.assertion.AssertKt.assertThat(assert.kt:27)\n",
      "java.lang.AssertionError");
  CHECK(windows.category == Category::environmental);
  CHECK(windows.rule == "env.path-separator");

  CHECK(classify("java.lang.AssertionError: expected: a value that is equal to \"/foo/bar/baz\"\n"
                 "but was: \"/foo/bar/qux\"\n"
                 "\tat com.natpryce.hamkrest.assertion.AssertKt.assertThat(assert.kt:27)\n",
                 "java.lang.AssertionError")
            .category == Category::deterministic);
}
