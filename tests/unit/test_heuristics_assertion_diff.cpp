// heuristics/assertion_diff: expected/actual pairs read from each runner's documented diff
// format, the host-dependent normalisations one by one, and the defects that must stay defects.
#include <doctest/doctest.h>

#include <string>

#include "heuristics/assertion_diff.hpp"
#include "heuristics/rule.hpp"
#include "heuristics/rule_engine.hpp"

using namespace flakyd::heuristics;

namespace {

ValuePair only_pair(std::string_view text) {
  const auto pairs = extract_value_pairs(text);
  REQUIRE(pairs.size() == 1);
  return pairs.front();
}

void check_pair(std::string_view text, std::string_view expected, std::string_view actual,
                Relation relation = Relation::equals) {
  CAPTURE(text);
  const auto pair = only_pair(text);
  CHECK(pair.expected == expected);
  CHECK(pair.actual == actual);
  CHECK(pair.relation == relation);
}

}  // namespace

TEST_CASE("each runner's documented diff format yields its expected and actual values") {
  check_pair("org.junit.ComparisonFailure: expected:<0.5> but was:<0,5>", "0.5", "0,5");
  check_pair("org.opentest4j.AssertionFailedError: expected: <0.5> but was: <0,5>", "0.5", "0,5");
  check_pair("    [junit] Expected: \"0.530135\"\n    [junit]      but: was \"0,530135\"", "\"0.530135\"",
             "\"0,530135\"");
  check_pair("Assert.Equal() Failure\n           \xE2\x86\x93 (pos 1)\nExpected: \"0.5\"\nActual:   \"0,5\"\n", "\"0.5\"",
             "\"0,5\"");
  check_pair("  Expected: \"44\xE2\x80\x99" "100Hz \"  (U+2019)\n  But was:  \"44'100Hz \"  (U+0027)\n",
             "\"44\xE2\x80\x99" "100Hz \"", "\"44'100Hz \"");
  check_pair("   Assert.AreEqual failed. Expected:<a\\r\\nb>. Actual:<a\\nb>. ", "a\\r\\nb", "a\\nb");
  check_pair("   Expected result to be \"0.5\", but \"0,5\" differs near \",5\" (index 1).", "\"0.5\"", "\"0,5\"");
  check_pair("Expected string \"/home/x/runtimes/de/a.resources.dll\" to contain \"runtimes\\de\\a.resources.dll\".",
             "runtimes\\de\\a.resources.dll", "\"/home/x/runtimes/de/a.resources.dll\"", Relation::contains);
  check_pair("E       AssertionError: assert '0,5' == '0.5'", "'0.5'", "'0,5'");
  check_pair("AssertionError: Tuples differ: ('EST', 'EST') != ('EST', 'EDT')", "('EST', 'EDT')", "('EST', 'EST')");
  check_pair("    Expected: \"a\"\n    Received: \"b\"", "\"a\"", "\"b\"");
  check_pair("      AssertionError: expected 'Wednesday' to equal 'Thursday'", "'Thursday'", "'Wednesday'");
  check_pair("       expected: \"a\"\n            got: \"b\"\n", "\"a\"", "\"b\"");
  check_pair("Failed asserting that '0,5' matches expected '0.5'.", "'0.5'", "'0,5'");
  check_pair("        \t            \texpected: \"a\"\n        \t            \tactual  : \"b\"", "\"a\"", "\"b\"");
  check_pair("assertion `left == right` failed\n  left: \"b\"\n right: \"a\"", "\"a\"", "\"b\"");
  check_pair("Expected equality of these values:\n  f()\n    Which is: \"b\"\n  x\n    Which is: \"a\"", "\"a\"", "\"b\"");
  check_pair("with expansion:\n  \"b\" == \"a\"\n", "\"a\"", "\"b\"");
  check_pair("with expansion:\n  \"1,0L V-twin engine\"\n  ==\n  \"1.0L V-twin engine\"\n", "\"1.0L V-twin engine\"",
             "\"1,0L V-twin engine\"");
  check_pair("XCTAssertEqual failed: (\"b\") is not equal to (\"a\")", "\"a\"", "\"b\"");
  check_pair("check f() == x has failed [b != a]", "a", "b");
  check_pair("java.lang.AssertionError: expected [a] but found [b]", "a", "b");
  check_pair("java.lang.AssertionError: Expected <a>, actual <b>.", "a", "b");
  check_pair("  values: CHECK( \"b\" == \"a\" )", "\"a\"", "\"b\"");
  check_pair("#          got: 'b'\n#     expected: 'a'", "'a'", "'b'");
  check_pair("Expected 'abc' to include 'b'.", "b", "'abc'", Relation::contains);
  check_pair("    Expected '3.14', but got '3,14'.", "'3.14'", "'3,14'");
  check_pair("    format_test.go:21: Format() = \"b\", want \"a\"", "\"a\"", "\"b\"");
  check_pair("    should be\n\"a\"\n    but was\n\"b\"", "\"a\"", "\"b\"");
  check_pair("expected: (= \"a\" (render))\n  actual: (not (= \"a\" \"b\"))", "\"a\"", "\"b\"");
  check_pair("Passed in:\n(string) 'b'\nExpected:\n(string) 'a'", "'a'", "'b'");
  check_pair("expected '<span>' to contain text 'a', but the text was 'b'", "'a'", "'b'");
  check_pair("Expectation failed: (f() \xE2\x86\x92 \"b\") == \"a\"", "\"a\"", "\"b\"");
  check_pair("====== expected this output: =========\na\n======== instead found this: =========\nb\n"
             "======================================",
             "a", "b");
}

