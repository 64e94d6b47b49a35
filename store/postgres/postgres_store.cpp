#include "store/postgres/postgres_store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <fmt/format.h>
#include <unordered_map>

#include "heuristics/taxonomy.hpp"
#include "store/history_keys.hpp"
#include "store/postgres/outcome_journal.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/schema.hpp"

namespace flakyd::store {

using pg::Clock;
using pg::Deadline;
using pg::Param;
using pg::PgConnection;
using pg::PgError;
using pg::PgErrorKind;

namespace {

// Any constant works as long as every flakyd uses the same one: "flakyd" in ASCII.
constexpr long long k_migration_lock = 0x666c616b7964LL;
// Outcomes are shipped in multi-row upserts of these sizes (largest first), so a batch of any
// size takes few round trips while every statement stays prepared.
constexpr std::array<std::size_t, 3> k_chunk_sizes = {64, 8, 1};
constexpr std::size_t k_ship_rows = 1024;
constexpr std::size_t k_columns = 13;
constexpr auto k_prune_every = std::chrono::hours(6);
constexpr auto k_exit_flush = std::chrono::milliseconds(2000);
constexpr auto k_first_backoff = std::chrono::milliseconds(100);
constexpr std::size_t k_max_pending_cancels = 64;
constexpr int k_max_cancel_threads = 4;

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Deadline after(std::chrono::milliseconds span) { return Clock::now() + span; }

std::string chunk_statement(std::size_t rows) { return "upsert_" + std::to_string(rows); }

// k_upsert_outcome with `rows` value tuples: the shared single-row text, widened.
std::string multi_row_upsert(std::size_t rows) {
  const std::string_view single = k_upsert_outcome;
  const auto values = single.find(" VALUES (");
  const auto conflict = single.find(" ON CONFLICT");
  std::string sql(single.substr(0, values));
  sql += " VALUES ";
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row ? ", (" : "(";
    for (std::size_t column = 0; column < k_columns; ++column) {
      sql += fmt::format("{}${}", column ? ", " : "", row * k_columns + column + 1);
    }
    sql += ')';
  }
  sql += single.substr(conflict);
  return sql;
}

struct Prepared {
  std::string name;
  std::string sql;
  int parameters;
};

const std::vector<Prepared>& prepared_statements() {
  static const std::vector<Prepared> k_statements = [] {
    std::vector<Prepared> statements = {
        {"history", std::string(k_test_history), 3},
        {"summarise", std::string(k_summarise), 4},
        {"final_outcome", std::string(k_final_outcome), 2},
        {"get_verdict", std::string(k_get_verdict), 2},
        {"put_verdict", std::string(k_put_verdict), 7},
    };
    for (const std::size_t rows : k_chunk_sizes) {
      statements.push_back({chunk_statement(rows), multi_row_upsert(rows), static_cast<int>(rows * k_columns)});
    }
    return statements;
  }();
  return k_statements;
}

Param number(long long value) { return std::to_string(value); }
Param real(double value) { return fmt::format("{:.17g}", value); }

void append_row(std::vector<Param>& params, const pg::JournalRow& row) {
  const engine::OutcomeRecord& outcome = row.outcome;
  params.push_back(row.run_id);
  params.push_back(outcome.test_id);
  params.push_back(row.commit);
  params.push_back(std::string(engine::to_string(outcome.outcome)));
  params.push_back(number(outcome.attempts));
  params.push_back(outcome.fingerprint);
  params.push_back(outcome.category);
  params.push_back(outcome.rule);
  params.push_back(outcome.duration_s ? real(*outcome.duration_s) : Param{});
  params.push_back(number(row.recorded_at));
  params.push_back(number(history_key(outcome.test_id)));
  params.push_back(number(history_key(row.commit)));
  params.push_back(number(history_key(outcome.fingerprint)));
}

// One upsert statement must not touch a key twice: keep each (run, test)'s last report, in order.
std::vector<const pg::JournalRow*> last_per_key(const std::vector<pg::JournalRow>& rows) {
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    last[rows[index].run_id + '\x1f' + rows[index].outcome.test_id] = index;
  }
  std::vector<const pg::JournalRow*> kept;
  for (std::size_t index = 0; index < rows.size(); ++index) {
    if (last[rows[index].run_id + '\x1f' + rows[index].outcome.test_id] == index) kept.push_back(&rows[index]);
  }
  return kept;
}

