// The JUnit reader on each runner's dialect (tests/data/junit/) and on hostile input.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "junit/reader.hpp"

using namespace flakyd::junit;

namespace {

TestReport read_sample(const std::string& name) {
  auto report = read_report_file(std::string(FLAKYD_TEST_DATA_DIR) + "/junit/" + name);
  REQUIRE_MESSAGE(report.has_value(), (report ? "" : report.error().message));
  return *report;
}

const TestCase& find(const TestReport& report, const std::string& name, std::size_t nth = 0) {
  for (const auto& test : report.cases) {
    if (test.name == name && nth-- == 0) return test;
  }
  FAIL("no test case named " << name);
  return report.cases.front();
}

std::string refusal(std::string xml, ReadLimits limits = {}) {
  auto report = read_report(std::move(xml), limits);
  REQUIRE_FALSE(report.has_value());
  return report.error();
}

}  // namespace

TEST_CASE("Surefire: failure, error, skipped and the flaky/rerun elements with their nested trace and output") {
  const auto report = read_sample("surefire.xml");
  REQUIRE(report.cases.size() == 4);
  const auto& flaky = find(report, "fetchesUser");
  CHECK(flaky.outcome == Outcome::passed);
  REQUIRE(flaky.failures.size() == 1);
  CHECK(flaky.failures[0].kind == FailureKind::flaky_error);
  CHECK(flaky.failures[0].type == "java.net.SocketException");
  CHECK(flaky.failures[0].text.find("Connection reset\n\tat java.base") != std::string::npos);
  CHECK(flaky.failures[0].system_out == "GET /users/1");
  const auto& failed = find(report, "parsesDate");
  CHECK(failed.outcome == Outcome::failed);
  REQUIRE(failed.failures.size() == 2);
  CHECK(failed.failures[0].message == "expected: <2024-01-01> but was: <2023-12-31>");
  CHECK(failed.failures[1].kind == FailureKind::rerun_failure);
  CHECK(failed.system_out == "parsing 2024-01-01");
  CHECK(find(report, "uploads(String)[1]").outcome == Outcome::errored);
  CHECK(find(report, "skipsOnWindows").outcome == Outcome::skipped);
  CHECK(find(report, "skipsOnWindows").skipped_message == "not on Linux");
  CHECK(flaky.suite == "com.acme.ApiClientTest");
}

TEST_CASE("Gradle's test-retry writes each attempt as its own testcase: they group as one test") {
  const std::vector<TestReport> reports{read_sample("gradle.xml")};
  REQUIRE(reports[0].cases.size() == 3);
  const auto tests = group_attempts(reports);
  REQUIRE(tests.size() == 2);
  CHECK(tests[0].attempts.size() == 2);
  CHECK(tests[0].passed_at_last());
  CHECK(tests[0].ever_failed());
  CHECK_FALSE(tests[1].passed_at_last());
}

TEST_CASE("pytest with xdist: classnames, parametrised names, setup errors, skips") {
  const auto report = read_sample("pytest_xdist.xml");
  REQUIRE(report.cases.size() == 4);
  const auto& get = find(report, "test_get[https]");
  CHECK(get.classname == "tests.api.test_client.TestClient");
  CHECK(get.failures[0].message.starts_with("requests.exceptions.ConnectionError"));
  CHECK(get.failures[0].text.starts_with("[gw1] linux"));
  CHECK(find(report, "test_migrate").outcome == Outcome::errored);
  CHECK(find(report, "test_skip").outcome == Outcome::skipped);
  CHECK(get.suite == "pytest");
}

TEST_CASE("jest-junit, Vitest, gotestsum/go-junit-report, nextest") {
  const auto jest = read_sample("jest_junit.xml");
  CHECK(jest.cases.size() == 3);
  CHECK(find(jest, "cart adds items").file == "src/cart.test.js");
  CHECK(find(jest, "cart adds items").failures[0].message.empty());
  CHECK(find(jest, "cart adds items").failures[0].text.starts_with("Error: expect(received)"));

  const auto vitest = read_sample("vitest.xml");
  CHECK(find(vitest, "api > retries > fetches the user").failures[0].type == "TypeError");
  CHECK(find(vitest, "api > parses").outcome == Outcome::passed);

  const auto go = read_sample("go_junit_report.xml");
  CHECK(find(go, "TestFetch/with_retry").classname == "github.com/acme/svc/client");
  CHECK(find(go, "TestFetch/with_retry").failures[0].text.find("connection refused") != std::string::npos);

  const auto nextest = read_sample("nextest.xml");
  const auto& connects = find(nextest, "client::tests::connects");
  CHECK(connects.outcome == Outcome::failed);
  CHECK(connects.failures.size() == 2);
  CHECK(connects.suite == "acme-net::net");
}

