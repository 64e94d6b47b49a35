#include "junit/test_report.hpp"

#include <unordered_map>

namespace flakyd::junit {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::errored: return "error";
    case Outcome::skipped: return "skipped";
  }
  return "passed";
}

std::string_view element_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::failure: return "failure";
    case FailureKind::error: return "error";
    case FailureKind::flaky_failure: return "flakyFailure";
    case FailureKind::flaky_error: return "flakyError";
    case FailureKind::rerun_failure: return "rerunFailure";
    case FailureKind::rerun_error: return "rerunError";
  }
  return "failure";
}

std::string test_key(const TestCase& test) {
  std::string key = test.classname;
  key += '\x1f';  // a separator no runner puts in a name
  key += test.name;
  return key;
}

std::string display_id(const TestCase& test) {
  if (test.classname.empty() || test.name.starts_with(test.classname)) return test.name;
  return test.classname + "::" + test.name;
}

bool TestAttempts::passed_at_last() const {
  for (const auto* attempt : attempts) {
    if (attempt->outcome == Outcome::passed) return true;
  }
  return false;
}

bool TestAttempts::ever_failed() const {
  for (const auto* attempt : attempts) {
    if (is_failure(attempt->outcome) || !attempt->failures.empty()) return true;
  }
  return false;
}

std::vector<TestAttempts> group_attempts(const std::vector<TestReport>& reports) {
  std::vector<TestAttempts> tests;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& report : reports) {
    for (const auto& test : report.cases) {
      auto [slot, inserted] = index.try_emplace(test_key(test), tests.size());
      if (inserted) tests.emplace_back();
      tests[slot->second].attempts.push_back(&test);
    }
  }
  return tests;
}

}  // namespace flakyd::junit