// Upserts the rows in one transaction. The connection is left idle (committed or rolled back).
flakyd::expected<void, PgError> ship_rows(PgConnection& connection, const std::vector<pg::JournalRow>& rows,
                                          Deadline deadline) {
  const auto kept = last_per_key(rows);
  if (auto begun = connection.run("BEGIN", {}, deadline); !begun) return flakyd::unexpected(begun.error());
  std::size_t next = 0;
  for (const std::size_t size : k_chunk_sizes) {
    while (kept.size() - next >= size) {
      std::vector<Param> params;
      params.reserve(size * k_columns);
      for (std::size_t row = 0; row < size; ++row) append_row(params, *kept[next + row]);
      auto done = connection.run_prepared(chunk_statement(size), params, deadline);
      if (!done) {
        if (connection.usable()) connection.run("ROLLBACK", {}, deadline);
        return flakyd::unexpected(done.error());
      }
      next += size;
    }
  }
  if (auto committed = connection.run("COMMIT", {}, deadline); !committed) {
    return flakyd::unexpected(committed.error());
  }
  return {};
}

// Computes the integer keys of the rows already there (a migration's `fills_keys`), a chunk at a
// time in primary-key order, inside the migration's transaction. One UPDATE per row: a one-time
// cost when a fleet's store is upgraded, under the migration's advisory lock.
flakyd::expected<void, PgError> fill_keys(PgConnection& connection, Deadline deadline) {
  constexpr int k_chunk = 1000;
  std::string after_run, after_test;
  for (;;) {
    auto chunk = connection.run(k_rows_to_key, {after_run, after_test, number(k_chunk)}, deadline);
    if (!chunk) return flakyd::unexpected(chunk.error());
    const int count = pg::rows(*chunk);
    for (int row = 0; row < count; ++row) {
      const std::string_view test_id = pg::text(*chunk, row, 1);
      auto filled = connection.run(k_fill_keys,
                                   {std::string(pg::text(*chunk, row, 0)), std::string(test_id),
                                    number(history_key(test_id)), number(history_key(pg::text(*chunk, row, 2))),
                                    number(history_key(pg::text(*chunk, row, 3)))},
                                   deadline);
      if (!filled) return flakyd::unexpected(filled.error());
    }
    if (count < k_chunk) return {};
    after_run = pg::text(*chunk, count - 1, 0);
    after_test = pg::text(*chunk, count - 1, 1);
  }
}

flakyd::expected<int, PgError> migrate(PgConnection& connection, Deadline deadline, bool apply) {
  auto fail = [&](PgError error) -> flakyd::expected<int, PgError> {
    if (connection.usable()) connection.run("ROLLBACK", {}, deadline);
    return flakyd::unexpected(std::move(error));
  };
  if (auto begun = connection.run("BEGIN", {}, deadline); !begun) return flakyd::unexpected(begun.error());
  if (apply) {
    if (auto locked = connection.run(fmt::format("SELECT pg_advisory_xact_lock({})", k_migration_lock), {}, deadline);
        !locked) {
      return fail(locked.error());
    }
    if (auto created = connection.run(k_create_schema_table, {}, deadline); !created) return fail(created.error());
  } else {
    auto exists = connection.run("SELECT to_regclass('flakyd_schema') IS NOT NULL", {}, deadline);
    if (!exists) return fail(exists.error());
    if (pg::text(*exists, 0, 0) != "t") {
      connection.run("ROLLBACK", {}, deadline);
      return 0;
    }
  }
  auto version = connection.run(k_read_schema_version, {}, deadline);
  if (!version) return fail(version.error());
  const int current = static_cast<int>(pg::integer(*version, 0, 0));
  int reached = current;
  if (apply && current <= k_schema_version) {  // a newer schema is left alone: the caller refuses it
    for (const Migration& migration : migrations()) {
      if (migration.version <= current) continue;
      for (const std::string_view statement : migration.statements) {
        if (auto done = connection.run(statement, {}, deadline); !done) return fail(done.error());
      }
      if (migration.fills_keys) {
        if (auto filled = fill_keys(connection, deadline); !filled) return fail(filled.error());
      }
      for (const std::string_view statement : migration.after_fill) {
        if (auto done = connection.run(statement, {}, deadline); !done) return fail(done.error());
      }
      if (auto noted = connection.run(k_note_schema_version, {number(migration.version), number(now_unix())}, deadline);
          !noted) {
        return fail(noted.error());
      }
      reached = migration.version;
    }
  }
  if (auto committed = connection.run("COMMIT", {}, deadline); !committed) return flakyd::unexpected(committed.error());
  return reached;
}