TEST_CASE("diff blocks: the header says which sign marks the expected side") {
  check_pair("- Expected  - 1\n+ Received  + 1\n\n- \"0.5\"\n+ \"0,5\"\n", "\"0.5\"", "\"0,5\"");
  check_pair("--- Expected\n+++ Actual\n@@ @@\n-'0.5'\n+'0,5'\n", "'0.5'", "'0,5'");
  check_pair("Expected values to be strictly equal:\n+ actual - expected\n\n+ 'Wednesday'\n- 'Thursday'\n",
             "'Thursday'", "'Wednesday'");
  // A golden-file harness diffs two files named for their sides (curl's runtests, pg_regress).
  check_pair("--- log/check-expected\t2018-03-29 14:40:25.206158459 +0200\n"
             "+++ log/check-generated\t2018-03-29 14:40:25.206158459 +0200\n@@ -1 +1 @@\n"
             "-[CR]#### 100.0%[LF]\n+[CR]#### 100,0%[LF]\n",
             "[CR]#### 100.0%[LF]", "[CR]#### 100,0%[LF]");
  check_pair("--- /src/test/regress/expected/money.out\t2024-01-02\n+++ /src/test/regress/results/money.out\t2024-01-02\n"
             "@@ -1 +1 @@\n- $1,000.00\n+ $1.000,00\n",
             "$1,000.00", "$1.000,00");
  // Two versions of one file are not a pair of sides.
  CHECK(extract_value_pairs("--- a/expected.txt\n+++ b/expected.txt\n@@ -1 +1 @@\n-1.5\n+1,5\n").empty());
  // Mocha's "+ expected - actual" flips the signs; Chai's one-line message above it is a pair too.
  const auto pairs = extract_value_pairs("      + expected - actual\n\n      -0,5\n      +0.5\n");
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].expected == "0.5");
  CHECK(pairs[0].actual == "0,5");
}

TEST_CASE("the source line a runner quotes is not a pair") {
  CHECK(extract_value_pairs(">       assert fmt(x) == '0.5'\n").empty());
  CHECK(extract_value_pairs("    > 12 |   expect(a !== b)\n").empty());
  CHECK(extract_value_pairs("no assertion here").empty());
}

