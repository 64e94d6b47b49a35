// The environment rules that read an assertion's own expected/actual pair (heuristics/rules/
// environment.toml: env.rendered-time-diff, env.decimal-separator, env.line-endings,
// env.path-separator) and the corrupt-cache rule, against whole failures as runners report them:
// the headline exception is an assertion, so the pair must outrank it, and the same runner shape
// with an ordinary difference must stay a defect.
#include <doctest/doctest.h>

#include <string>

#include "heuristics/rule_engine.hpp"
#include "shared_core.hpp"

using namespace flakyd::heuristics;

namespace {

// The built-in pack, compiled once for the whole test binary.
const RuleEngine& pack() { return flakyd::testing::shared_core().rules; }

// One failure as a runner sends it: the trace plus the headline exception it saw.
struct Failure {
  const char* what;
  const char* trace;
  const char* exception_type;
  const char* message;
};

Verdict classify(const Failure& failure) {
  FailureText text;
  text.trace = failure.trace;
  text.exception_type = failure.exception_type;
  text.message = failure.message;
  return pack().classify(text);
}

struct HostCase {
  Failure failure;
  const char* rule;  // the environment rule that must win
};

const HostCase k_host_cases[] = {
    {{"JUnit comparison differing in the time-zone name",
      "Tests run: 10, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.623 sec <<< FAILURE!\n"
      "junit.framework.ComparisonFailure: expected:<...020-11-23 10:22:00 C[E]T> but was:<...020-11-23 "
      "10:22:00 C[S]T>\n"
      "\tat junit.framework.Assert.assertEquals(Assert.java:100)\n",
      "junit.framework.ComparisonFailure",
      "expected:<...020-11-23 10:22:00 C[E]T> but was:<...020-11-23 10:22:00 C[S]T>"},
     "env.rendered-time-diff"},
    {{"RSpec comparison of two rendered times",
      "  1) Utils .iso_format_time works with a Time object\n"
      "     Failure/Error: d.should == \"2012-01-01T00:00:00Z\"\n"
      "       expected: \"2012-01-01T00:00:00Z\"\n"
      "            got: \"2011-12-31T20:00:00Z\" (using ==)\n"
      "     # ./spec/utils_spec.rb:209\n",
      "RSpec::Expectations::ExpectationNotMetError", ""},
     "env.rendered-time-diff"},
    {{"Jest snapshot whose lines are a lone date and time",
      "  ● TicketList › render list of tickets\n"
      "    expect(value).toMatchSnapshot()\n"
      "    - Snapshot\n    + Received\n"
      "    -      Wed Mar 01 2017 18:00:00 GMT+0900 (JST)\n"
      "    +      Wed Mar 01 2017 09:00:00 GMT+0000 (UTC)\n",
      "", ""},
     "env.rendered-time-diff"},
    {{"xUnit values differing only by the decimal separator",
      "Calcpad.Tests.MatrixTests.ScalarDivision [FAIL]\n"
      "      Assert.Equal() Failure: Strings differ\n"
      "      Expected: \"[1 1.5 2|0 2.5 3]\"\n"
      "      Actual:   \"[1 1,5 2|0 2,5 3]\"\n",
      "Xunit.Sdk.EqualException", "Assert.Equal() Failure: Strings differ"},
     "env.decimal-separator"},
    {{"PHPUnit diff with CRLF on one side",
      "1) ReportListDisplayTest::testRendersListOfReports\n"
      "Failed asserting that two strings are equal.\n"
      "--- Expected\n+++ Actual\n@@ @@\n"
      "-'[200] https://www.example1.com\\n\n"
      "+'[200] https://www.example1.com\\r\\n\n"
      " [200] https://www.example2.com'\n",
      "PHPUnit\\Framework\\ExpectationFailedException", "Failed asserting that two strings are equal."},
     "env.line-endings"},
    {{"hamcrest mismatch of slashes against backslashes",
      "java.lang.AssertionError: expected: a value that is equal to \"/foo/bar/baz\"\n"
      "but was: \"\\\\foo\\\\bar\\\\baz\"\n"
      "\tat com.natpryce.hamkrest.assertion.AssertKt.assertThat(assert.kt:27)\n",
      "java.lang.AssertionError", ""},
     "env.path-separator"},
    {{"cache archive failing its checksum on restore",
      "/*stdin*\\ : Decoding error (36) : Restored data doesn't match checksum \n"
      "/usr/bin/tar: Child returned status 1\n"
      "/usr/bin/tar: Error is not recoverable: exiting now\n"
      "Warning: Tar failed with error: The process '/usr/bin/tar' failed with exit code 2\n",
      "", ""},
     "env.corrupt-cache"},
};

// The same runner shapes with a difference that is the code's own.
const Failure k_defects[] = {
    {"JUnit comparison of two totals",
     "junit.framework.ComparisonFailure: expected:<...total [42]> but was:<...total [43]>\n"
     "\tat junit.framework.Assert.assertEquals(Assert.java:100)\n",
     "junit.framework.ComparisonFailure", "expected:<...total [42]> but was:<...total [43]>"},
    {"RSpec records that carry the same timestamp and differ elsewhere",
     "     Failure/Error: expect(order).to eq(expected)\n"
     "       expected: {id: 7, at: 2020-01-01 00:00:00, name: \"alpha\", owner: \"team-one\", "
     "state: \"open\"}\n"
     "            got: {id: 7, at: 2020-01-01 00:00:00, name: \"alpha\", owner: \"team-one\", "
     "state: \"closed\"}\n",
     "RSpec::Expectations::ExpectationNotMetError", ""},
    {"xUnit values that differ in the number",
     "Calcpad.Tests.MatrixTests.ScalarDivision [FAIL]\n"
     "      Assert.Equal() Failure: Values differ\n"
     "      Expected: 1.5\n"
     "      Actual:   2.5\n",
     "Xunit.Sdk.EqualException", "Assert.Equal() Failure: Values differ"},
    {"PHPUnit diff of a different status",
     "1) ReportListDisplayTest::testRendersListOfReports\n"
     "Failed asserting that two strings are equal.\n"
     "--- Expected\n+++ Actual\n@@ @@\n"
     "-'[200] https://www.example1.com\\n\n"
     "+'[404] https://www.example1.com\\n\n",
     "PHPUnit\\Framework\\ExpectationFailedException", "Failed asserting that two strings are equal."},
    {"hamcrest mismatch of two slash paths",
     "java.lang.AssertionError: expected: a value that is equal to \"/foo/bar/baz\"\n"
     "but was: \"/foo/bar/qux\"\n"
     "\tat com.natpryce.hamkrest.assertion.AssertKt.assertThat(assert.kt:27)\n",
     "java.lang.AssertionError", ""},
};

}  // namespace

TEST_CASE("an assertion pair that differs only as hosts render it is environmental") {
  for (const auto& host_case : k_host_cases) {
    CAPTURE(host_case.failure.what);
    const Verdict verdict = classify(host_case.failure);
    CHECK(verdict.category == Category::environmental);
    REQUIRE(verdict.rule != nullptr);
    CHECK(verdict.rule->id == host_case.rule);
  }
}

TEST_CASE("the same assertion shapes with a difference of the code's own stay deterministic") {
  for (const auto& defect : k_defects) {
    CAPTURE(defect.what);
    CHECK(classify(defect).category == Category::deterministic);
  }
}