engine::StoreError store_error(const std::string& message) { return engine::StoreError{message}; }

}  // namespace

// ---- the pool -----------------------------------------------------------------------------

class PostgresStore::Pool {
 public:
  explicit Pool(std::size_t size) : m_size(size) {}

  // An idle connection, waiting for one only while some are in use and the deadline allows;
  // nullptr at once when none is open (the store is down: never wait for a reconnection).
  std::unique_ptr<PgConnection> acquire(Deadline deadline) {
    std::unique_lock lock(m_mutex);
    while (m_idle.empty()) {
      if (m_open == 0) return nullptr;
      if (m_returned.wait_until(lock, deadline) == std::cv_status::timeout && m_idle.empty()) return nullptr;
    }
    auto connection = std::move(m_idle.back());
    m_idle.pop_back();
    return connection;
  }

  // A connection that timed out or broke is dropped; its query (if any) is cancelled later, off
  // the caller's path.
  void release(std::unique_ptr<PgConnection> connection) {
    std::lock_guard lock(m_mutex);
    if (connection->usable()) {
      m_idle.push_back(std::move(connection));
    } else {
      // Only a query that outlived its deadline may still be running; a broken connection's
      // server is gone or has noticed.
      if (connection->timed_out() && m_cancels.size() < k_max_pending_cancels) {
        if (auto cancel = connection->cancel_handle()) m_cancels.push_back(std::move(cancel));
      }
      connection.reset();
      --m_open;
    }
    m_returned.notify_one();
  }

  void add(std::unique_ptr<PgConnection> connection) {
    std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(connection));
    ++m_open;
    m_returned.notify_one();
  }

  std::size_t open() const {
    std::lock_guard lock(m_mutex);
    return m_open;
  }
  bool full() const { return open() >= m_size; }

  std::vector<std::unique_ptr<pg::CancelHandle>> take_cancels() {
    std::lock_guard lock(m_mutex);
    return std::exchange(m_cancels, {});
  }

  void close_all() {
    std::lock_guard lock(m_mutex);
    m_open -= m_idle.size();
    m_idle.clear();
  }

 private:
  const std::size_t m_size;
  mutable std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::unique_ptr<PgConnection>> m_idle;
  std::vector<std::unique_ptr<pg::CancelHandle>> m_cancels;
  std::size_t m_open = 0;
};

