#include "store/postgres/outcome_journal.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace flakyd::store::pg {
namespace {

constexpr const char* k_setup =
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=2000;"
    "CREATE TABLE IF NOT EXISTS pending_outcomes ("
    " sequence INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, test_id TEXT NOT NULL,"
    " commit_id TEXT NOT NULL, outcome TEXT NOT NULL, attempts INTEGER NOT NULL,"
    " fingerprint TEXT NOT NULL, category TEXT NOT NULL, rule_id TEXT NOT NULL,"
    " duration_s REAL, recorded_at INTEGER NOT NULL)";

constexpr const char* k_append =
    "INSERT INTO pending_outcomes (run_id, test_id, commit_id, outcome, attempts, fingerprint,"
    " category, rule_id, duration_s, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* k_oldest =
    "SELECT sequence, run_id, test_id, commit_id, outcome, attempts, fingerprint, category, rule_id,"
    " duration_s, recorded_at FROM pending_outcomes ORDER BY sequence LIMIT ?";

struct Statement {
  sqlite3_stmt* handle = nullptr;
  ~Statement() { sqlite3_finalize(handle); }
};

void bind_text(sqlite3_stmt* statement, int index, const std::string& value) {
  sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = sqlite3_column_text(statement, column);
  return text ? std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(statement, column)) : "";
}

}  // namespace

flakyd::expected<std::unique_ptr<OutcomeJournal>, std::string> OutcomeJournal::open(
    const std::filesystem::path& path) {
  std::error_code error;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return flakyd::unexpected("journal directory " + path.parent_path().string() + ": " + error.message());
    ::chmod(path.parent_path().c_str(), 0700);
  }
  // Create the file owner-only before SQLite opens it (SQLite would use the umask).
  const int descriptor = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (descriptor < 0) return flakyd::unexpected("journal " + path.string() + ": " + std::strerror(errno));
  ::close(descriptor);
  sqlite3* database = nullptr;
  if (sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    std::string message = database ? sqlite3_errmsg(database) : "out of memory";
    sqlite3_close(database);
    return flakyd::unexpected("journal " + path.string() + ": " + message);
  }
  std::unique_ptr<OutcomeJournal> journal(new OutcomeJournal(database, path));
  if (sqlite3_exec(database, k_setup, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return flakyd::unexpected("journal " + path.string() + ": " + journal->last_error());
  }
  return journal;
}

OutcomeJournal::~OutcomeJournal() { sqlite3_close(m_database); }

std::string OutcomeJournal::last_error() const { return sqlite3_errmsg(m_database); }

flakyd::expected<std::int64_t, std::string> OutcomeJournal::append(const engine::OutcomeBatch& batch,
                                                                   std::int64_t recorded_at) {
  std::lock_guard lock(m_mutex);
  if (sqlite3_exec(m_database, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return flakyd::unexpected(last_error());
  }
  Statement insert;
  bool ok = sqlite3_prepare_v2(m_database, k_append, -1, &insert.handle, nullptr) == SQLITE_OK;
  for (const engine::OutcomeRecord& outcome : batch.outcomes) {
    if (!ok) break;
    sqlite3_stmt* statement = insert.handle;
    sqlite3_reset(statement);
    bind_text(statement, 1, batch.run_id);
    bind_text(statement, 2, outcome.test_id);
    bind_text(statement, 3, batch.commit);
    bind_text(statement, 4, std::string(engine::to_string(outcome.outcome)));
    sqlite3_bind_int(statement, 5, outcome.attempts);
    bind_text(statement, 6, outcome.fingerprint);
    bind_text(statement, 7, outcome.category);
    bind_text(statement, 8, outcome.rule);
    if (outcome.duration_s) {
      sqlite3_bind_double(statement, 9, *outcome.duration_s);
    } else {
      sqlite3_bind_null(statement, 9);
    }
    sqlite3_bind_int64(statement, 10, recorded_at);
    ok = sqlite3_step(statement) == SQLITE_DONE;
  }
  const std::int64_t last = sqlite3_last_insert_rowid(m_database);
  if (!ok) {
    std::string message = last_error();
    sqlite3_exec(m_database, "ROLLBACK", nullptr, nullptr, nullptr);
    return flakyd::unexpected(message);
  }
  if (sqlite3_exec(m_database, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::string message = last_error();
    sqlite3_exec(m_database, "ROLLBACK", nullptr, nullptr, nullptr);
    return flakyd::unexpected(message);
  }
  return last;
}

flakyd::expected<std::vector<JournalRow>, std::string> OutcomeJournal::oldest(std::size_t limit) {
  std::lock_guard lock(m_mutex);
  Statement select;
  if (sqlite3_prepare_v2(m_database, k_oldest, -1, &select.handle, nullptr) != SQLITE_OK) {
    return flakyd::unexpected(last_error());
  }
  sqlite3_bind_int64(select.handle, 1, static_cast<sqlite3_int64>(limit));
  std::vector<JournalRow> rows;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(select.handle)) == SQLITE_ROW) {
    sqlite3_stmt* statement = select.handle;
    JournalRow row;
    row.sequence = sqlite3_column_int64(statement, 0);
    row.run_id = column_text(statement, 1);
    row.outcome.test_id = column_text(statement, 2);
    row.commit = column_text(statement, 3);
    row.outcome.outcome = engine::parse_outcome(column_text(statement, 4)).value_or(engine::Outcome::failed);
    row.outcome.attempts = sqlite3_column_int(statement, 5);
    row.outcome.fingerprint = column_text(statement, 6);
    row.outcome.category = column_text(statement, 7);
    row.outcome.rule = column_text(statement, 8);
    if (sqlite3_column_type(statement, 9) != SQLITE_NULL) row.outcome.duration_s = sqlite3_column_double(statement, 9);
    row.recorded_at = sqlite3_column_int64(statement, 10);
    rows.push_back(std::move(row));
  }
  if (step != SQLITE_DONE) return flakyd::unexpected(last_error());
  return rows;
}

flakyd::expected<void, std::string> OutcomeJournal::forget(std::int64_t through_sequence) {
  std::lock_guard lock(m_mutex);
  Statement remove;
  if (sqlite3_prepare_v2(m_database, "DELETE FROM pending_outcomes WHERE sequence <= ?", -1, &remove.handle,
                         nullptr) != SQLITE_OK) {
    return flakyd::unexpected(last_error());
  }
  sqlite3_bind_int64(remove.handle, 1, through_sequence);
  if (sqlite3_step(remove.handle) != SQLITE_DONE) return flakyd::unexpected(last_error());
  return {};
}

flakyd::expected<std::int64_t, std::string> OutcomeJournal::depth() {
  std::lock_guard lock(m_mutex);
  Statement count;
  if (sqlite3_prepare_v2(m_database, "SELECT COUNT(*) FROM pending_outcomes", -1, &count.handle, nullptr) !=
          SQLITE_OK ||
      sqlite3_step(count.handle) != SQLITE_ROW) {
    return flakyd::unexpected(last_error());
  }
  return sqlite3_column_int64(count.handle, 0);
}

}  // namespace flakyd::store::pg
