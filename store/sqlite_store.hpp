// SqliteStore: the embedded default adapter of engine::HistoryStore (DESIGN.md, "Store"), one
// SQLite file shared by every flakyd process on the machine.
//
//   - WAL journal: readers never wait for a writer; many processes write one at a time, each
//     waiting up to `busy_timeout` for the lock (BEGIN IMMEDIATE, so a writer never deadlocks
//     upgrading a read lock).
//   - synchronous=NORMAL: a killed process (kill -9) loses nothing it committed and never leaves
//     the file corrupt; a power cut may lose the last transactions, never consistency.
//   - The schema (store/schema.hpp) is migrated at open, under the write lock.
//   - The file and its directory are created owner-only (0600 / 0700).
//   - Retention: outcomes older than `retention` are deleted at open and then every
//     `prune_every` batches recorded (amortised, never per classification).
//   - Checkpoints (copying the WAL back into the file, with its fsyncs) run on a background
//     thread every `checkpoint_interval`, not in the request that happens to cross a threshold;
//     a writer checkpoints itself only past `wal_autocheckpoint_pages` (a safety net).
//   - history() reads through a snapshot kept open for up to `snapshot_window` (default 250 ms)
//     on its pooled connection: starting and ending a read transaction costs half a dozen
//     fcntl() lock calls, several times the lookup itself. record() and prune() in this process
//     end every snapshot (the next lookup sees them); another process's outcomes are seen once
//     the window has passed, within the memo's window below. Every other use of a connection
//     (writes, `flakyd history`, the report) ends its snapshot first, and the checkpointer ends
//     idle ones past the window, so a snapshot never holds the WAL back longer than that.
//     Off (0) when there is no checkpointer (checkpoint_interval 0).
//   - history() answers keep for `memo_window` (default 2 s, at most `memo_entries`) in memory:
//     a failure classified again within it -- the next attempt, a matrix of shards failing
//     alike -- skips the database. record() in this process clears them; another process's
//     outcomes are seen once the window has passed (history changes per run, not per second).
//
// Errors: open() fails with a message (unreadable file, newer schema, not a database); every
// method returns a StoreError instead of throwing. history() waits at most `read_timeout` for a
// lock, so a classification never hangs on a busy store.
// Thread-safety: every method may be called from many threads; connections come from a small
// pool (one connection per concurrent caller, up to `max_connections`).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/history.hpp"
#include "support/expected.hpp"

struct sqlite3;

namespace flakyd::store {

struct SqliteOptions {
  std::filesystem::path path;                               // required
  // Writers queue for the one write lock: 20 s, under the daemon's 30 s response deadline, so a
  // burst of outcome reports from several processes waits instead of failing ("database is
  // locked" lost a batch at 5 s with four writers on a loaded machine).
  std::chrono::milliseconds busy_timeout{20000};            // writers and `flakyd history`
  std::chrono::milliseconds read_timeout{100};              // history() on the hot path
  std::optional<std::chrono::seconds> retention;            // none: keep everything
  std::size_t max_connections = 8;
  unsigned prune_every = 256;
  std::chrono::milliseconds memo_window{2000};  // 0: every history() reads the database
  std::size_t memo_entries = 4096;
  std::chrono::milliseconds snapshot_window{250};  // 0: every history() is its own read transaction
  std::chrono::milliseconds checkpoint_interval{1000};
  int wal_autocheckpoint_pages = 20000;
};

class SqliteStore final : public engine::HistoryStore {
 public:
  static flakyd::expected<std::unique_ptr<SqliteStore>, std::string> open(SqliteOptions options);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  flakyd::expected<std::size_t, engine::StoreError> record(const engine::OutcomeBatch& batch) override;
  flakyd::expected<engine::TestHistory, engine::StoreError> history(const engine::HistoryQuery& query) override;
  flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> summarise(
      const engine::SummaryQuery& query) override;
  flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError> final_outcomes(
      const std::vector<engine::RunTest>& keys) override;
  flakyd::expected<std::size_t, engine::StoreError> prune(std::int64_t before_unix) override;
  std::string describe() const override;

  // The schema version in the file (for tests and `flakyd history --json`).
  flakyd::expected<int, engine::StoreError> schema_version();

  class Connection;

 private:
  explicit SqliteStore(SqliteOptions options);
  class Lease;
  // keep_snapshot: history() only; every other caller gets a connection without an open snapshot.
  flakyd::expected<Lease, engine::StoreError> lease(std::chrono::milliseconds timeout, bool keep_snapshot = false);
  void end_idle_snapshots();
  void forget_reads();  // after this process's own commits: memo cleared, snapshots stale
  void give_back(std::unique_ptr<Connection> connection);
  void prune_if_due();
  // A lookup's integer keys (store/history_keys.hpp): what the database reads, and the memo's key.
  struct LookupKey {
    std::int64_t test = 0, fingerprint = 0, commit = 0;
    bool operator==(const LookupKey&) const = default;
  };
  struct LookupKeyHash {
    std::size_t operator()(const LookupKey& key) const noexcept;
  };
  std::optional<engine::TestHistory> remembered(const LookupKey& key, std::chrono::steady_clock::time_point now);
  void remember(const LookupKey& key, const engine::TestHistory& history, std::chrono::steady_clock::time_point now);

  struct Memo {
    engine::TestHistory history;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex m_memo_mutex;
  std::unordered_map<LookupKey, Memo, LookupKeyHash> m_memo;

  SqliteOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<Connection>> m_idle;
  std::size_t m_open = 0;
  std::atomic<unsigned> m_batches{0};
  std::atomic<std::uint64_t> m_generation{0};  // this process's commits (record, prune)

  // The background checkpointer; stopped and joined by the destructor.
  void checkpoint_loop();
  std::mutex m_stop_mutex;
  std::condition_variable m_stop_signal;
  bool m_stopping = false;
  std::thread m_checkpointer;
};

}  // namespace flakyd::store