// A borrowed connection, given back on every path.
namespace {
class Lease {
 public:
  Lease(PostgresStore::Pool& pool, std::unique_ptr<PgConnection> connection)
      : m_pool(pool), m_connection(std::move(connection)) {}
  ~Lease() {
    if (m_connection) m_pool.release(std::move(m_connection));
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  explicit operator bool() const { return m_connection != nullptr; }
  PgConnection* operator->() { return m_connection.get(); }
  PgConnection& operator*() { return *m_connection; }

 private:
  PostgresStore::Pool& m_pool;
  std::unique_ptr<PgConnection> m_connection;
};
}  // namespace

// ---- lifecycle ------------------------------------------------------------------------------

PostgresStore::PostgresStore(PostgresOptions options)
    : m_options(std::move(options)),
      m_description(pg::strip_password(m_options.conninfo)),
      m_pool(std::make_unique<Pool>(std::max<std::size_t>(1, m_options.pool_size))) {}

flakyd::expected<std::unique_ptr<PostgresStore>, std::string> PostgresStore::open(PostgresOptions options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(options)));
  if (!store->m_options.journal.empty()) {
    auto journal = pg::OutcomeJournal::open(store->m_options.journal);
    if (!journal) return flakyd::unexpected(journal.error());
    store->m_journal = std::move(*journal);
    if (auto depth = store->m_journal->depth()) store->m_stats.journal_depth = *depth;
  }
  store->connect_one();
  store->m_worker = std::thread([raw = store.get()] { raw->worker_loop(); });
  return store;
}

PostgresStore::~PostgresStore() {
  // A short-lived process (`flakyd classify`, `flakyd outcome`) hands over what it learnt before
  // leaving, while the store is up; what remains in the journal ships from the next process.
  if (m_pool->open() > 0) flush(k_exit_flush);
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_worker.joinable()) m_worker.join();
  m_pool->close_all();
}

std::string PostgresStore::describe() const { return m_description; }

// Opens one connection: connect, migrate (once per process), prepare. Runs on the worker (and
// once in open()); logs the store going down or coming back once per transition.
bool PostgresStore::connect_one() {
  const Deadline deadline = after(m_options.connect_deadline);
  auto connected = PgConnection::connect(m_options.conninfo, deadline);
  auto ready = [&]() -> flakyd::expected<void, PgError> {
    if (!connected) return flakyd::unexpected(connected.error());
    bool migrated = false;
    {
      std::lock_guard lock(m_mutex);
      migrated = m_migrated;
    }
    if (!migrated) {
      auto version = migrate(**connected, after(m_options.admin_deadline), m_options.migrate);
      if (!version) return flakyd::unexpected(version.error());
      if (*version > k_schema_version) {
        return flakyd::unexpected(PgError{PgErrorKind::rejected,
                                          fmt::format("the database's schema is version {}, newer than this "
                                                      "flakyd's {}: upgrade flakyd",
                                                      *version, k_schema_version)});
      }
      if (*version < k_schema_version) {
        return flakyd::unexpected(PgError{PgErrorKind::rejected,
                                          fmt::format("schema version {} is older than {}: run `flakyd store "
                                                      "migrate`",
                                                      *version, k_schema_version)});
      }
    }
    for (const Prepared& statement : prepared_statements()) {
      if (auto done = (*connected)->prepare(statement.name, statement.sql, statement.parameters, deadline); !done) {
        return flakyd::unexpected(done.error());
      }
    }
    return {};
  }();
  std::lock_guard lock(m_mutex);
  if (!ready) {
    ++m_stats.connect_failures;
    if (!m_down_logged && m_pool->open() == 0) {
      spdlog::warn("store: PostgreSQL {} unavailable ({}); answering from local state, journaling outcomes",
                   m_description, ready.error().message);
      m_down_logged = true;
    }
    m_next_connect = Clock::now() + m_backoff;
    m_backoff = std::min(m_backoff * 2, m_options.max_backoff);
    return false;
  }
  if (!m_migrated) spdlog::info("store: PostgreSQL {} (schema version {})", m_description, k_schema_version);
  m_migrated = true;
  if (m_down_logged) {
    spdlog::info("store: PostgreSQL {} reachable again; shipping {} journaled outcomes", m_description,
                 m_stats.journal_depth);
    m_down_logged = false;
    ++m_stats.reconnects;
  }
  m_pool->add(std::move(*connected));
  return true;
}