TEST_CASE("each normalisation names what differed") {
  CHECK(host_difference("\"a\\r\\nb\\r\\n\"", "\"a\\nb\\n\"") == HostDifference::line_endings);
  CHECK(host_difference("a\r\nb", "a\nb") == HostDifference::line_endings);
  CHECK(host_difference("0.530135", "0,530135") == HostDifference::number_separators);
  CHECK(host_difference("method(x: 42, y: 21.12)", "method(x: 42, y: 21,12)") == HostDifference::number_separators);
  CHECK(host_difference("44\xE2\x80\x99" "100Hz", "44'100Hz") == HostDifference::number_separators);
  CHECK(host_difference("1,000,000", "1\xC2\xA0" "000\xC2\xA0" "000") == HostDifference::number_separators);
  CHECK(host_difference("runtimes\\de\\a.dll", "runtimes/de/a.dll") == HostDifference::path_separators);
  CHECK(host_difference("runtimes\\de\\a.dll", "/home/x/runtimes/de/a.dll", Relation::contains) ==
        HostDifference::path_separators);
  CHECK(host_difference("6/17/2017 22:00", "6/18/2017 03:00") == HostDifference::time_zone);
  CHECK(host_difference("'Thursday 10:00'", "'Wednesday 23:00'") == HostDifference::time_zone);
  CHECK(host_difference("('EST', 'EDT')", "('EST', 'EST')") == HostDifference::time_zone);
  CHECK(host_difference("report-1577836800.csv", "report-1577854800.csv") == HostDifference::time_zone);
  CHECK(host_difference("1995-12-16T16:24:00Z", "1995-12-17T03:24:00Z") == HostDifference::time_zone);
  CHECK(host_difference("'00:00:00.000-06:00'", "'00:00:00.000-07:00'") == HostDifference::time_zone);
  CHECK(host_difference("12:00 PM", "5:00 PM") == HostDifference::time_zone);
  CHECK(host_difference("...  value: [Mar 2,] 1976", "...  value: [2 mar] 1976") == HostDifference::date_format);
  CHECK(host_difference("May 5, 2020", "5. Mai 2020") == HostDifference::date_format);
  // Weekday and month named in another language (exparity/hamcrest-date under a French locale).
  CHECK(host_difference("\"Tue, 04 Aug 2015\"", "\"mar., 04 ao\xC3\xBBt 2015\"") == HostDifference::date_format);
  CHECK(host_difference("Mittwoch, 5. Mai", "mercredi, 5. mai") == HostDifference::date_format);
  // One language's two spellings, or two different days, are no locale's doing.
  CHECK(host_difference("\"Tue, 04 Aug 2015\"", "\"Tuesday, 04 Aug 2015\"") == HostDifference::none);
  CHECK(host_difference("\"Tue, 04 Aug 2015\"", "\"mer., 04 ao\xC3\xBBt 2015\"") == HostDifference::none);
  // The same instant on a 12-hour and a 24-hour clock (xUnit under a culture set to 24-hour time).
  CHECK(host_difference("8/15/2000 4:59:59 PM", "8/15/2000 16:59:59") == HostDifference::date_format);
  CHECK(host_difference("9:05 AM", "09:05") == HostDifference::date_format);
  // A value the runner cut ("···") is compared up to the cut.
  CHECK(host_difference("Prop1: hello\\r\\nProp2: 1\\r\\nHello: \"worl\xC2\xB7\xC2\xB7\xC2\xB7",
                        "Prop1: hello\\nProp2: 1\\nHello: \"world\"\\n\xC2\xB7\xC2\xB7\xC2\xB7") ==
        HostDifference::line_endings);
}

TEST_CASE("tm_gmtoff's whole hours count only under an expression that names a UTC offset") {
  const auto with_offset = only_pair("    self.assertEqual(t.tm_gmtoff, 0)\nAssertionError: 3600 != 0\n");
  CHECK(host_difference(with_offset) == HostDifference::time_zone);
  const auto ttl = only_pair("    self.assertEqual(cache.ttl, 0)\nAssertionError: 3600 != 0\n");
  CHECK(host_difference(ttl) == HostDifference::none);
}

TEST_CASE("a date alone one day off counts as a zone's only when the test names a zone") {
  const auto zoned = only_pair("  \u25cf formats in the local timezone\n    Expected: \"6/17/2017\"\n    Received: \"6/18/2017\"\n");
  CHECK(host_difference(zoned) == HostDifference::time_zone);
  const auto plain = only_pair("1) Parser parses dates\n  Message:\n    Expected '2024-01-02' to equal '2024-01-01'.\n");
  CHECK(host_difference(plain) == HostDifference::none);
  CHECK(host_difference("'Wednesday 2024-01-02'", "'Thursday 2024-01-03'") == HostDifference::none);
  CHECK(host_difference("'Thursday'", "'Wednesday'") == HostDifference::none);
  const auto weekday = only_pair("  1) formats the weekday in UTC\n      AssertionError: expected 'Wednesday' to equal 'Thursday'\n");
  CHECK(host_difference(weekday) == HostDifference::time_zone);
  CHECK(host_difference("6/17/2017", "6/18/2017") == HostDifference::none);
}

