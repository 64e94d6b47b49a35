#include "store/sqlite_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <system_error>
#include <variant>

#include "store/history_keys.hpp"
#include "store/schema.hpp"

namespace flakyd::store {

using engine::StoreError;

namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

StoreError error_of(sqlite3* db, std::string_view what) {
  return StoreError{std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
}

// A value for one `$n` parameter.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string_view>;

}  // namespace

// One SQLite connection and its prepared statements (keyed by the schema constant's address:
// every query is a constant of store/schema.hpp).
class SqliteStore::Connection {
 public:
  explicit Connection(sqlite3* db) : m_db(db) {}
  ~Connection() {
    for (auto& [key, prepared] : m_statements) sqlite3_finalize(prepared.statement);
    sqlite3_close_v2(m_db);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return m_db; }

  // A read snapshot kept open across history() lookups (see the header): BEGIN now, the next
  // SELECT takes the read lock, and it is held until end_snapshot(). `generation` is the store's
  // count of its own commits when the snapshot began.
  bool in_snapshot() const { return m_snapshot; }
  bool snapshot_current(std::chrono::steady_clock::time_point now, std::uint64_t generation) const {
    return m_snapshot && now < m_snapshot_until && generation == m_snapshot_generation;
  }
  bool begin_snapshot(std::chrono::steady_clock::time_point until, std::uint64_t generation) {
    if (!exec("BEGIN")) return false;
    m_snapshot = true;
    m_snapshot_until = until;
    m_snapshot_generation = generation;
    return true;
  }
  void end_snapshot() {
    if (!m_snapshot) return;
    m_snapshot = false;
    if (sqlite3_get_autocommit(m_db) == 0) exec("COMMIT");
  }
  bool snapshot_expired(std::chrono::steady_clock::time_point now) const { return m_snapshot && now >= m_snapshot_until; }

  // Runs SQL without parameters or results (PRAGMAs, BEGIN, COMMIT, DDL).
  bool exec(std::string_view sql) {
    const std::string text(sql);
    return sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }

  // A prepared statement for `sql`, bound to `values` ($1 = values[0], ...), reset on release.
  sqlite3_stmt* prepare(std::string_view sql, std::initializer_list<Value> values) {
    Prepared& prepared = m_statements[sql.data()];
    if (!prepared.statement && !compile(sql, prepared)) return nullptr;
    sqlite3_stmt* statement = prepared.statement;
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    std::size_t number = 0;
    for (const auto& value : values) {
      const int index = number < prepared.slots.size() ? prepared.slots[number] : 0;
      ++number;
      if (index == 0) continue;  // the query does not use this parameter
      int status = SQLITE_OK;
      if (const auto* text = std::get_if<std::string_view>(&value)) {
        status = sqlite3_bind_text(statement, index, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
      } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        status = sqlite3_bind_int64(statement, index, *integer);
      } else if (const auto* real = std::get_if<double>(&value)) {
        status = sqlite3_bind_double(statement, index, *real);
      } else {
        status = sqlite3_bind_null(statement, index);
      }
      if (status != SQLITE_OK) return nullptr;
    }
    return statement;
  }

 private:
  struct Prepared {
    sqlite3_stmt* statement = nullptr;
    std::vector<int> slots;  // slots[n]: SQLite's index of parameter $n+1 (0: unused)
  };

  // SQLite numbers `$n` parameters in order of first appearance, so `$n` is looked up by name
  // once, here, rather than assumed to be index n.
  bool compile(std::string_view sql, Prepared& prepared) {
    if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &prepared.statement, nullptr) != SQLITE_OK) {
      sqlite3_finalize(prepared.statement);
      prepared.statement = nullptr;
      return false;
    }
    for (int n = 1; n <= sqlite3_bind_parameter_count(prepared.statement); ++n) {
      prepared.slots.push_back(sqlite3_bind_parameter_index(prepared.statement, ("$" + std::to_string(n)).c_str()));
    }
    return true;
  }

  sqlite3* m_db;
  std::map<const char*, Prepared> m_statements;
  bool m_snapshot = false;
  std::chrono::steady_clock::time_point m_snapshot_until;
  std::uint64_t m_snapshot_generation = 0;
};

class SqliteStore::Lease {
 public:
  Lease(SqliteStore& store, std::unique_ptr<Connection> connection)
      : m_store(&store), m_connection(std::move(connection)) {}
  Lease(Lease&& other) noexcept
      : m_store(other.m_store), m_connection(std::move(other.m_connection)) {}
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (m_connection) m_store->give_back(std::move(m_connection));
  }
  Connection* operator->() const { return m_connection.get(); }
  Connection& operator*() const { return *m_connection; }

 private:
  SqliteStore* m_store;
  std::unique_ptr<Connection> m_connection;
};

