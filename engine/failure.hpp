// The classifier's native request and answer. The wire (protocol/wire.hpp) parses JSON into
// FailureReport and renders Decision; nothing in the core sees JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "heuristics/advice.hpp"
#include "heuristics/taxonomy.hpp"

namespace flakyd::engine {

// One failed attempt, as a runner reports it (arguments of the classify_failure tool).
// Classifier::sanitise copies it field by field (so the trace is not copied twice): a new field
// must be added there too.
struct FailureReport {
  std::string trace;  // required
  std::string exception_type;
  std::string message;
  std::string test_id;
  std::string runner;
  std::string language;  // free-form hint
  int attempt = 1;       // 1-based: the attempt that just failed
  int max_attempts = 3;
  std::optional<double> duration_s;  // how long the failed attempt ran, when the runner knows
  heuristics::RetryPolicy policy;
  bool explain = false;  // fill Decision::matches
  std::string run_id;     // one CI run or job: history and run-level guards (empty: none)
  std::string commit;     // the code under test (empty: unknown)
  bool use_history = true;  // false: the text alone decides (the runner opted out)
};

enum class Source { heuristic, ai, cache, history };
std::string_view to_string(Source source);

struct RuleMatch {
  std::string rule;
  heuristics::Category category;
  double confidence;  // the rule's
  double score;       // after the root-cause weighting
  std::size_t begin;  // byte span in the (redacted, trimmed) trace or headline
  std::size_t end;
  bool in_headline;
  bool in_root_cause;
  std::string text;   // the matched text, shortened
};

// What the store knew about this test and failure (DESIGN.md: the result's `history` object).
struct HistoryEvidence {
  long runs = 0;
  long flaky_runs = 0;
  long failed_all_runs = 0;
  double flake_rate = 0.0;
};

struct Decision {
  heuristics::Category category = heuristics::Category::unknown;
  double confidence = 0.0;
  heuristics::Action action = heuristics::Action::stop_retry;
  double delay_s = 0.0;
  std::string reason;
  std::string rule;  // empty when nothing matched
  Source source = Source::heuristic;
  std::string fingerprint;
  std::string example;  // the signature's root-cause line (redacted, masked, short), for the trail
  std::size_t redactions = 0;
  bool truncated = false;           // the trace was over the limit: head and tail were kept
  std::string upstream_status;      // "off", "ok", "timeout", "circuit-open", ...
  heuristics::Category heuristic_category = heuristics::Category::unknown;  // what the rules said
  std::vector<RuleMatch> matches;   // only when FailureReport::explain
  std::optional<HistoryEvidence> history;  // when the store answered for this test
  std::string guard;                // "storm" or "run-retry-budget" when a run-level guard stopped it
};

}  // namespace flakyd::engine