TEST_CASE("real defects whose diffs look close stay defects") {
  CHECK(host_difference("0.5", "0.6") == HostDifference::none);
  CHECK(host_difference("42", "41") == HostDifference::none);
  CHECK(host_difference("a\\nb\\nc\\n", "a\\nc\\n") == HostDifference::none);
  CHECK(host_difference("a\\r\\nb", "a\\nB") == HostDifference::none);
  CHECK(host_difference("10:15", "10:45") == HostDifference::none);
  CHECK(host_difference("8/15/2000 4:59:59 PM", "8/15/2000 17:59:59") == HostDifference::time_zone);  // 1 h
  CHECK(host_difference("8/15/2000 4:59:59 PM", "8/15/2000 16:58:59") == HostDifference::none);
  CHECK(host_difference("2017-06-17", "2017-07-17") == HostDifference::none);
  CHECK(host_difference("6/17/2017", "7/17/2017") == HostDifference::none);
  CHECK(host_difference("src/main/a.txt", "src\\main\\b.txt") == HostDifference::none);
  CHECK(host_difference("1,234.50", "1,234.05") == HostDifference::none);
  CHECK(host_difference("EST", "PST") == HostDifference::none);
  CHECK(host_difference("Wednesday", "Friday") == HostDifference::none);
  CHECK(host_difference("1577836800", "1577836801") == HostDifference::none);
  CHECK(host_difference("2020-01-01 10:00:00", "2020-01-02 10:00:00") == HostDifference::none);  // 24 h
  CHECK(host_difference("Mar 2, 1976", "Mar 3, 1976") == HostDifference::none);
  CHECK(host_difference("Mar 2, 1976", "March 2, 1976") == HostDifference::none);
  CHECK(host_difference("[May, June]", "[June, May]") == HostDifference::none);
  CHECK(host_difference("0.5", "0.5") == HostDifference::none);
  CHECK(host_difference("2020-01-01 10:00:00", "2020-01-01 00:00:00") == HostDifference::time_zone);
  CHECK(host_difference("2020-01-01 10:00:00", "2020-01-02 03:00:00") == HostDifference::none);  // 17 h
  CHECK(host_difference("10:00", "11:30") == HostDifference::none);  // 90 minutes: no zone is that far
  CHECK(host_difference("length 1:30", "length 2:30") == HostDifference::none);  // a duration, m:ss
  CHECK(host_difference("'1395-04-03 11:13:01'", "'1395-04-03 06:43:01'") == HostDifference::time_zone);  // Iran
  CHECK(host_difference("DateTime:<2016-01-18 00:00:00.000>", "DateTime:<2016-01-17 00:00:00.000>") ==
        HostDifference::time_zone);  // a date at local midnight
  CHECK(host_difference("DateTime:<2016-01-18 10:00:00.000>", "DateTime:<2016-01-17 10:00:00.000>") ==
        HostDifference::none);
  // One real difference among several pairs keeps the failure a defect.
  CHECK_FALSE(find_host_difference("expected:<0.5> but was:<0,5>\nexpected:<1> but was:<2>\n").has_value());
  CHECK(find_host_difference("expected:<0.5> but was:<0,5>\n").has_value());
}

