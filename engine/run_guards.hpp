// Run-level guards (DESIGN.md, "Outcomes and history"): limits over one CI run (one run_id)
// rather than one test.
//   - Retry budget: at most `retry_budget` retries advised per run; past it every failure of the
//     run is told to stop (a run that retries 500 tests is broken, not flaky).
//   - Storm guard: when `storm_tests` different tests of one run fail with one failure signature
//     (the fingerprint without the test id), it is an outage, not that many flaky tests: stop,
//     and rerun the job once the dependency is back.
// State lives in this process's memory, bounded: at most `max_runs` runs (the least recently
// seen is forgotten first) and, per run, at most `max_signatures` signatures. Daemons on other
// machines keep their own counts.
// Thread-safe: one mutex; each call is a few map operations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace flakyd::engine {

struct RunGuardOptions {
  int retry_budget = 50;
  std::size_t storm_tests = 10;
  std::size_t max_runs = 4096;
  std::size_t max_signatures = 4096;
};

enum class Guard { none, storm, retry_budget };

struct GuardVerdict {
  Guard guard = Guard::none;
  std::string reason;
};

class RunGuards {
 public:
  explicit RunGuards(RunGuardOptions options = {});

  // Notes a failure of `test_id` in `run_id` with `signature`; `wants_retry` is the advice so
  // far. Returns the guard that turns it into stop_retry, or Guard::none (a retry then spends
  // one unit of the run's budget).
  GuardVerdict check(std::string_view run_id, std::string_view test_id, std::string_view signature,
                     bool wants_retry);

  const RunGuardOptions& options() const { return m_options; }

 private:
  struct RunState {
    int retries = 0;
    std::unordered_map<std::string, std::unordered_set<std::string>> tests_by_signature;
    std::list<std::string>::iterator recency;
  };
  RunState& run(std::string_view run_id);

  RunGuardOptions m_options;
  std::mutex m_mutex;
  std::unordered_map<std::string, RunState> m_runs;
  std::list<std::string> m_recency;  // most recent first
};

std::string_view to_string(Guard guard);

}  // namespace flakyd::engine
