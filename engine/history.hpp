// The history port: what flakyd learns from what happened (DESIGN.md, "Outcomes and history" and
// "Store"). Runners report every test's final outcome once per run; the classifier asks what a
// test's past says about a failure; `flakyd history` lists tests by flake rate. The adapters
// (store/: SQLite, the embedded default; PostgreSQL for a fleet) implement HistoryStore; the
// classifier never sees SQL, a file or a connection.
//
// Contract for every adapter:
//   - Never throws across this interface: every failure is a StoreError value (a short message
//     without secrets). The caller degrades: classification answers from the text alone.
//   - Stores only what it is given. Callers redact test ids, run ids and commits first
//     (engine::redact_outcomes); fingerprints are already SHA-256 hex.
//   - record() is atomic per batch: all of it or none of it. A (run_id, test_id) reported twice
//     keeps the later outcome (a resent batch is idempotent).
//   - Safe to call from many threads and many processes at once.
//   - history() is on the classification path: it must answer within a short deadline or fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/expected.hpp"

namespace flakyd::engine {

enum class Outcome { passed, failed, skipped };
std::string_view to_string(Outcome outcome);
std::optional<Outcome> parse_outcome(std::string_view name);

// One test's final outcome in one run (the report_outcome tool's item).
struct OutcomeRecord {
  std::string test_id;
  Outcome outcome = Outcome::passed;
  int attempts = 1;
  std::string fingerprint;         // the last failure's, if any (also on a pass after retries)
  std::string category;            // the last advice's category, if the runner knows it
  std::string rule;                // the last advice's rule, if any
  std::optional<double> duration_s;
};

struct OutcomeBatch {
  std::string run_id;  // one CI run or job; required
  std::string commit;  // the code under test; empty: unknown
  std::vector<OutcomeRecord> outcomes;
};

// What the store knows about one test and one failure fingerprint, for one commit.
struct HistoryQuery {
  std::string test_id;
  std::string fingerprint;
  std::string commit;  // empty: unknown (commit-level counts stay 0)
};

struct TestHistory {
  long runs = 0;                   // runs of this test with an outcome
  long flaky_runs = 0;             // runs it passed only after a retry
  long failed_all_runs = 0;        // runs in which this fingerprint failed every attempt
  long recovered_runs = 0;         // runs in which a retry passed after this fingerprint failed
  long commit_failed_runs = 0;     // on the query's commit: runs it finally failed
  long commit_passed_runs = 0;     // on the query's commit: runs it finally passed
  long commit_retried_passes = 0;  // on the query's commit: runs it passed after a retry
};

// `flakyd history`: one line per test.
struct SummaryQuery {
  std::int64_t since_unix = 0;   // outcomes recorded at or after this time
  std::string test_id;           // empty: every test
  double min_flake_rate = -1.0;  // only tests at or above this rate (flaky candidates)
  std::size_t limit = 1000;
};

struct TestSummary {
  std::string test_id;
  long runs = 0;
  long failures = 0;    // runs it finally failed
  long flaky_runs = 0;  // passed after a retry, or failed on a commit it also passed on
  double flake_rate = 0.0;
  std::string last_category;
  std::int64_t last_seen_unix = 0;
};

// `flakyd report`: the final outcome of a test in a run, to judge advice given during it.
struct RunTest {
  std::string run_id;
  std::string test_id;
};
struct FinalOutcome {
  Outcome outcome = Outcome::passed;
  int attempts = 1;
};

struct StoreError {
  std::string message;
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  // Returns how many outcomes were recorded (all of the batch).
  virtual flakyd::expected<std::size_t, StoreError> record(const OutcomeBatch& batch) = 0;
  virtual flakyd::expected<TestHistory, StoreError> history(const HistoryQuery& query) = 0;
  virtual flakyd::expected<std::vector<TestSummary>, StoreError> summarise(const SummaryQuery& query) = 0;
  // One answer per key, in order; nullopt where the store has no outcome.
  virtual flakyd::expected<std::vector<std::optional<FinalOutcome>>, StoreError> final_outcomes(
      const std::vector<RunTest>& keys) = 0;
  // Deletes outcomes recorded before `before_unix`; returns how many.
  virtual flakyd::expected<std::size_t, StoreError> prune(std::int64_t before_unix) = 0;
  // "sqlite:/path" or the PostgreSQL URL without its password: for logs and `--help` output.
  virtual std::string describe() const = 0;
};

}  // namespace flakyd::engine
