// Merging a first run with its reruns into Surefire's flaky/rerun form.
#include <doctest/doctest.h>

#include <string>

#include "junit/merge.hpp"
#include "junit/reader.hpp"

using namespace flakyd::junit;

namespace {

TestReport parse(const std::string& xml) {
  auto report = read_report(xml);
  REQUIRE_MESSAGE(report.has_value(), (report ? "" : report.error()));
  return *report;
}

const TestCase& named(const TestReport& report, const std::string& name) {
  for (const auto& test : report.cases) {
    if (test.name == name) return test;
  }
  FAIL("missing " << name);
  return report.cases.front();
}

const char* k_first = R"(<testsuites><testsuite name="pkg">
  <testcase classname="pkg" name="TestBlip" time="0.5"><failure message="Failed" type="">dial tcp: connection refused</failure></testcase>
  <testcase classname="pkg" name="TestBug"><error message="boom" type="Panic">panic: nil map &amp; more</error></testcase>
  <testcase classname="pkg" name="TestOk"/>
  <testcase classname="pkg" name="TestSkip"><skipped message="later"/></testcase>
</testsuite></testsuites>)";

const char* k_rerun = R"(<testsuites><testsuite name="pkg">
  <testcase classname="pkg" name="TestBlip" time="0.1"/>
  <testcase classname="pkg" name="TestBug"><error message="boom again" type="Panic">panic: nil map</error></testcase>
  <testcase classname="pkg" name="TestOk"><skipped message="test name does not match pattern"/></testcase>
</testsuite></testsuites>)";

}  // namespace

TEST_CASE("blips become flaky with every failure kept, bugs failed with a rerunError, filter skips ignored") {
  const std::vector<TestReport> reports{parse(k_first), parse(k_rerun)};
  const auto merged = merge_reports(reports);
  REQUIRE(merged.size() == 4);
  CHECK(merged[0].verdict == Verdict::flaky);
  CHECK(merged[1].verdict == Verdict::failed);
  CHECK(merged[2].verdict == Verdict::passed);
  CHECK(merged[3].verdict == Verdict::skipped);
  const auto counts = count(merged);
  CHECK(counts.tests == 4);
  CHECK(counts.flakes == 1);
  CHECK(counts.errors == 1);
  CHECK(counts.failures == 0);
  CHECK(counts.skipped == 1);

  // The written report reads back with the same verdicts and every attempt's message.
  const std::string xml = render_surefire(merged);
  const auto back = parse(xml);
  const auto& blip = named(back, "TestBlip");
  CHECK(blip.outcome == Outcome::passed);
  REQUIRE(blip.failures.size() == 1);
  CHECK(blip.failures[0].kind == FailureKind::flaky_failure);
  CHECK(blip.failures[0].text == "dial tcp: connection refused");
  CHECK(blip.time_s == doctest::Approx(0.1));
  const auto& bug = named(back, "TestBug");
  CHECK(bug.outcome == Outcome::errored);
  REQUIRE(bug.failures.size() == 2);
  CHECK(bug.failures[0].kind == FailureKind::error);
  CHECK(bug.failures[0].message == "boom");
  CHECK(bug.failures[0].text == "panic: nil map & more");
  CHECK(bug.failures[1].kind == FailureKind::rerun_error);
  CHECK(bug.failures[1].message == "boom again");
  CHECK(named(back, "TestOk").outcome == Outcome::passed);
  CHECK(named(back, "TestSkip").outcome == Outcome::skipped);
  CHECK(xml.find("<testsuites tests=\"4\" failures=\"0\" errors=\"1\" skipped=\"1\" flakes=\"1\">") != std::string::npos);
}

TEST_CASE("Surefire input that already holds reruns keeps them, tests only in a rerun are added") {
  const std::vector<TestReport> reports{
      parse(R"(<testsuite name="S"><testcase classname="C" name="a"><failure message="m1">t1</failure><rerunFailure message="m2"><stackTrace>t2</stackTrace></rerunFailure></testcase></testsuite>)"),
      parse(R"(<testsuite name="S"><testcase classname="C" name="a"/><testcase classname="C" name="new"/></testsuite>)")};
  const auto back = parse(render_surefire(merge_reports(reports)));
  const auto& a = named(back, "a");
  REQUIRE(a.failures.size() == 2);
  CHECK(a.failures[0].kind == FailureKind::flaky_failure);
  CHECK(a.failures[1].kind == FailureKind::flaky_failure);
  CHECK(a.failures[1].text == "t2");
  CHECK(named(back, "new").outcome == Outcome::passed);
}

TEST_CASE("control characters XML cannot carry are replaced, so the output always parses") {
  TestCase test;
  test.classname = "C";
  test.name = "colour\x1b[31m";
  test.outcome = Outcome::failed;
  test.failures.push_back({FailureKind::failure, "bell\x07", "", "text\x01", "", ""});
  TestReport report;
  report.cases.push_back(test);
  const std::string xml = render_surefire(merge_reports({report}));
  const auto back = parse(xml);
  CHECK(back.cases[0].name == "colour\xEF\xBF\xBD[31m");
  CHECK(back.cases[0].failures[0].message == "bell\xEF\xBF\xBD");
}
