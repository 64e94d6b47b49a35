// TestReport: what flakyd reads from a JUnit XML report, in the runner-neutral shape every
// dialect maps onto (Surefire/Failsafe, Gradle, pytest incl. xdist, jest-junit, Vitest,
// gotestsum/go-junit-report, nextest, PHPUnit, the .NET JUnit loggers).
//
// A TestCase is one <testcase> element: one attempt of one test. A report may hold several
// attempts of one test (Gradle's test-retry plugin, gotestsum --rerun-fails write each as its
// own element); group_attempts() gathers them by test_key() in document order.
// Plain values; no I/O here (reader.hpp reads, merge.hpp writes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace flakyd::junit {

enum class Outcome { passed, failed, errored, skipped };
std::string_view to_string(Outcome outcome);
inline bool is_failure(Outcome outcome) { return outcome == Outcome::failed || outcome == Outcome::errored; }

// The element a failure came from. Surefire writes <flakyFailure>/<flakyError> for failed runs
// of a test that passed on rerun and <rerunFailure>/<rerunError> for the reruns of a test that
// never passed.
enum class FailureKind { failure, error, flaky_failure, flaky_error, rerun_failure, rerun_error };
std::string_view element_name(FailureKind kind);

struct Failure {
  FailureKind kind = FailureKind::failure;
  std::string message;     // the `message` attribute
  std::string type;        // the `type` attribute (an exception class in most dialects)
  std::string text;        // the element's text, or Surefire's nested <stackTrace>
  std::string system_out;  // Surefire nests these inside flaky/rerun elements
  std::string system_err;
};

struct TestCase {
  std::string suite;      // name of the nearest enclosing <testsuite>
  std::string classname;  // `classname` (PHPUnit's `class` when classname is missing)
  std::string name;
  std::string file;       // `file` attribute when the runner writes one
  int line = 0;           // `line` attribute, 0 when absent
  double time_s = 0.0;
  Outcome outcome = Outcome::passed;
  std::string skipped_message;
  std::vector<Failure> failures;  // <failure>/<error> first, then flaky and rerun elements in order
  std::string system_out;
  std::string system_err;
};

struct TestReport {
  std::vector<TestCase> cases;  // document order
};

// Identity of a test across attempts and files: classname and name.
std::string test_key(const TestCase& test);
// A readable id for messages and the report trail: "classname::name", or the name alone when it
// already starts with the classname (jest-junit's default) or there is no classname.
std::string display_id(const TestCase& test);

// All attempts of one test, in the order they were read (first file first, document order).
struct TestAttempts {
  std::vector<const TestCase*> attempts;
  bool passed_at_last() const;  // some attempt passed: the final verdict is a pass
  bool ever_failed() const;     // some attempt failed (or carries Surefire flaky/rerun failures)
};
// Groups the cases of `reports` by test_key(), in the order each test first appears. The
// returned pointers point into `reports`, which must outlive the result.
std::vector<TestAttempts> group_attempts(const std::vector<TestReport>& reports);
// A temporary would leave the result dangling: refused at compile time.
std::vector<TestAttempts> group_attempts(const std::vector<TestReport>&& reports) = delete;

}  // namespace flakyd::junit