TEST_CASE("PHPUnit's nested suites and class attribute, .NET logger with a UTF-8 byte-order mark") {
  const auto php = read_sample("phpunit.xml");
  REQUIRE(php.cases.size() == 3);
  const auto& sends = find(php, "testSends with data set #0");
  CHECK(sends.suite == "Acme\\Tests\\MailerTest::testSends");
  CHECK(sends.classname == "Acme.Tests.MailerTest");
  CHECK(sends.line == 21);
  CHECK(find(php, "testConnects").suite == "Acme\\Tests\\MailerTest");
  CHECK(find(php, "testConnects").outcome == Outcome::errored);

  const auto dotnet = read_sample("dotnet.xml");
  REQUIRE(dotnet.cases.size() == 2);
  CHECK(find(dotnet, "Charges(amount: 10)").failures[0].message.find("503") != std::string::npos);
  CHECK(find(dotnet, "Acme.Tests.PaymentTests.Refunds").failures[0].message == "Assert.Equal() Failure\r\nExpected: 5\r\nActual:   4");
}

TEST_CASE("a failure's text mixing text and CDATA is read whole") {
  const auto report = read_report("<testsuite><testcase name=\"t\"><failure>one <![CDATA[<two>]]> three</failure></testcase></testsuite>");
  REQUIRE(report);
  CHECK(report->cases[0].failures[0].text == "one <two> three");
}

TEST_CASE("hostile input: DOCTYPE, depth, size, markup, invalid UTF-8, malformed, foreign root") {
  CHECK(refusal("<!DOCTYPE t [<!ENTITY a \"aaaa\">]><testsuite><testcase name=\"&a;\"/></testsuite>")
            .find("<!DOCTYPE> is not accepted") != std::string::npos);
  std::string deep = "<testsuites>";
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  for (int i = 0; i < 100000; ++i) deep += "</a>";
  CHECK(refusal(deep + "</testsuites>") == "elements are nested deeper than 64 levels");
  ReadLimits small;
  small.max_bytes = 100;
  CHECK(refusal(std::string(101, ' '), small) == "the report is 101 bytes, over the limit of 100");
  ReadLimits few;
  few.max_markup = 3;
  CHECK(refusal("<testsuite><a/><b/><c/></testsuite>", few).find("over the limit of 3") != std::string::npos);
  CHECK(refusal("<testsuite name=\"\xff\"/>") == "invalid UTF-8 at byte 17 (line 1)");
  CHECK(refusal("<testsuite>\n<testcase>").starts_with("not well-formed XML at line 2"));
  CHECK(refusal("<html/>").find("root element is <html>") != std::string::npos);
  CHECK(refusal("").starts_with("not well-formed XML"));
}

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and code points past U+10FFFF") {
  CHECK(first_invalid_utf8("plain ascii, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80") == std::string_view::npos);
  CHECK(first_invalid_utf8("ab\xc0\xaf") == 2);           // overlong '/'
  CHECK(first_invalid_utf8("\xed\xa0\x80") == 0);         // surrogate
  CHECK(first_invalid_utf8("x\xf4\x90\x80\x80") == 1);     // > U+10FFFF
  CHECK(first_invalid_utf8("\xe2\x82") == 0);             // cut short
  CHECK(first_invalid_utf8("\x80") == 0);                 // lone continuation
}

TEST_CASE("display ids and keys") {
  auto test_case = [](std::string classname, std::string name) {
    TestCase test;
    test.classname = std::move(classname);
    test.name = std::move(name);
    return test;
  };
  CHECK(display_id(test_case("cart adds", "cart adds")) == "cart adds");
  CHECK(display_id(test_case("tests.test_x", "test_y")) == "tests.test_x::test_y");
  CHECK(test_key(test_case("tests.test_x", "test_y")) != test_key(test_case("tests.test_x.test_y", "")));
}

TEST_CASE("a character reference that decodes to no valid code point is read as U+FFFD") {
  const auto report = read_report("<testsuite><testcase name=\"a&#x7fffffff;b\"><failure>&#xD800;</failure></testcase></testsuite>");
  REQUIRE(report);
  CHECK(first_invalid_utf8(report->cases[0].name) == std::string_view::npos);
  CHECK(first_invalid_utf8(report->cases[0].failures[0].text) == std::string_view::npos);
  CHECK(to_valid_utf8("ok\xff\xc3") == "ok\xEF\xBF\xBD\xEF\xBF\xBD");
}
