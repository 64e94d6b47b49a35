// What a test's history says about a failure (DESIGN.md, "Outcomes and history"). Pure functions
// over engine::TestHistory; the classifier applies the verdict.
//
//   flaky         the test both failed and passed on this commit (across runs), or passed after a
//                 retry on this commit, or this very failure passed on a retry before: a rerun is
//                 worth it, whatever the text said.
//   deterministic this failure fingerprint failed every attempt in at least
//                 `deterministic_runs` runs and never passed on a retry: stop, whatever the text
//                 said (an always-refused connection is a misconfigured service, not a blip).
//   none          not enough evidence: the text decides.
// A fingerprint that recovered on a retry is never called deterministic; between the two, the
// fingerprint's own record wins over the test's (it is the more specific evidence).
// Confidence grows with the number of runs behind the verdict: n runs give 1 - 1/(n + 2)
// (1 run 0.67, 3 runs 0.8, 8 runs 0.9), capped at 0.97 -- one observation is not proof.
#pragma once

#include <string>

#include "engine/history.hpp"

namespace flakyd::engine {

enum class HistoryCall { none, flaky, deterministic };

struct HistoryJudgement {
  HistoryCall call = HistoryCall::none;
  double confidence = 0.0;
  std::string reason;  // names the runs that decided, e.g. "history: failed every attempt in 4 runs"
};

struct HistoryThresholds {
  long deterministic_runs = 3;
};

HistoryJudgement judge_history(const TestHistory& history, const HistoryThresholds& thresholds = {});

// The flake rate DESIGN.md publishes: runs that passed only after a retry, over runs.
double flake_rate(const TestHistory& history);

// 1 - 1/(n + 2), capped at 0.97.
double evidence_confidence(long runs);

}  // namespace flakyd::engine