namespace {

flakyd::expected<std::unique_ptr<SqliteStore::Connection>, std::string> connect(const SqliteOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
  const int status = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  auto connection = std::make_unique<SqliteStore::Connection>(db);
  if (status != SQLITE_OK) return flakyd::unexpected(error_of(db, options.path.string()).message);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(options.busy_timeout.count()));
  // mmap: reads of a warm store are memory loads, not a read() per page (a history lookup went
  // from ~23 to a few microseconds on a 1M-outcome file); the page cache keeps the index hot.
  // 1 GiB of address space (not memory): a 1M-outcome file is already ~250 MB, and pages past
  // the mapping fall back to read() and the small page cache.
  const std::string autocheckpoint = "PRAGMA wal_autocheckpoint=" + std::to_string(options.wal_autocheckpoint_pages);
  for (const std::string& pragma : {std::string("PRAGMA journal_mode=WAL"), std::string("PRAGMA synchronous=NORMAL"),
                                    std::string("PRAGMA foreign_keys=ON"), std::string("PRAGMA mmap_size=1073741824"),
                                    std::string("PRAGMA cache_size=-16384"), autocheckpoint}) {
    if (!connection->exec(pragma)) {
      return flakyd::unexpected(error_of(db, options.path.string() + ": " + pragma).message);
    }
  }
  return connection;
}

// Creates the directory (0700) and the file (0600) before SQLite does, so neither is ever
// readable by others; SQLite gives its -wal and -shm files the database file's permissions.
std::optional<std::string> prepare_file(const std::filesystem::path& path) {
  std::error_code error;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return path.parent_path().string() + ": " + error.message();
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return path.string() + ": " + std::strerror(errno);
  ::close(fd);
  return std::nullopt;
}

bool step_done(sqlite3_stmt* statement) { return statement && sqlite3_step(statement) == SQLITE_DONE; }

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))) : std::string();
}

// Computes the integer keys of the rows already in the file (a migration's `fills_keys`), a
// chunk at a time in primary-key order; runs inside the migration's transaction.
bool fill_keys(SqliteStore::Connection& connection) {
  constexpr std::int64_t k_chunk = 1000;
  struct Row {
    std::string run_id, test_id, commit, fingerprint;
  };
  std::string after_run, after_test;
  for (;;) {
    sqlite3_stmt* select = connection.prepare(
        k_rows_to_key, {std::string_view(after_run), std::string_view(after_test), k_chunk});
    if (!select) return false;
    std::vector<Row> rows;
    int status;
    while ((status = sqlite3_step(select)) == SQLITE_ROW) {
      rows.push_back({column_text(select, 0), column_text(select, 1), column_text(select, 2), column_text(select, 3)});
    }
    sqlite3_reset(select);
    if (status != SQLITE_DONE) return false;
    for (const Row& row : rows) {
      if (!step_done(connection.prepare(k_fill_keys, {std::string_view(row.run_id), std::string_view(row.test_id),
                                                      history_key(row.test_id), history_key(row.commit),
                                                      history_key(row.fingerprint)}))) {
        return false;
      }
    }
    if (rows.size() < static_cast<std::size_t>(k_chunk)) return true;
    after_run = std::move(rows.back().run_id);
    after_test = std::move(rows.back().test_id);
  }
}

// Applies the migrations the file lacks, under the write lock (BEGIN IMMEDIATE): two processes
// opening a new file at once migrate it once.
flakyd::expected<void, std::string> migrate(SqliteStore::Connection& connection) {
  if (!connection.exec("BEGIN IMMEDIATE")) return flakyd::unexpected(error_of(connection.db(), "migrate").message);
  auto fail = [&](std::string_view what) {
    auto message = error_of(connection.db(), what).message;
    connection.exec("ROLLBACK");
    return flakyd::unexpected(std::move(message));
  };
  if (!connection.exec(k_create_schema_table)) return fail("migrate: schema table");
  sqlite3_stmt* read = connection.prepare(k_read_schema_version, {});
  if (!read || sqlite3_step(read) != SQLITE_ROW) return fail("migrate: schema version");
  const int version = sqlite3_column_int(read, 0);
  sqlite3_reset(read);
  if (version > k_schema_version) {
    connection.exec("ROLLBACK");
    return flakyd::unexpected("the store's schema version " + std::to_string(version) +
                              " is newer than this flakyd's (" + std::to_string(k_schema_version) +
                              "): upgrade flakyd or use another --store");
  }
  for (const auto& migration : migrations()) {
    if (migration.version <= version) continue;
    const std::string what = "migrate to version " + std::to_string(migration.version);
    for (auto statement : migration.statements) {
      if (!connection.exec(statement)) return fail(what);
    }
    if (migration.fills_keys && !fill_keys(connection)) return fail(what + ": keys of existing outcomes");
    for (auto statement : migration.after_fill) {
      if (!connection.exec(statement)) return fail(what);
    }
    if (!step_done(connection.prepare(k_note_schema_version,
                                      {std::int64_t{migration.version}, unix_now()}))) {
      return fail("migrate: note version");
    }
  }
  if (!connection.exec("COMMIT")) return fail("migrate: commit");
  return {};
}

// Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it fails.
template <typename Body>
flakyd::expected<std::size_t, StoreError> in_write_transaction(SqliteStore::Connection& connection,
                                                              std::string_view what, Body&& body) {
  if (!connection.exec("BEGIN IMMEDIATE")) return flakyd::unexpected(error_of(connection.db(), what));
  auto result = body();
  if (!result) {
    connection.exec("ROLLBACK");
    return result;
  }
  if (!connection.exec("COMMIT")) {
    auto error = error_of(connection.db(), what);
    connection.exec("ROLLBACK");
    return flakyd::unexpected(error);
  }
  return result;
}

}  // namespace

SqliteStore::SqliteStore(SqliteOptions options) : m_options(std::move(options)) {}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(m_stop_mutex);
    m_stopping = true;
  }
  m_stop_signal.notify_all();
  if (m_checkpointer.joinable()) m_checkpointer.join();
}

void SqliteStore::checkpoint_loop() {
  std::unique_lock lock(m_stop_mutex);
  while (!m_stop_signal.wait_for(lock, m_options.checkpoint_interval, [this] { return m_stopping; })) {
    lock.unlock();
    end_idle_snapshots();
    // PASSIVE: copies what no reader still needs and never waits for anyone; a failure is
    // retried at the next interval (the writers' safety net stays).
    if (auto connection = lease(m_options.read_timeout)) {
      sqlite3_wal_checkpoint_v2((*connection)->db(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    lock.lock();
  }
}

// A snapshot left open by the last lookup would keep its WAL frames from being checkpointed:
// idle connections give theirs up once the window has passed. Under the pool's mutex, so it
// never touches a connection in use.
void SqliteStore::end_idle_snapshots() {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(m_mutex);
  for (auto& connection : m_idle) {
    if (connection->snapshot_expired(now)) connection->end_snapshot();
  }
}

flakyd::expected<std::unique_ptr<SqliteStore>, std::string> SqliteStore::open(SqliteOptions options) {
  if (options.path.empty()) return flakyd::unexpected(std::string("no database path"));
  // Before SQLite initialises (a no-op after): no global memory statistics, whose mutex every
  // allocation of every connection would take.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  if (auto problem = prepare_file(options.path)) return flakyd::unexpected(*problem);
  auto first = connect(options);
  if (!first) return flakyd::unexpected(first.error());
  if (auto migrated = migrate(**first); !migrated) return flakyd::unexpected(migrated.error());
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(options)));
  store->m_open = 1;
  store->m_idle.push_back(std::move(*first));
  if (store->m_options.retention) {
    if (auto pruned = store->prune(unix_now() - store->m_options.retention->count()); !pruned) {
      return flakyd::unexpected(pruned.error().message);
    }
  }
  if (store->m_options.checkpoint_interval.count() > 0) {
    store->m_checkpointer = std::thread([raw = store.get()] { raw->checkpoint_loop(); });
  }
  return store;
}

flakyd::expected<SqliteStore::Lease, StoreError> SqliteStore::lease(std::chrono::milliseconds timeout,
                                                                    bool keep_snapshot) {
  std::unique_ptr<Connection> connection;
  {
    std::unique_lock lock(m_mutex);
    m_returned.wait(lock, [&] { return !m_idle.empty() || m_open < m_options.max_connections; });
    if (!m_idle.empty()) {
      connection = std::move(m_idle.back());
      m_idle.pop_back();
    } else {
      ++m_open;
    }
  }
  if (!connection) {
    auto opened = connect(m_options);
    if (!opened) {
      std::lock_guard lock(m_mutex);
      --m_open;
      m_returned.notify_one();
      return flakyd::unexpected(StoreError{opened.error()});
    }
    connection = std::move(*opened);
  }
  if (!keep_snapshot) connection->end_snapshot();  // writes and reports see everything committed
  sqlite3_busy_timeout(connection->db(), static_cast<int>(timeout.count()));
  return Lease(*this, std::move(connection));
}

void SqliteStore::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(m_mutex);
  if (connection) {
    m_idle.push_back(std::move(connection));
  } else {
    --m_open;
  }
  m_returned.notify_one();
}