void PostgresStore::note_failure(const std::string& what, const std::string& message, bool timeout) {
  std::lock_guard lock(m_mutex);
  if (timeout) {
    ++m_stats.lookup_timeouts;
    // A slow server gets time, not a new connection straight away for every query it is late on.
    m_next_connect = std::max(m_next_connect, Clock::now() + m_backoff);
    m_backoff = std::min(m_backoff * 2, m_options.max_backoff);
  } else {
    ++m_stats.errors;
  }
  if (!m_down_logged && m_pool->open() == 0) {
    spdlog::warn("store: PostgreSQL {} {} failed ({}); answering from local state", m_description, what, message);
    m_down_logged = true;
  }
  m_wake.notify_all();
}

void PostgresStore::count_latency(Clock::duration elapsed) {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::lock_guard lock(m_mutex);
  m_backoff = k_first_backoff;  // the store answers in time again
  ++m_stats.lookups;
  m_stats.latency_sum += seconds;
  const auto bucket = std::lower_bound(k_store_latency_buckets.begin(), k_store_latency_buckets.end(), seconds);
  ++m_stats.latency[static_cast<std::size_t>(bucket - k_store_latency_buckets.begin())];
}

StoreStats PostgresStore::stats() const {
  std::lock_guard lock(m_mutex);
  StoreStats snapshot = m_stats;
  snapshot.connected = m_pool->open() > 0;
  return snapshot;
}

// ---- the worker -----------------------------------------------------------------------------

// PQcancel() opens a connection of its own and honours no deadline: it runs on a short-lived
// thread of its own, never on the worker (which must keep reconnecting and shipping), and at
// most k_max_cancel_threads at once (an unreachable server could hold each for minutes).
void PostgresStore::send_cancels(std::vector<std::unique_ptr<pg::CancelHandle>> cancels) {
  if (cancels.empty()) return;
  if (m_cancel_threads->fetch_add(1) >= k_max_cancel_threads) {
    m_cancel_threads->fetch_sub(1);
    return;  // the server ends the query itself when it next writes to the closed socket
  }
  std::thread([cancels = std::move(cancels), running = m_cancel_threads] {
    for (const auto& cancel : cancels) cancel->send();
    running->fetch_sub(1);
  }).detach();
}

void PostgresStore::worker_loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    const auto now = Clock::now();
    const bool want_connection = !m_pool->full() && now >= m_next_connect;
    lock.unlock();
    send_cancels(m_pool->take_cancels());
    if (want_connection) connect_one();
    bool idle = true;
    if (m_pool->open() > 0) {
      if (m_journal && Clock::now() >= m_next_ship) idle = !ship_journal() && idle;
      idle = !write_verdicts() && idle;
      if (m_options.retention && Clock::now() >= m_next_prune) {
        m_next_prune = Clock::now() + k_prune_every;
        const std::int64_t before = now_unix() - m_options.retention->count();
        prune(before);
      }
    }
    lock.lock();
    if (m_stop) break;
    const bool more = !m_pool->full() || !m_pending_verdicts.empty() || m_stats.journal_depth > 0;
    if (idle) m_wake.wait_for(lock, more ? std::chrono::milliseconds(50) : std::chrono::milliseconds(500));
  }
}