TEST_CASE("the hook turns a deterministic verdict environmental under a rule whose reason says what differed") {
  const auto engine = RuleEngine::compile(builtin_rules());
  REQUIRE(engine.has_value());
  const std::string trace =
      "FAIL: test_render (tests.test_report.ReportTest.test_render)\nTraceback (most recent call last):\n"
      "  File \"/src/tests/test_report.py\", line 9, in test_render\n    self.assertEqual(render(), expected)\n"
      "AssertionError: 'Total: 3,14 EUR' != 'Total: 3.14 EUR'\n";
  FailureText text{trace};
  text.want_spans = true;
  const auto verdict = engine->classify(text);
  REQUIRE(verdict.rule != nullptr);
  CHECK(verdict.category == Category::environmental);
  CHECK(verdict.rule->id == "env.host-diff.number-separators");
  CHECK(verdict.rule->reason.find("decimal or digit-grouping separators") != std::string::npos);
  CHECK(verdict.evidence.find("3,14") != std::string::npos);
  REQUIRE_FALSE(verdict.hits.empty());
  CHECK(verdict.hits.front().rule == verdict.rule);

  const std::string defect = "AssertionError: 'a\\nb\\nc\\n' != 'a\\nc\\n'\n";
  const auto kept = engine->classify(FailureText{defect});
  CHECK(kept.category == Category::deterministic);

  // A pattern rule that read "a rendered time differs" from the pair's shape keeps its verdict
  // however far apart the times are: a 16-hour shift across midnight moves the date too, and in
  // the corpus such pairs were the host's zone or a clock read twice, not a wrong value.
  const std::string across_midnight =
      "expect(received).toBe(expected)\n\n    Expected: \"2020-01-28T13:00:20.000Z\"\n    Received: \"2020-01-29T05:00:20.000Z\"\n";
  CHECK(engine->classify(FailureText{across_midnight}).category == Category::environmental);
  const std::string shifted = "Expected: \"2020-01-01 10:00:00\"\nReceived: \"2020-01-01 15:00:00\"\n";
  CHECK(engine->classify(FailureText{shifted}).category == Category::environmental);
}

// ---- FluentAssertions 7.1+'s excerpts, xUnit 2.5+'s headings, pytest's ndiff lines. ------------

namespace {

// The excerpt lines FluentAssertions 7.1+ prints under "but they differ ...:": actual first.
std::string fluent_excerpt(std::string_view heading, std::string_view actual, std::string_view expected) {
  return "Expected normalizedActual to be equivalent to the same string, but they differ " + std::string(heading) +
         ":\n              \xE2\x86\x93 (actual)\n  " + std::string(actual) + "\n  " + std::string(expected) +
         "\n              \xE2\x86\x91 (expected)\n   at FluentAssertions.Execution.LateBoundTestFramework.Throw(String message)\n";
}

}  // namespace

TEST_CASE("FluentAssertions 7.1+ string excerpts: the line under the down arrow is the actual value") {
  const auto host = fluent_excerpt("on line 3 and column 41 (index 95)", "\"\xE2\x80\xA6[Orange]'1,4'[Reset]\xE2\x80\xA6\"",
                                   "\"\xE2\x80\xA6[Orange]'1.4'[Reset]\xE2\x80\xA6\"");
  check_pair(host, "\"\xE2\x80\xA6[Orange]'1.4'[Reset]\xE2\x80\xA6\"", "\"\xE2\x80\xA6[Orange]'1,4'[Reset]\xE2\x80\xA6\"");
  CHECK(host_difference(only_pair(host)) == HostDifference::number_separators);
  check_pair(fluent_excerpt("at index 5", "\"a\\r\\nb\"", "\"a\\nb\""), "\"a\\nb\"", "\"a\\r\\nb\"");
  CHECK(host_difference(only_pair(fluent_excerpt("at index 5", "\"a\\r\\nb\"", "\"a\\nb\""))) == HostDifference::line_endings);
  // A real defect in the same format stays one.
  const auto defect = fluent_excerpt("on line 3 and column 41 (index 95)", "\"\xE2\x80\xA6[Orange]'1.5'[Reset]\xE2\x80\xA6\"",
                                     "\"\xE2\x80\xA6[Orange]'1.4'[Reset]\xE2\x80\xA6\"");
  CHECK(host_difference(only_pair(defect)) == HostDifference::none);
  CHECK_FALSE(find_host_difference(defect).has_value());
  // FluentAssertions 6's BeEquivalentTo wording for short strings.
  check_pair("Expected s to be equivalent to \"1.4\", but \"1,4\" differs near \",4\" (index 1).", "\"1.4\"", "\"1,4\"");
}