flakyd::expected<std::size_t, StoreError> SqliteStore::record(const engine::OutcomeBatch& batch) {
  auto connection = lease(m_options.busy_timeout);
  if (!connection) return flakyd::unexpected(connection.error());
  const std::int64_t now = unix_now();
  const std::int64_t commit_key = history_key(batch.commit);
  auto recorded = in_write_transaction(**connection, "record outcomes", [&]() -> flakyd::expected<std::size_t, StoreError> {
    for (const auto& item : batch.outcomes) {
      const Value duration = item.duration_s ? Value(*item.duration_s) : Value(nullptr);
      sqlite3_stmt* upsert = (*connection)->prepare(
          k_upsert_outcome,
          {std::string_view(batch.run_id), std::string_view(item.test_id), std::string_view(batch.commit),
           engine::to_string(item.outcome), std::int64_t{item.attempts}, std::string_view(item.fingerprint),
           std::string_view(item.category), std::string_view(item.rule), duration, now,
           history_key(item.test_id), commit_key, history_key(item.fingerprint)});
      if (!step_done(upsert)) return flakyd::unexpected(error_of((*connection)->db(), "record outcomes"));
    }
    return batch.outcomes.size();
  });
  if (recorded) forget_reads();  // what this process just learnt is seen at once
  if (recorded) prune_if_due();
  return recorded;
}

void SqliteStore::forget_reads() {
  m_generation.fetch_add(1);  // every open snapshot is now stale
  std::lock_guard lock(m_memo_mutex);
  m_memo.clear();
}

void SqliteStore::prune_if_due() {
  if (!m_options.retention || m_options.prune_every == 0) return;
  if (m_batches.fetch_add(1) % m_options.prune_every != m_options.prune_every - 1) return;
  (void)prune(unix_now() - m_options.retention->count());  // a failed prune is retried later
}

std::size_t SqliteStore::LookupKeyHash::operator()(const LookupKey& key) const noexcept {
  // The parts are already well-mixed 64-bit hashes: combining them is enough.
  const auto part = [](std::int64_t value) { return static_cast<std::uint64_t>(value); };
  return static_cast<std::size_t>(part(key.test) ^ (part(key.fingerprint) * 31) ^ (part(key.commit) * 131));
}

std::optional<engine::TestHistory> SqliteStore::remembered(const LookupKey& key,
                                                          std::chrono::steady_clock::time_point now) {
  if (m_options.memo_window.count() == 0) return std::nullopt;
  std::lock_guard lock(m_memo_mutex);
  const auto found = m_memo.find(key);
  if (found == m_memo.end() || found->second.until < now) return std::nullopt;
  return found->second.history;
}

void SqliteStore::remember(const LookupKey& key, const engine::TestHistory& history,
                           std::chrono::steady_clock::time_point now) {
  if (m_options.memo_window.count() == 0) return;
  std::lock_guard lock(m_memo_mutex);
  if (m_memo.size() >= m_options.memo_entries) m_memo.clear();  // bounded; refilled by the next lookups
  m_memo[key] = Memo{history, now + m_options.memo_window};
}

flakyd::expected<engine::TestHistory, StoreError> SqliteStore::history(const engine::HistoryQuery& query) {
  const LookupKey key{history_key(query.test_id), history_key(query.fingerprint), history_key(query.commit)};
  const auto now = std::chrono::steady_clock::now();  // one clock read serves memo and snapshot
  if (auto known = remembered(key, now)) return *known;
  auto connection = lease(m_options.read_timeout, true);
  if (!connection) return flakyd::unexpected(connection.error());
  if (m_options.snapshot_window.count() > 0 && m_options.checkpoint_interval.count() > 0) {
    const std::uint64_t generation = m_generation.load();
    if (!(*connection)->snapshot_current(now, generation)) {
      (*connection)->end_snapshot();
      (*connection)->begin_snapshot(now + m_options.snapshot_window, generation);  // failed: a plain read
    }
  }
  sqlite3_stmt* select = (*connection)->prepare(k_test_history, {key.test, key.fingerprint, key.commit});
  if (!select || sqlite3_step(select) != SQLITE_ROW) {
    auto error = error_of((*connection)->db(), "history");
    if (select) sqlite3_reset(select);
    (*connection)->end_snapshot();  // a busy or failing read starts afresh next time
    return flakyd::unexpected(error);
  }
  engine::TestHistory history;
  long* fields[] = {&history.runs,           &history.flaky_runs,         &history.failed_all_runs,
                    &history.recovered_runs, &history.commit_failed_runs, &history.commit_passed_runs,
                    &history.commit_retried_passes};
  for (int column = 0; column < 7; ++column) *fields[column] = static_cast<long>(sqlite3_column_int64(select, column));
  sqlite3_reset(select);
  remember(key, history, now);
  return history;
}