// Ships the oldest journaled outcomes; true when it moved some (there may be more).
bool PostgresStore::ship_journal() {
  auto rows = m_journal->oldest(k_ship_rows);
  if (!rows || rows->empty()) return false;
  Lease connection(*m_pool, m_pool->acquire(after(m_options.write_deadline)));
  if (!connection) return false;
  auto shipped = ship_rows(*connection, *rows, after(m_options.admin_deadline));
  if (!shipped) {
    const PgError& error = shipped.error();
    std::lock_guard lock(m_mutex);
    ++m_stats.errors;
    if (error.kind == PgErrorKind::read_only && !m_read_only_logged) {
      spdlog::warn("store: PostgreSQL {} is read-only ({}); outcomes stay journaled until it accepts writes",
                   m_description, error.message);
      m_read_only_logged = true;
    } else if (error.kind != PgErrorKind::read_only) {
      spdlog::debug("store: shipping journaled outcomes failed: {}", error.message);
    }
    m_stats.writable = error.kind != PgErrorKind::read_only;
    m_next_ship = Clock::now() + m_backoff;
    m_backoff = std::min(m_backoff * 2, m_options.max_backoff);
    return false;
  }
  const std::int64_t through = rows->back().sequence;
  auto forgotten = m_journal->forget(through);
  std::lock_guard lock(m_mutex);
  if (!forgotten) spdlog::warn("store: journal {}: {}", m_journal->path().string(), forgotten.error());
  if (m_read_only_logged) {
    spdlog::info("store: PostgreSQL {} accepts writes again", m_description);
    m_read_only_logged = false;
  }
  m_stats.writable = true;
  m_backoff = k_first_backoff;
  m_stats.outcomes_shipped += rows->size();
  m_stats.journal_depth = std::max<long long>(0, m_stats.journal_depth - static_cast<long long>(rows->size()));
  m_shipped_through = std::max(m_shipped_through, through);
  m_shipped.notify_all();
  return true;
}

bool PostgresStore::write_verdicts() {
  std::deque<std::pair<std::string, engine::CachedVerdict>> batch;
  {
    std::lock_guard lock(m_mutex);
    if (m_pending_verdicts.empty()) return false;
    batch.swap(m_pending_verdicts);
  }
  Lease connection(*m_pool, m_pool->acquire(after(m_options.write_deadline)));
  std::size_t written = 0;
  if (connection) {
    const Deadline deadline = after(m_options.admin_deadline);
    for (const auto& [key, verdict] : batch) {
      auto done = connection->run_prepared(
          "put_verdict",
          {key, std::string(heuristics::to_string(verdict.category)), real(verdict.confidence), verdict.rule,
           verdict.reason, std::string(engine::to_string(verdict.origin)), number(verdict.stored_at_unix)},
          deadline);
      if (!done) break;
      ++written;
    }
  }
  std::lock_guard lock(m_mutex);
  m_stats.verdicts_written += written;
  if (written < batch.size()) {
    ++m_stats.errors;
    // Put the rest back in front (still bounded); verdicts can always be found again.
    for (std::size_t index = batch.size(); index-- > written;) {
      if (m_pending_verdicts.size() >= m_options.max_pending_verdicts) {
        ++m_stats.verdicts_dropped;
        continue;
      }
      m_pending_verdicts.push_front(std::move(batch[index]));
    }
    return false;
  }
  return true;
}

bool PostgresStore::flush(std::chrono::milliseconds timeout) {
  const Deadline deadline = after(timeout);
  std::unique_lock lock(m_mutex);
  for (;;) {
    const bool journal_empty = !m_journal || m_stats.journal_depth == 0;
    if (journal_empty && m_pending_verdicts.empty()) return true;
    m_wake.notify_all();
    if (m_shipped.wait_until(lock, std::min(deadline, Clock::now() + std::chrono::milliseconds(20))) ==
            std::cv_status::timeout &&
        Clock::now() >= deadline) {
      return false;
    }
  }
}

// ---- the port -------------------------------------------------------------------------------