TEST_CASE("xUnit 2.5+'s 'Strings differ' and 'Values differ' headings keep their Expected/Actual lines") {
  const std::string strings =
      "Assert.Equal() Failure: Strings differ\n                 \xE2\x86\x93 (pos 9)\nExpected: \"Elapsed: 1.5s\"\n"
      "Actual:   \"Elapsed: 1,5s\"\n                 \xE2\x86\x91 (pos 9)\n";
  check_pair(strings, "\"Elapsed: 1.5s\"", "\"Elapsed: 1,5s\"");
  CHECK(find_host_difference(strings)->kind == HostDifference::number_separators);
  const std::string values = "Assert.Equal() Failure: Values differ\nExpected: 1.4\nActual:   1,4\n";
  CHECK(find_host_difference(values)->kind == HostDifference::number_separators);
  CHECK_FALSE(find_host_difference("Assert.Equal() Failure: Values differ\nExpected: 1.4\nActual:   1.5\n").has_value());
  CHECK_FALSE(find_host_difference("Assert.Equal() Failure: Strings differ\n                 \xE2\x86\x93 (pos 9)\n"
                                   "Expected: \"Elapsed: 1.5s\"\nActual:   \"Elapsed: 2.5s\"\n").has_value());
}

TEST_CASE("pytest's ndiff lines: '-' is the expected side, '+' the actual one, '?' hints are skipped") {
  const std::string host =
      ">       assert render(1.4) == \"Total: 1.4 kg\\nNext: 2\"\n"
      "E       AssertionError: assert 'Total: 1,4 kg\\nNext: 2' == 'Total: 1.4 kg\\nNext: 2'\n"
      "E         \n"
      "E         - Total: 1.4 kg\n"
      "E         ?         ^\n"
      "E         + Total: 1,4 kg\n"
      "E         ?         ^\n"
      "E           Next: 2\n"
      "\n"
      "tests/test_render.py:12: AssertionError\n";
  const auto pairs = extract_value_pairs(host);
  REQUIRE(pairs.size() == 2);
  CHECK(pairs[1].expected == "Total: 1.4 kg\nNext: 2\n");
  CHECK(pairs[1].actual == "Total: 1,4 kg\nNext: 2\n");
  CHECK(host_difference(pairs[1]) == HostDifference::number_separators);
  CHECK(find_host_difference(host)->kind == HostDifference::number_separators);

  // The full diff of a list, with pytest's "At index n diff: a != b" line above it.
  const std::string list =
      "E       AssertionError: assert ['at 10:00 UTC', 'Total: 3,50'] == ['at 10:00 UTC', 'Total: 3.50']\n"
      "E         \n"
      "E         At index 1 diff: 'Total: 3,50' != 'Total: 3.50'\n"
      "E         \n"
      "E         Full diff:\n"
      "E           [\n"
      "E               'at 10:00 UTC',\n"
      "E         -     'Total: 3.50',\n"
      "E         ?            ^\n"
      "E         +     'Total: 3,50',\n"
      "E         ?            ^\n"
      "E           ]\n";
  const auto list_pairs = extract_value_pairs(list);
  REQUIRE(list_pairs.size() == 3);
  CHECK(list_pairs[1].expected == "'Total: 3.50'");
  CHECK(list_pairs[1].actual == "'Total: 3,50'");
  CHECK(list_pairs[2].expected == "    'Total: 3.50',\n]\n");
  CHECK(find_host_difference(list)->kind == HostDifference::number_separators);

  // pytest cut both values in the middle of its first line ("..."): the ndiff lines show a real
  // difference the cut hides, so the failure stays a defect.
  const std::string hidden =
      "E       AssertionError: assert 'Report\\nGene...\\nTotal: 3,50\\n' == 'Report\\nGene...\\nTotal: 3.50\\n'\n"
      "E         \n"
      "E         Skipping 7 identical leading characters in diff, use -v to show\n"
      "E         - Generated: 2024-01-05\n"
      "E         ?                     ^\n"
      "E         + Generated: 2024-01-07\n"
      "E         ?                     ^\n"
      "E         - Total: 3.50\n"
      "E         ?         ^\n"
      "E         + Total: 3,50\n"
      "E         ?         ^\n";
  REQUIRE(extract_value_pairs(hidden).size() == 2);
  CHECK_FALSE(find_host_difference(hidden).has_value());
  // pytest's "+  where" lines explain an operand: no pair of their own.
  const std::string where = "E       AssertionError: assert '1,5' == '1.5'\nE        +  where '1,5' = fmt(1.5)\n";
  CHECK(extract_value_pairs(where).size() == 1);
  CHECK(find_host_difference(where)->kind == HostDifference::number_separators);
  // A real defect in the ndiff lines alone.
  CHECK_FALSE(find_host_difference("E         - Total: 1.4 kg\nE         ?          ^\nE         + Total: 1.5 kg\n"
                                   "E         ?          ^\n")
                  .has_value());
}

