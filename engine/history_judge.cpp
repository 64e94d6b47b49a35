#include "engine/history_judge.hpp"

#include <algorithm>

namespace flakyd::engine {

namespace {

std::string runs_word(long n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); }

}  // namespace

double evidence_confidence(long runs) {
  if (runs <= 0) return 0.0;
  return std::min(0.97, 1.0 - 1.0 / static_cast<double>(runs + 2));
}

double flake_rate(const TestHistory& history) {
  return history.runs > 0 ? static_cast<double>(history.flaky_runs) / static_cast<double>(history.runs) : 0.0;
}

HistoryJudgement judge_history(const TestHistory& history, const HistoryThresholds& thresholds) {
  if (history.failed_all_runs >= thresholds.deterministic_runs && history.recovered_runs == 0) {
    return {HistoryCall::deterministic, evidence_confidence(history.failed_all_runs),
            "history: this failure failed every attempt in " + runs_word(history.failed_all_runs) +
                " and never passed on a retry"};
  }
  if (history.recovered_runs > 0) {
    return {HistoryCall::flaky, evidence_confidence(history.recovered_runs),
            "history: this failure passed on a retry in " + runs_word(history.recovered_runs)};
  }
  if (history.commit_retried_passes > 0) {
    return {HistoryCall::flaky, evidence_confidence(history.commit_retried_passes),
            "history: the test passed after a retry in " + runs_word(history.commit_retried_passes) +
                " on this commit"};
  }
  if (history.commit_failed_runs > 0 && history.commit_passed_runs > 0) {
    const long evidence = std::min(history.commit_failed_runs, history.commit_passed_runs) + 1;
    return {HistoryCall::flaky, evidence_confidence(evidence),
            "history: on this commit the test failed in " + runs_word(history.commit_failed_runs) +
                " and passed in " + runs_word(history.commit_passed_runs) + " (flaky)"};
  }
  return {};
}

}  // namespace flakyd::engine