flakyd::expected<std::vector<engine::TestSummary>, StoreError> SqliteStore::summarise(
    const engine::SummaryQuery& query) {
  auto connection = lease(m_options.busy_timeout);
  if (!connection) return flakyd::unexpected(connection.error());
  sqlite3_stmt* select = (*connection)->prepare(
      k_summarise, {query.since_unix, std::string_view(query.test_id), query.min_flake_rate,
                    static_cast<std::int64_t>(query.limit)});
  if (!select) return flakyd::unexpected(error_of((*connection)->db(), "summarise"));
  std::vector<engine::TestSummary> tests;
  int status;
  while ((status = sqlite3_step(select)) == SQLITE_ROW) {
    engine::TestSummary test;
    test.test_id = column_text(select, 0);
    test.runs = static_cast<long>(sqlite3_column_int64(select, 1));
    test.failures = static_cast<long>(sqlite3_column_int64(select, 2));
    test.flaky_runs = static_cast<long>(sqlite3_column_int64(select, 3));
    test.last_seen_unix = sqlite3_column_int64(select, 4);
    test.last_category = column_text(select, 5);
    test.flake_rate = test.runs > 0 ? static_cast<double>(test.flaky_runs) / static_cast<double>(test.runs) : 0.0;
    tests.push_back(std::move(test));
  }
  sqlite3_reset(select);
  if (status != SQLITE_DONE) return flakyd::unexpected(error_of((*connection)->db(), "summarise"));
  return tests;
}

flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, StoreError> SqliteStore::final_outcomes(
    const std::vector<engine::RunTest>& keys) {
  auto connection = lease(m_options.busy_timeout);
  if (!connection) return flakyd::unexpected(connection.error());
  std::vector<std::optional<engine::FinalOutcome>> answers;
  answers.reserve(keys.size());
  for (const auto& key : keys) {
    sqlite3_stmt* select =
        (*connection)->prepare(k_final_outcome, {std::string_view(key.run_id), std::string_view(key.test_id)});
    if (!select) return flakyd::unexpected(error_of((*connection)->db(), "final outcome"));
    const int status = sqlite3_step(select);
    std::optional<engine::FinalOutcome> answer;
    if (status == SQLITE_ROW) {
      const auto outcome = engine::parse_outcome(column_text(select, 0));
      if (outcome) answer = engine::FinalOutcome{*outcome, sqlite3_column_int(select, 1)};
    }
    sqlite3_reset(select);
    if (status != SQLITE_ROW && status != SQLITE_DONE) {
      return flakyd::unexpected(error_of((*connection)->db(), "final outcome"));
    }
    answers.push_back(answer);
  }
  return answers;
}

flakyd::expected<std::size_t, StoreError> SqliteStore::prune(std::int64_t before_unix) {
  auto connection = lease(m_options.busy_timeout);
  if (!connection) return flakyd::unexpected(connection.error());
  auto pruned = in_write_transaction(**connection, "prune", [&]() -> flakyd::expected<std::size_t, StoreError> {
    if (!step_done((*connection)->prepare(k_prune, {before_unix}))) {
      return flakyd::unexpected(error_of((*connection)->db(), "prune"));
    }
    return static_cast<std::size_t>(sqlite3_changes((*connection)->db()));
  });
  if (pruned && *pruned > 0) forget_reads();
  return pruned;
}

flakyd::expected<int, StoreError> SqliteStore::schema_version() {
  auto connection = lease(m_options.busy_timeout);
  if (!connection) return flakyd::unexpected(connection.error());
  sqlite3_stmt* read = (*connection)->prepare(k_read_schema_version, {});
  if (!read || sqlite3_step(read) != SQLITE_ROW) return flakyd::unexpected(error_of((*connection)->db(), "schema version"));
  const int version = sqlite3_column_int(read, 0);
  sqlite3_reset(read);
  return version;
}

std::string SqliteStore::describe() const { return "sqlite:" + m_options.path.string(); }

}  // namespace flakyd::store
