// The report model: what `flakyd report` shows, as plain data, built from a report trail by
// report/builder.hpp and rendered as text, JSON or one HTML page by report/render.hpp.
//
// Every string here came from a trail line (already redacted by the daemon that wrote it) and is
// still untrusted text: renderers escape it for their format.
//
// Times are the trail's UTC ISO-8601 strings ("2026-11-29T23:32:53.123Z"); buckets are labelled
// "2026-11-29" (per day) or "2026-11-29 23h" (per hour, when the trail spans one day only).
//
// History: the trail says what flakyd advised, not what happened next. A HistorySource (outcomes
// reported by runners, kept in the store) can add the flakiest tests and, per rule, how often its
// retry advice ended in a pass; without one those parts stay empty and the renderers say why.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heuristics/taxonomy.hpp"

namespace flakyd::report {

inline constexpr std::size_t k_category_count = heuristics::k_all_categories.size();
using CategoryCounts = std::array<long, k_category_count>;  // indexed like k_all_categories

long total(const CategoryCounts& counts);

struct TimeBucket {
  std::string label;
  CategoryCounts counts{};
};

// A test flakyd advised to retry, by retries advised.
struct RetriedTest {
  std::string test_id;
  long retries = 0;    // retry_with_delay decisions
  long stops = 0;      // stop_retry decisions
  std::string last_category;
  std::string first_seen;
  std::string last_seen;
};

// A test by its flake rate, from outcome history (fed by a HistorySource).
struct FlakyTest {
  std::string test_id;
  double flake_rate = 0.0;  // flaky runs / runs
  long runs = 0;
  long flaky_runs = 0;
  std::string last_category;  // of its last failure
  std::string first_seen;
  std::string last_seen;
};

// One failure shape: grouped by the trail's example line (the redacted, masked root-cause line)
// when it has one, else by fingerprint.
struct SignatureRow {
  std::string example;      // empty when the trail lines had none
  std::string fingerprint;  // the latest fingerprint seen with it
  std::string category;     // the latest
  std::string rule;         // the latest
  long count = 0;
  std::string last_seen;
};

struct RuleRow {
  std::string rule;  // "" when no rule matched
  std::string category;
  long decisions = 0;
  long retries = 0;
  long stops = 0;
  // Of the retries this rule advised, how many ended in a pass: only with a HistorySource.
  std::optional<long> retries_with_outcome;
  std::optional<long> retries_then_passed;
};

// Time on reruns and time saved by stop_retry. A rerun's running time is the failed attempt's
// duration (trail field duration_s); where a line has none it is estimated from the same test's
// mean duration, else from the mean over all tests. *_estimated_s holds only the estimated part.
struct RerunTime {
  long reruns = 0;           // retry_with_delay decisions: each is one rerun
  double waited_s = 0.0;     // delays advised before those reruns
  double ran_s = 0.0;        // their running time, measured + estimated
  double ran_estimated_s = 0.0;
  long stopped = 0;          // stop_retry decisions
  long reruns_avoided = 0;   // what a blanket --reruns N would still have run after them
  double saved_s = 0.0;      // reruns_avoided times durations, measured + estimated
  double saved_estimated_s = 0.0;
  long lines_with_duration = 0;
  long without_any_duration = 0;  // reruns or avoided reruns no duration could be estimated for
  std::optional<int> blanket_reruns;  // the N compared with; nullopt: each line's max_attempts - 1
};

struct Report {
  long decisions = 0;
  long skipped_lines = 0;     // not a trail line (unreadable JSON, missing or unknown fields)
  long filtered_out = 0;      // older than --since (or undated, when --since is given)
  long undated = 0;           // counted but left out of the time chart (no readable time)
  long overflow_keys = 0;     // decisions pooled because a table reached its size cap
  std::string first_time;
  std::string last_time;
  std::optional<int> since_days;
  std::string granularity = "day";  // or "hour"
  std::vector<TimeBucket> over_time;
  long buckets_omitted = 0;   // earliest buckets beyond the chart's width
  CategoryCounts by_category{};
  std::map<std::string, long> by_source;
  std::map<std::string, long> by_action;
  std::vector<RetriedTest> most_retried;
  bool has_history = false;
  std::vector<FlakyTest> flakiest;
  std::vector<SignatureRow> signatures;
  std::vector<RuleRow> rules;
  RerunTime time;
  long ai_decisions = 0;
  long ai_agreed = 0;  // AI decisions whose category matched what the rules said
};

// What outcome history can tell the report. Implemented over the store; the report only asks.
class HistorySource {
 public:
  virtual ~HistorySource() = default;
  // The tests with the highest flake rate, at most `limit`, over the last `since_days` (all time
  // when nullopt), highest first.
  virtual std::vector<FlakyTest> flakiest_tests(std::size_t limit, std::optional<int> since_days) const = 0;
  struct RuleOutcomes {
    long retries_with_outcome = 0;
    long retries_then_passed = 0;
  };
  // Of the retries a rule advised, how many have a known outcome and how many passed.
  virtual std::optional<RuleOutcomes> rule_outcomes(std::string_view rule) const = 0;
};

}  // namespace flakyd::report
