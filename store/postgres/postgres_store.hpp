// PostgresStore: the PostgreSQL adapter of engine::HistoryStore (DESIGN.md, "Store"), for a CI
// fleet whose daemons share one database: history is the fleet's, and a verdict one daemon
// learnt is a hit on the others (lookup_verdict/store_verdict; PostgresVerdictCache wraps them
// as an engine::VerdictCache layered behind the disk cache).
//
// Never waits on PostgreSQL:
//   - Connections are opened, migrated and prepared by one background worker, never by a
//     caller; a caller borrows an idle one from a small pool or fails at once when there is
//     none (the store is down).
//   - Every call has a deadline (lookup_deadline, default 50 ms, for history() and verdicts;
//     admin_deadline for `flakyd history`, reports and pruning). A call that misses it drops its
//     connection and the worker cancels the query on the server and reconnects, with backoff.
//   - record() appends the batch to a local SQLite journal first (durable, one transaction),
//     then the worker ships journaled outcomes to PostgreSQL in order, in batches, by upsert
//     (idempotent); record() waits at most write_deadline for its batch to ship, and only while
//     the store is connected. Down, slow or read-only: outcomes stay journaled and ship when it
//     comes back. Nothing reported is lost.
//   - New verdicts are queued (bounded) and written by the worker; on destruction the store
//     spends up to 2 s, while connected, writing what is queued and shipping the journal.
//   - Each degradation (down, read-only, a failing journal) is logged once when it starts and
//     once when it ends; stats() counts everything for /metrics.
//
// Migrations (store/schema.hpp) run once per database, in one transaction holding a
// transaction-scoped advisory lock, so daemons starting together serialise and the second one
// finds the schema current. A database migrated by a newer flakyd is refused.
//
// Secrets: the connection string is libpq's (TLS per `sslmode`, the password from PGPASSWORD or
// ~/.pgpass); describe(), logs and errors carry it without any password.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/history.hpp"
#include "engine/ports.hpp"
#include "store/postgres/pg_connection.hpp"
#include "support/expected.hpp"

namespace flakyd::store::pg {
class OutcomeJournal;
struct JournalRow;
}  // namespace flakyd::store::pg

namespace flakyd::store {

struct PostgresOptions {
  std::string conninfo;                              // postgresql://... or key=value
  std::chrono::milliseconds lookup_deadline{50};     // history(), lookup_verdict()
  std::chrono::milliseconds write_deadline{1000};    // record() waits this long for shipping
  std::chrono::milliseconds admin_deadline{10000};   // summarise, final_outcomes, prune, migrate
  std::chrono::milliseconds connect_deadline{2000};  // one connection attempt
  std::chrono::milliseconds max_backoff{5000};       // between reconnection attempts
  std::size_t pool_size = 4;
  std::filesystem::path journal;                     // empty: no journal, record() ships directly
  bool migrate = true;                               // apply missing migrations on connecting
  std::optional<std::chrono::seconds> retention;     // prune older outcomes and verdicts
  std::size_t max_pending_verdicts = 10000;
};

// Store latency histogram bucket bounds, seconds.
inline constexpr std::array<double, 8> k_store_latency_buckets = {0.0005, 0.001, 0.0025, 0.005,
                                                                  0.01,   0.025, 0.05,   0.25};

struct StoreStats {
  bool connected = false;
  bool writable = true;
  unsigned long long lookups = 0;          // history() and verdict lookups answered
  unsigned long long lookup_timeouts = 0;  // missed the deadline
  unsigned long long errors = 0;           // any other failed call
  unsigned long long unavailable = 0;      // calls answered "down" without trying
  unsigned long long verdict_hits = 0;
  unsigned long long verdicts_written = 0;
  unsigned long long verdicts_dropped = 0;  // queue full
  unsigned long long outcomes_journaled = 0;
  unsigned long long outcomes_shipped = 0;
  long long journal_depth = 0;
  unsigned long long reconnects = 0;
  unsigned long long connect_failures = 0;
  std::array<unsigned long long, k_store_latency_buckets.size() + 1> latency{};  // lookups
  double latency_sum = 0.0;
};

class PostgresStore final : public engine::HistoryStore {
 public:
  // Fails only on a bad configuration (an unusable journal file); PostgreSQL being down is not
  // an error: the store starts degraded and connects in the background. Tries one connection
  // before returning (up to connect_deadline) so a daemon starts connected when it can.
  static flakyd::expected<std::unique_ptr<PostgresStore>, std::string> open(PostgresOptions options);
  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