flakyd::expected<std::size_t, engine::StoreError> PostgresStore::record(const engine::OutcomeBatch& batch) {
  const std::int64_t recorded_at = now_unix();
  if (!m_journal) {
    std::vector<pg::JournalRow> rows;
    for (const engine::OutcomeRecord& outcome : batch.outcomes) {
      rows.push_back(pg::JournalRow{0, batch.run_id, batch.commit, outcome, recorded_at});
    }
    Lease connection(*m_pool, m_pool->acquire(after(m_options.write_deadline)));
    if (!connection) return flakyd::unexpected(store_error("the store is unavailable"));
    auto shipped = ship_rows(*connection, rows, after(m_options.admin_deadline));
    if (!shipped) return flakyd::unexpected(store_error(shipped.error().message));
    return batch.outcomes.size();
  }
  auto sequence = m_journal->append(batch, recorded_at);
  if (!sequence) {
    spdlog::warn("store: journal {}: {}", m_journal->path().string(), sequence.error());
    std::lock_guard lock(m_mutex);
    ++m_stats.errors;
    return flakyd::unexpected(store_error("the outcome journal cannot be written"));
  }
  std::unique_lock lock(m_mutex);
  m_stats.outcomes_journaled += batch.outcomes.size();
  m_stats.journal_depth += static_cast<long long>(batch.outcomes.size());
  m_wake.notify_all();
  // Wait for the worker to ship it, briefly and only while the store is up and writable: then
  // the batch is in the fleet's history when report_outcome answers.
  const Deadline deadline = after(m_options.write_deadline);
  m_shipped.wait_until(lock, deadline, [&] {
    return m_shipped_through >= *sequence || m_pool->open() == 0 || !m_stats.writable || m_stop;
  });
  return batch.outcomes.size();
}

std::optional<pg::Result> PostgresStore::lookup(const std::string& statement, const std::vector<Param>& params,
                                                std::string_view what) {
  const auto started = Clock::now();
  const Deadline deadline = started + m_options.lookup_deadline;
  Lease connection(*m_pool, m_pool->acquire(deadline));
  if (!connection) {
    std::lock_guard lock(m_mutex);
    ++m_stats.unavailable;
    return std::nullopt;
  }
  auto result = connection->run_prepared(statement, params, deadline);
  if (!result) {
    note_failure(std::string(what), result.error().message, result.error().kind == PgErrorKind::timeout);
    return std::nullopt;
  }
  count_latency(Clock::now() - started);
  return std::move(*result);
}

flakyd::expected<engine::TestHistory, engine::StoreError> PostgresStore::history(const engine::HistoryQuery& query) {
  auto result = lookup("history",
                       {number(history_key(query.test_id)), number(history_key(query.fingerprint)),
                        number(history_key(query.commit))},
                       "history lookup");
  if (!result) return flakyd::unexpected(store_error("the store did not answer in time (down, slow or failing)"));
  engine::TestHistory history;
  long* fields[] = {&history.runs,           &history.flaky_runs,         &history.failed_all_runs,
                    &history.recovered_runs, &history.commit_failed_runs, &history.commit_passed_runs,
                    &history.commit_retried_passes};
  for (int column = 0; column < 7; ++column) *fields[column] = static_cast<long>(pg::integer(*result, 0, column));
  return history;
}

flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> PostgresStore::summarise(
    const engine::SummaryQuery& query) {
  const Deadline deadline = after(m_options.admin_deadline);
  Lease connection(*m_pool, m_pool->acquire(deadline));
  if (!connection) return flakyd::unexpected(store_error("the store is unavailable"));
  auto result = connection->run_prepared(
      "summarise",
      {number(query.since_unix), query.test_id, real(query.min_flake_rate), number(static_cast<long long>(query.limit))},
      deadline);
  if (!result) {
    note_failure("summary", result.error().message, false);
    return flakyd::unexpected(store_error(result.error().message));
  }
  std::vector<engine::TestSummary> summaries;
  for (int row = 0; row < pg::rows(*result); ++row) {
    engine::TestSummary summary;
    summary.test_id = std::string(pg::text(*result, row, 0));
    summary.runs = static_cast<long>(pg::integer(*result, row, 1));
    summary.failures = static_cast<long>(pg::integer(*result, row, 2));
    summary.flaky_runs = static_cast<long>(pg::integer(*result, row, 3));
    summary.last_seen_unix = pg::integer(*result, row, 4);
    summary.last_category = std::string(pg::text(*result, row, 5));
    summary.flake_rate = summary.runs ? static_cast<double>(summary.flaky_runs) / summary.runs : 0.0;
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError> PostgresStore::final_outcomes(
    const std::vector<engine::RunTest>& keys) {
  const Deadline deadline = after(m_options.admin_deadline);
  Lease connection(*m_pool, m_pool->acquire(deadline));
  if (!connection) return flakyd::unexpected(store_error("the store is unavailable"));
  std::vector<std::optional<engine::FinalOutcome>> answers;
  answers.reserve(keys.size());
  for (const engine::RunTest& key : keys) {
    auto result = connection->run_prepared("final_outcome", {key.run_id, key.test_id}, deadline);
    if (!result) {
      note_failure("outcome lookup", result.error().message, false);
      return flakyd::unexpected(store_error(result.error().message));
    }
    if (pg::rows(*result) == 0) {
      answers.emplace_back();
      continue;
    }
    const auto outcome = engine::parse_outcome(pg::text(*result, 0, 0));
    answers.push_back(outcome ? std::optional(engine::FinalOutcome{*outcome, static_cast<int>(pg::integer(*result, 0, 1))})
                              : std::nullopt);
  }
  return answers;
}

flakyd::expected<std::size_t, engine::StoreError> PostgresStore::prune(std::int64_t before_unix) {
  const Deadline deadline = after(m_options.admin_deadline);
  Lease connection(*m_pool, m_pool->acquire(deadline));
  if (!connection) return flakyd::unexpected(store_error("the store is unavailable"));
  auto outcomes = connection->run(k_prune, {number(before_unix)}, deadline);
  if (!outcomes) return flakyd::unexpected(store_error(outcomes.error().message));
  if (auto verdicts = connection->run(k_prune_verdicts, {number(before_unix)}, deadline); !verdicts) {
    return flakyd::unexpected(store_error(verdicts.error().message));
  }
  return pg::affected_rows(*outcomes);
}

std::optional<engine::CachedVerdict> PostgresStore::lookup_verdict(std::string_view key,
                                                                   std::int64_t fresh_after_unix) {
  auto result = lookup("get_verdict", {std::string(key), number(fresh_after_unix)}, "verdict lookup");
  if (!result) return std::nullopt;
  if (pg::rows(*result) == 0) return std::nullopt;
  const auto category = heuristics::parse_category(pg::text(*result, 0, 0));
  const double confidence = pg::real(*result, 0, 1);
  const std::string_view origin = pg::text(*result, 0, 4);
  if (!category || !(confidence >= 0.0 && confidence <= 1.0) || (origin != "heuristic" && origin != "ai")) {
    return std::nullopt;  // written by something else: ignore rather than trust
  }
  {
    std::lock_guard lock(m_mutex);
    ++m_stats.verdict_hits;
  }
  return engine::CachedVerdict{*category,
                               confidence,
                               std::string(pg::text(*result, 0, 2)),
                               std::string(pg::text(*result, 0, 3)),
                               origin == "ai" ? engine::Source::ai : engine::Source::heuristic,
                               pg::integer(*result, 0, 5)};
}

void PostgresStore::store_verdict(std::string_view key, const engine::CachedVerdict& verdict) {
  std::lock_guard lock(m_mutex);
  if (m_pending_verdicts.size() >= m_options.max_pending_verdicts) {
    ++m_stats.verdicts_dropped;
    return;
  }
  m_pending_verdicts.emplace_back(std::string(key), verdict);
  m_wake.notify_all();
}

flakyd::expected<int, std::string> postgres_schema_version(const PostgresOptions& options, bool apply) {
  const Deadline deadline = after(options.admin_deadline);
  auto connection = PgConnection::connect(options.conninfo, deadline);
  if (!connection) return flakyd::unexpected(connection.error().message);
  auto version = migrate(**connection, deadline, apply);
  if (!version) return flakyd::unexpected(version.error().message);
  return *version;
}

// ---- the VerdictCache adapter ---------------------------------------------------------------

std::optional<engine::CachedVerdict> PostgresVerdictCache::lookup(std::string_view key) {
  return m_store.lookup_verdict(key, now_unix() - m_ttl.count());
}

void PostgresVerdictCache::store(std::string_view key, const engine::CachedVerdict& verdict) {
  m_store.store_verdict(key, verdict);
}

}  // namespace flakyd::store
