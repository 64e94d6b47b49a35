#include "daemon/junit_commands.hpp"

#include "daemon/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "daemon/decision_text.hpp"
#include "daemon/pipeline.hpp"
#include "junit/merge.hpp"
#include "junit/reader.hpp"
#include "junit/rerun_selection.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/wire.hpp"

namespace flakyd::app {

namespace {

struct LoadedReports {
  std::vector<junit::TestReport> reports;
  int status = k_junit_ok;
};

LoadedReports load(const JunitSettings& junit) {
  LoadedReports loaded;
  junit::ReadLimits limits;
  limits.max_bytes = junit.max_xml_bytes;
  for (const auto& file : junit.files) {
    auto report = junit::read_report_file(file, limits);
    if (!report) {
      std::cerr << "flakyd: " << report.error().message << '\n';
      loaded.status = report.error().unreadable ? k_junit_unreadable : k_junit_rejected;
      return loaded;
    }
    loaded.reports.push_back(std::move(*report));
  }
  return loaded;
}

// How many failed attempts a test has had: failed elements plus Surefire's rerun elements.
int failed_attempts(const junit::TestAttempts& test) {
  int count = 0;
  for (const auto* attempt : test.attempts) {
    if (!junit::is_failure(attempt->outcome)) continue;
    count += static_cast<int>(std::max<std::size_t>(1, attempt->failures.size()));
  }
  return std::max(count, 1);
}

// The tests that ended failed, with their last failed attempt.
struct FailedTest {
  const junit::TestCase* last_failure;
  int attempt;
};

std::vector<FailedTest> failed_tests(const std::vector<junit::TestReport>& reports) {
  std::vector<FailedTest> failed;
  for (const auto& test : junit::group_attempts(reports)) {
    if (test.passed_at_last()) continue;
    const junit::TestCase* last = nullptr;
    for (const auto* attempt : test.attempts) {
      if (junit::is_failure(attempt->outcome)) last = attempt;
    }
    if (last) failed.push_back({last, failed_attempts(test)});
  }
  return failed;
}

engine::FailureReport failure_report(const FailedTest& failed, int max_attempts) {
  const junit::TestCase& test = *failed.last_failure;
  engine::FailureReport report;
  const junit::Failure* failure = test.failures.empty() ? nullptr : &test.failures.back();
  for (const auto& recorded : test.failures) {
    if (recorded.kind == junit::FailureKind::failure || recorded.kind == junit::FailureKind::error) failure = &recorded;
  }
  if (failure) {
    report.exception_type = failure->type;
    report.message = failure->message;
    report.trace = failure->message + "\n" + failure->text + "\n" + failure->system_err + "\n" + failure->system_out;
  }
  report.trace += "\n" + test.system_err + "\n" + test.system_out;
  report.test_id = junit::display_id(test);
  report.runner = "junit";
  report.attempt = failed.attempt;
  report.max_attempts = max_attempts;
  return report;
}

int classify_command(const engine::Classifier& classifier, const std::vector<FailedTest>& failed, int max_attempts) {
  for (const auto& test : failed) {
    auto report = failure_report(test, max_attempts);
    auto decision = classifier.classify(report);
    auto line = protocol::decision_to_json(decision);
    line["test_id"] = junit::display_id(*test.last_failure);
    line["outcome"] = junit::to_string(test.last_failure->outcome);
    line["attempts"] = test.attempt;
    if (!test.last_failure->file.empty()) line["file"] = test.last_failure->file;
    std::cout << protocol::dump_json(line) << '\n';
  }
  std::cout.flush();
  return k_junit_ok;
}

int rerun_command(const engine::Classifier& classifier, const std::vector<FailedTest>& failed,
                  const JunitSettings& junit) {
  const auto format = junit::parse_rerun_format(junit.format);
  if (!format) {
    std::cerr << "flakyd: unknown --format " << junit.format << " (expected " << junit::rerun_format_names() << ")\n";
    return k_junit_config;
  }
  if (failed.empty()) {
    std::cerr << "flakyd: no failed test in the reports: nothing to rerun\n";
    return k_junit_no_failures;
  }
  std::vector<const junit::TestCase*> selected;
  for (const auto& test : failed) {
    const auto decision = classifier.classify(failure_report(test, junit.max_attempts));
    const bool rerun = decision.action == heuristics::Action::retry_with_delay;
    std::cerr << fmt::format("flakyd: {} {}: {} ({}){}\n", rerun ? "rerun" : "not rerun",
                             junit::display_id(*test.last_failure), heuristics::to_string(decision.category),
                             rule_words(decision), rerun ? fmt::format(", advised delay {:g} s", decision.delay_s) : "");
    if (rerun) selected.push_back(test.last_failure);
  }
  if (selected.empty()) return k_junit_not_worth;
  const std::filesystem::path root = junit.root;
  const auto exists = [&root](const std::string& relative) { return std::filesystem::is_regular_file(root / relative); };
  for (const auto& line : junit::rerun_arguments(*format, selected, exists)) std::cout << line << '\n';
  std::cout.flush();
  return k_junit_ok;
}

// A merged test's attempts: its attempt elements, and within each Surefire's failures of earlier
// attempts (<rerunFailure>, <flakyFailure>: one per attempt), plus the pass that ended it.
int attempts_of(const junit::MergedTest& test) {
  int count = 0;
  for (const auto* attempt : test.attempts) {
    const int failures = static_cast<int>(attempt->failures.size());
    count += junit::is_failure(attempt->outcome) ? std::max(1, failures)
             : attempt->outcome == junit::Outcome::passed ? failures + 1
                                                          : std::max(1, failures);
  }
  return std::max(count, 1);
}

// The final outcome of a merged test, as report_outcome takes it. A failure's fingerprint is the
// classifier's (what classify_failure answered during the run), so history matches it.
engine::OutcomeRecord final_outcome(const junit::MergedTest& test, const engine::Classifier& classifier,
                                    int max_attempts) {
  engine::OutcomeRecord record;
  record.test_id = junit::display_id(*test.attempts.front());
  record.attempts = attempts_of(test);
  record.duration_s = test.attempts.back()->time_s;
  switch (test.verdict) {
    case junit::Verdict::passed: record.outcome = engine::Outcome::passed; break;
    case junit::Verdict::flaky: record.outcome = engine::Outcome::passed; break;
    case junit::Verdict::failed: record.outcome = engine::Outcome::failed; break;
    case junit::Verdict::skipped: record.outcome = engine::Outcome::skipped; break;
  }
  const junit::TestCase* last_failure = nullptr;
  for (const auto* attempt : test.attempts) {
    if (junit::is_failure(attempt->outcome) || !attempt->failures.empty()) last_failure = attempt;
  }
  if (last_failure) {
    const auto decision = classifier.classify(failure_report({last_failure, record.attempts}, max_attempts));
    record.fingerprint = decision.fingerprint;
    record.category = std::string(heuristics::to_string(decision.category));
    record.rule = decision.rule;
  }
  return record;
}

// Records the merged tests' final outcomes; a store that cannot take them is one warning.
void record_outcomes(const Settings& settings, const std::vector<junit::MergedTest>& merged,
                     const JunitSettings& junit) {
  auto pipeline = Pipeline::build(settings, nullptr, CacheDefault::off, StoreDefault::on);
  if (!pipeline) {
    spdlog::warn("outcomes not recorded: {}", pipeline.error());
    return;
  }
  if (!(*pipeline)->outcomes) return;  // the store is off or down: open_history warned once
  // Fingerprints only: no cache, store or report trail (no advice is given here).
  engine::ClassifierOptions options;
  options.max_trace_bytes = settings.max_trace_bytes;
  const engine::Classifier fingerprints((*pipeline)->core, options);
  engine::OutcomeBatch batch{junit.run_id, find_commit(junit.commit), {}};
  for (const auto& test : merged) batch.outcomes.push_back(final_outcome(test, fingerprints, junit.max_attempts));
  auto recorded = (*pipeline)->outcomes->record(std::move(batch));
  if (!recorded) {
    spdlog::warn("outcomes not recorded in {}: {}", (*pipeline)->history->describe(), recorded.error().message);
    return;
  }
  std::cerr << fmt::format("flakyd: recorded {} outcomes of run {} in {}\n", *recorded, junit.run_id,
                           (*pipeline)->history->describe());
}

int merge_command(const Settings& settings, const std::vector<junit::TestReport>& reports,
                  const JunitSettings& junit) {
  const auto merged = junit::merge_reports(reports);
  const std::string surefire = junit::render_surefire(merged);
  if (!write_file_atomically(junit.output, [&](std::ostream& out) { out << surefire; })) {
    std::cerr << "flakyd: cannot write " << junit.output << ": " << std::strerror(errno) << '\n';
    return k_junit_unreadable;
  }
  const auto counts = junit::count(merged);
  std::cerr << fmt::format("flakyd: merged {} reports into {}: {} tests, {} flaky, {} failed, {} errors, {} skipped\n",
                           reports.size(), junit.output, counts.tests, counts.flakes, counts.failures, counts.errors,
                           counts.skipped);
  if (!junit.run_id.empty()) record_outcomes(settings, merged, junit);
  return counts.failures + counts.errors > 0 ? k_junit_not_worth : k_junit_ok;
}

}  // namespace

int run_junit(const Settings& settings, const JunitSettings& junit) {
  auto loaded = load(junit);
  if (loaded.status != k_junit_ok) return loaded.status;
  if (junit.action == "merge") return merge_command(settings, loaded.reports, junit);

  auto pipeline = Pipeline::build(settings, nullptr, CacheDefault::off);
  if (!pipeline) {
    spdlog::error("configuration error: {}", pipeline.error());
    return k_junit_config;
  }
  const engine::Classifier& classifier = *(*pipeline)->classifier;
  const auto failed = failed_tests(loaded.reports);
  if (junit.action == "rerun") return rerun_command(classifier, failed, junit);
  return classify_command(classifier, failed, junit.max_attempts);
}

std::string find_commit(const std::string& given) {
  if (!given.empty()) return given;
  for (const char* name : {"GITHUB_SHA", "CI_COMMIT_SHA", "BUILDKITE_COMMIT", "CIRCLE_SHA1", "GIT_COMMIT"}) {
    if (const char* value = std::getenv(name); value && *value) return value;
  }
  // A fixed command line (no user text reaches the shell); its answer is checked to be a hash.
  FILE* git = ::popen("git rev-parse HEAD 2>/dev/null", "r");
  if (!git) return "";
  char line[128] = {};
  const bool read = std::fgets(line, sizeof line, git) != nullptr;
  const int status = ::pclose(git);
  if (!read || status != 0) return "";
  std::string commit(line);
  while (!commit.empty() && (commit.back() == '\n' || commit.back() == '\r')) commit.pop_back();
  const bool hex = !commit.empty() && std::all_of(commit.begin(), commit.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  return hex ? commit : "";
}

}  // namespace flakyd::app