  flakyd::expected<std::size_t, engine::StoreError> record(const engine::OutcomeBatch& batch) override;
  flakyd::expected<engine::TestHistory, engine::StoreError> history(const engine::HistoryQuery& query) override;
  flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> summarise(
      const engine::SummaryQuery& query) override;
  flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError> final_outcomes(
      const std::vector<engine::RunTest>& keys) override;
  flakyd::expected<std::size_t, engine::StoreError> prune(std::int64_t before_unix) override;
  std::string describe() const override;

  // Shared verdicts: nullopt on a miss, a stale entry, or a store that cannot answer in time.
  std::optional<engine::CachedVerdict> lookup_verdict(std::string_view key, std::int64_t fresh_after_unix);
  void store_verdict(std::string_view key, const engine::CachedVerdict& verdict);

  StoreStats stats() const;
  // Waits until the journal is empty and the verdict queue written, or the deadline (tests,
  // shutdown). True when everything shipped.
  bool flush(std::chrono::milliseconds timeout);

  class Pool;

 private:
  explicit PostgresStore(PostgresOptions options);
  void worker_loop();
  bool connect_one();
  bool ship_journal();
  bool write_verdicts();
  void note_failure(const std::string& what, const std::string& message, bool timeout);
  void send_cancels(std::vector<std::unique_ptr<pg::CancelHandle>> cancels);
  void count_latency(std::chrono::steady_clock::duration elapsed);
  // A lookup on the classification path: a connection and an answer within lookup_deadline, or
  // nothing (counted as unavailable, a timeout or an error).
  std::optional<pg::Result> lookup(const std::string& statement, const std::vector<pg::Param>& params,
                                   std::string_view what);

  PostgresOptions m_options;
  std::string m_description;
  std::unique_ptr<Pool> m_pool;
  std::unique_ptr<pg::OutcomeJournal> m_journal;

  mutable std::mutex m_mutex;  // guards everything below that is not atomic
  std::condition_variable m_wake;     // the worker: work arrived or stop
  std::condition_variable m_shipped;  // record() callers: the journal moved
  std::deque<std::pair<std::string, engine::CachedVerdict>> m_pending_verdicts;
  std::int64_t m_shipped_through = 0;
  bool m_stop = false;
  bool m_migrated = false;
  bool m_down_logged = false;
  bool m_read_only_logged = false;
  std::chrono::steady_clock::time_point m_next_connect{};
  std::chrono::milliseconds m_backoff{100};  // reset when a lookup or a shipment succeeds
  std::chrono::steady_clock::time_point m_next_ship{};
  std::chrono::steady_clock::time_point m_next_prune{};
  StoreStats m_stats;
  // Shared with the detached cancel threads, which may outlive the store.
  std::shared_ptr<std::atomic<int>> m_cancel_threads = std::make_shared<std::atomic<int>>(0);
  std::thread m_worker;
};

// The schema version a database holds, after applying what is missing when `migrate` is set
// (never to a schema newer than this flakyd's: that version is returned untouched)
// (`flakyd store migrate|check`). Connects synchronously, within options.admin_deadline.
flakyd::expected<int, std::string> postgres_schema_version(const PostgresOptions& options, bool migrate);

// engine::VerdictCache over the shared store's verdicts; `ttl` matches the disk cache's so a
// shared verdict is no fresher than a local one would be.
class PostgresVerdictCache final : public engine::VerdictCache {
 public:
  PostgresVerdictCache(PostgresStore& store, std::chrono::seconds ttl) : m_store(store), m_ttl(ttl) {}
  std::optional<engine::CachedVerdict> lookup(std::string_view key) override;
  void store(std::string_view key, const engine::CachedVerdict& verdict) override;

 private:
  PostgresStore& m_store;
  std::chrono::seconds m_ttl;
};

}  // namespace flakyd::store
