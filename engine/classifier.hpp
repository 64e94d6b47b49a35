// Classifier: the pipeline of DESIGN.md for one failure --
//   redact -> trim -> fingerprint -> cache -> upstream (if any) -> heuristics -> advice -> store
// -> report sink. Redaction runs first, on every text field, so nothing unredacted reaches the
// cache, the upstream, the sink or a log line. Then the trace loses what was added around the
// runner's lines (support/ci_log.hpp: a CI system's timestamp column, quote marks of an issue
// thread, HTML escapes): rules, the upstream and the trimming read the runner's lines.
//
// Merge rule (AI vs heuristics): an upstream verdict is used when it is valid (checked by the
// adapter) unless the heuristics found a `deterministic` cause with confidence >=
// `ClassifierOptions::deterministic_veto`, and the upstream advises a retry: a confident defect
// is never overruled into retries. The answer's `source` and `reason` say which side won.
// Advice is always recomputed here from the category (never trusted from the upstream beyond
// its delay, which is capped by the policy).
//
// History (engine/history_judge.hpp) comes after the text: when the store knows the test and
// the request did not opt out, a flaky or deterministic-in-practice verdict replaces the advice
// (source "history", the reason says which runs decided). Then the run-level guards
// (engine/run_guards.hpp) may turn a retry into stop_retry. The cache keeps the text's
// classification only: history changes from run to run.
//
// Thread-safety: classify() is const and may run concurrently; the ports must be thread-safe.
// Errors: classify() does not fail -- every fault degrades to a heuristic answer.
#pragma once

#include <cstddef>
#include <string>

#include "engine/core.hpp"
#include "engine/failure.hpp"
#include "engine/history.hpp"
#include "engine/history_judge.hpp"
#include "engine/ports.hpp"
#include "engine/run_guards.hpp"

namespace flakyd::engine {

struct ClassifierOptions {
  std::size_t max_trace_bytes = 1 << 20;  // longer traces keep head and tail
  int unknown_retries = 1;                // retries granted to an unrecognised failure
  double deterministic_veto = 0.8;        // see the merge rule above
  HistoryThresholds history;              // when history calls a failure deterministic
};

struct Ports {
  VerdictCache* cache = nullptr;           // nullptr: no cache
  UpstreamClassifier* upstream = nullptr;  // nullptr: heuristics only
  DecisionSink* sink = nullptr;            // nullptr: no report trail
  HistoryStore* history = nullptr;         // nullptr: the text alone decides
  RunGuards* guards = nullptr;             // nullptr: no run-level guards
};

class Classifier {
 public:
  Classifier(const Core& core, ClassifierOptions options = {}, Ports ports = {});

  Decision classify(const FailureReport& report) const;

  // The redacted, trimmed copy of `report` that leaves the process (upstream, sink).
  FailureReport sanitise(const FailureReport& report, std::size_t& redactions, bool& truncated) const;

  // The cache key: fingerprint plus everything that changes a classification.
  std::string cache_key(const std::string& fingerprint, const FailureReport& report) const;

 private:
  HistoryJudgement consult_history(const FailureReport& clean, Decision& decision) const;

  const Core& m_core;
  ClassifierOptions m_options;
  Ports m_ports;
};

// Keeps the first and last `limit / 2` bytes (cut at line breaks when one is near) with a
// marker naming how much was dropped. Returns false when `text` was within the limit.
bool trim_head_tail(std::string& text, std::size_t limit);

}  // namespace flakyd::engine
