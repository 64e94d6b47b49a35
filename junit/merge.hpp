// Merging a first run's report with the reports of its reruns into one report in Surefire's
// form (the form CI dashboards already read: Jenkins, GitLab, Allure):
//   - a test that failed and then passed   -> <testcase> with one <flakyFailure>/<flakyError>
//                                             per failure of every attempt (counted as a flake,
//                                             not a failure);
//   - a test that failed in every attempt  -> <failure>/<error> from the first attempt, then
//                                             <rerunFailure>/<rerunError> per later failure;
//   - passed / skipped                     -> as it was.
// Every attempt's message, type, trace and output is kept. A rerun that reports a test as
// skipped (name filters make Jest and node --test list every unselected test as skipped) does
// not count as an attempt of a test that ran before. Tests only in a rerun are added.
// Control characters XML 1.0 cannot carry become U+FFFD. Thread-safe; never throws.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "junit/test_report.hpp"

namespace flakyd::junit {

enum class Verdict { passed, flaky, failed, skipped };
std::string_view to_string(Verdict verdict);

struct MergedTest {
  std::vector<const TestCase*> attempts;  // the attempts that count, in order (never empty)
  Verdict verdict = Verdict::passed;
};

struct MergeCounts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0, flakes = 0;
};

// `reports[0]` is the first run, the rest are reruns in order. Pointers point into `reports`.
std::vector<MergedTest> merge_reports(const std::vector<TestReport>& reports);
MergeCounts count(const std::vector<MergedTest>& tests);
// The merged report as a UTF-8 XML document.
std::string render_surefire(const std::vector<MergedTest>& tests);

}  // namespace flakyd::junit