TEST_CASE("a zone's name that changes with the clock counts when both name the same instant") {
  CHECK(host_difference("1983-11-04 16:53 CET", "1983-11-04 10:53 EST") == HostDifference::time_zone);
  CHECK(host_difference("Meeting at 5:29 PM CET", "Meeting at 11:29 AM EST") == HostDifference::time_zone);
  CHECK(host_difference("1983-11-04 01:00 CET", "1983-11-03 19:00 EST") == HostDifference::time_zone);
  CHECK(host_difference("2020-01-01 10:00 UTC", "2020-01-01 15:45 NPT") == HostDifference::time_zone);
  CHECK(host_difference("2020-01-01 08:00 CST", "2020-01-01 00:00 UTC") == HostDifference::time_zone);  // China
  CHECK(host_difference("5:29:42 PM", "8:29:42 PM") == HostDifference::time_zone);
  CHECK(host_difference("10:00", "15:45") == HostDifference::time_zone);  // Nepal's 45 minutes
  // Real defects in the same formats.
  CHECK(host_difference("1983-11-04 16:53 CET", "1983-11-04 10:23 EST") == HostDifference::none);
  CHECK(host_difference("1983-11-04 16:53 CET", "1983-11-04 11:53 EST") == HostDifference::none);
  CHECK(host_difference("1983-11-04 16:53 CET", "1983-11-04 16:53 EST") == HostDifference::none);
  CHECK(host_difference("Meeting at 5:29 PM CET", "Meeting at 11:29 AM PST") == HostDifference::none);
  CHECK(host_difference("5:29:42 PM", "8:31:42 PM") == HostDifference::none);
  CHECK(host_difference("10:00", "11:45") == HostDifference::none);
  CHECK(host_difference("CET", "EST") == HostDifference::none);
}

TEST_CASE("a locale's or ICU's symbols: no-break spaces, infinity, NaN, the minus sign") {
  CHECK(host_difference("3:33 PM", "3:33\xE2\x80\xAFPM") == HostDifference::locale_symbols);  // ICU 72
  CHECK(host_difference("1 234,5 \xE2\x82\xAC", "1\xC2\xA0" "234,5\xC2\xA0\xE2\x82\xAC") == HostDifference::locale_symbols);
  CHECK(host_difference("\xE2\x88\x9E m", "Infinity m") == HostDifference::locale_symbols);
  CHECK(host_difference("-\xE2\x88\x9E", "-Infinity") == HostDifference::locale_symbols);
  CHECK(host_difference("NaN", "n. def.") == HostDifference::locale_symbols);
  CHECK(host_difference("\xE2\x88\x92" "5", "-5") == HostDifference::locale_symbols);
  CHECK(host_difference("-1,234.5", "\xE2\x88\x92" "1\xC2\xA0" "234,5") == HostDifference::number_separators);
  // Through them, clocks still shift and change clock.
  CHECK(host_difference("5:29:42\xE2\x80\xAFPM", "8:29:42 PM") == HostDifference::time_zone);
  CHECK(host_difference("8/15/2000 4:59:59\xE2\x80\xAFPM", "8/15/2000 16:59:59") == HostDifference::date_format);
  // Real defects in the same formats.
  CHECK(host_difference("\xE2\x88\x9E", "NaN") == HostDifference::none);
  CHECK(host_difference("Infinity", "-\xE2\x88\x9E") == HostDifference::none);
  CHECK(host_difference("3:33 PM", "3:34\xE2\x80\xAFPM") == HostDifference::none);
  CHECK(host_difference("1\xC2\xA0" "234,5 \xE2\x82\xAC", "1\xC2\xA0" "234,6 \xE2\x82\xAC") == HostDifference::none);
  CHECK(host_difference("\xE2\x88\x92" "5", "5") == HostDifference::none);
}

