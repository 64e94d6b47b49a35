// Building the report model from trail lines, streaming: one pass, one line at a time, memory
// bounded by the number of distinct tests, failure shapes, rules and hours (each table capped
// at Options::max_keys; later newcomers are pooled and counted in Report::overflow_keys), never
// by the trail's length.
//
// A trail line is one JSON object (daemon/report_trail.cpp). Required: category (one of the
// taxonomy), action (retry_with_delay or stop_retry) and source; everything else is optional.
// A line that is not such an object is counted in Report::skipped_lines, never an error. Lines
// longer than k_max_line_bytes are skipped unread. A flat object of plain ASCII strings and
// numbers (what the daemon writes) is read by a small scanner that copies runs; anything else
// (escapes, non-ASCII text, nesting, errors) goes to nlohmann's SAX parser, which decides: no
// document tree per line either way.
//
// Thread-safety: a ReportBuilder is used by one thread; separate builders are independent.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "report/model.hpp"

namespace flakyd::report {

inline constexpr std::size_t k_max_line_bytes = 64 * 1024;

// One decision as read from a trail line. Fields absent from the line are empty / defaulted.
struct TrailEntry {
  std::string time, test_id, fingerprint, category, action, source, rule, heuristic, example;
  double delay_s = 0.0;
  int attempt = 1;
  int max_attempts = 0;  // 0: not in the line
  std::optional<double> duration_s;

  void clear();
};

// Reads one trail line into `entry` (reusing its strings); false when the line is not a trail
// decision (then `entry` holds whatever was read before the problem).
bool read_trail_line(std::string_view line, TrailEntry& entry);

struct Options {
  std::optional<int> since_days;        // keep decisions of the last N days only
  std::int64_t now_unix = 0;            // "now" for since_days (0: the clock's)
  std::optional<int> blanket_reruns;    // the --reruns N to compare stop_retry with
  std::size_t top = 10;                 // rows in the most-retried, signature and rule tables
  std::size_t max_keys = 100000;        // distinct tests / shapes / rules kept per table
  std::size_t max_buckets = 90;         // bars in the time chart (the latest are kept)
};

class ReportBuilder {
 public:
  explicit ReportBuilder(Options options);
  ~ReportBuilder();
  ReportBuilder(const ReportBuilder&) = delete;
  ReportBuilder& operator=(const ReportBuilder&) = delete;

  void add_line(std::string_view line);
  void add_entry(const TrailEntry& entry);
  // Reads the stream to its end, line by line.
  void add_stream(std::istream& in);

  // The finished model; `history` (may be null) adds the flakiest tests and rule outcomes.
  Report finish(const HistorySource* history = nullptr);

 private:
  struct State;
  Options m_options;
  std::string m_cutoff;  // ISO time before which decisions are filtered out ("" keeps all)
  TrailEntry m_entry;
  std::unique_ptr<State> m_state;
};

// "2026-11-30T01:02:03" (UTC, seconds): the form the report compares and shows times in.
std::string iso_utc(std::int64_t unix_seconds);

}  // namespace flakyd::report