TEST_CASE("the hook reads the new formats and kinds, and leaves their real defects deterministic") {
  const auto engine = RuleEngine::compile(builtin_rules());
  REQUIRE(engine.has_value());
  const auto fluent = engine->classify(FailureText{fluent_excerpt(
      "at index 5", "\"Sum: 1,5 of 2,0\xE2\x80\xA6\"", "\"Sum: 1.5 of 2.0\xE2\x80\xA6\"")});
  REQUIRE(fluent.rule != nullptr);
  CHECK(fluent.category == Category::environmental);
  CHECK(fluent.rule->id == "env.host-diff.number-separators");
  const auto fluent_defect = engine->classify(FailureText{fluent_excerpt(
      "at index 5", "\"Sum: 1.6 of 2.0\xE2\x80\xA6\"", "\"Sum: 1.5 of 2.0\xE2\x80\xA6\"")});
  CHECK(fluent_defect.category == Category::deterministic);
  const auto infinity =
      engine->classify(FailureText{"Assert.Equal() Failure\nExpected: \xE2\x88\x9E m\nActual:   Infinity m\n"});
  REQUIRE(infinity.rule != nullptr);
  CHECK(infinity.rule->id == "env.host-diff.locale-symbols");
  CHECK(engine->classify(FailureText{"Assert.Equal() Failure\nExpected: \xE2\x88\x9E m\nActual:   NaN m\n"}).category ==
        Category::deterministic);
  const auto zones = engine->classify(
      FailureText{"org.opentest4j.AssertionFailedError: expected: <1983-11-04 16:53 CET> but was: <1983-11-04 10:53 EST>\n"});
  CHECK(zones.category == Category::environmental);
  // Not the same instant: the zone check does not claim it (the pattern rules' "a rendered time
  // differs" may: a wrong value and a host clock cannot be told apart, and both stop).
  const auto wrong = engine->classify(
      FailureText{"org.opentest4j.AssertionFailedError: expected: <1983-11-04 16:53 CET> but was: <1983-11-04 10:23 EST>\n"});
  REQUIRE(wrong.rule != nullptr);
  CHECK(wrong.rule->id.find("host-diff") == std::string::npos);
  CHECK((wrong.category == Category::deterministic || wrong.category == Category::environmental));
}

TEST_CASE("Python's datetime reprs are read as date-times, PHPUnit's 'contains' as a containment") {
  CHECK(host_difference("datetime.datetime(2015, 11, 24, 19, 29, 5, tzinfo=tzlocal())",
                        "datetime.datetime(2015, 11, 24, 17, 29, 5, tzinfo=tzlocal())") == HostDifference::time_zone);
  CHECK(host_difference("datetime.datetime(2015, 11, 24, 1, 0)", "datetime.datetime(2015, 11, 23, 20, 0)") ==
        HostDifference::time_zone);
  CHECK(host_difference("datetime.time(19, 29)", "datetime.time(14, 29)") == HostDifference::time_zone);
  // Real defects in the same format: minutes, microseconds, a month.
  CHECK(host_difference("datetime.datetime(2015, 11, 24, 19, 29, 5)", "datetime.datetime(2015, 11, 24, 19, 31, 5)") ==
        HostDifference::none);
  CHECK(host_difference("datetime.datetime(2015, 11, 24, 19, 29, 5, 1000)",
                        "datetime.datetime(2015, 11, 24, 17, 29, 5, 2000)") == HostDifference::none);
  CHECK(host_difference("datetime.date(2018, 5, 10)", "datetime.date(2018, 6, 10)") == HostDifference::none);

  const std::string offsets =
      "Failed asserting that exception message 'Expected a value less than DateTime: \"1999-01-01T00:00:00+03:00\". "
      "Got: DateTime: \"2020-01-01T00:00:00+03:00\"' contains 'Expected a value less than DateTime: "
      "\"1999-01-01T00:00:00+00:00\". Got: DateTime: \"2020-01-01T00:00:00+00:00\"'.\n";
  const auto pair = only_pair(offsets);
  CHECK(pair.relation == Relation::contains);
  CHECK(host_difference(pair) == HostDifference::time_zone);
  check_pair("Failed asserting that 'Total: 1,5 kg' contains \"1.5 kg\".", "1.5 kg", "'Total: 1,5 kg'", Relation::contains);
  CHECK(find_host_difference("Failed asserting that 'Total: 1,5 kg' contains \"1.5 kg\".\n")->kind ==
        HostDifference::number_separators);
  CHECK_FALSE(find_host_difference("Failed asserting that 'Total: 1,6 kg' contains \"1.5 kg\".\n").has_value());
}
