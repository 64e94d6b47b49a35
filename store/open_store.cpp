#include "store/open_store.hpp"

#include <cstdlib>

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite_store.hpp"

namespace flakyd::store {

namespace {
std::filesystem::path state_file(const char* name) {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state == '/') {
    return std::filesystem::path(state) / "flakyd" / name;
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "state" / "flakyd" / name;
}
}  // namespace

std::filesystem::path default_sqlite_path() { return state_file("flakyd.db"); }
std::filesystem::path default_journal_path() { return state_file("pg-journal.db"); }

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

flakyd::expected<std::unique_ptr<engine::HistoryStore>, std::string> open_store(const StoreOptions& options) {
  const std::string_view url = options.url;
  if (url.starts_with("sqlite:")) {
    SqliteOptions sqlite;
    const auto path = url.substr(7);
    sqlite.path = path.empty() ? default_sqlite_path() : std::filesystem::path(path);
    sqlite.retention = options.retention;
    sqlite.read_timeout = options.read_timeout;
    auto opened = SqliteStore::open(std::move(sqlite));
    if (!opened) return flakyd::unexpected(opened.error());
    return std::unique_ptr<engine::HistoryStore>(std::move(*opened));
  }
  if (is_postgres_url(url)) {
    PostgresOptions postgres;
    postgres.conninfo = options.url;
    postgres.lookup_deadline = options.read_timeout;
    postgres.journal = options.journal.value_or(default_journal_path());
    postgres.retention = options.retention;
    auto opened = PostgresStore::open(std::move(postgres));
    if (!opened) return flakyd::unexpected(opened.error());
    return std::unique_ptr<engine::HistoryStore>(std::move(*opened));
  }
  return flakyd::unexpected(std::string("--store must be sqlite:, sqlite:PATH or postgresql://..."));
}

}  // namespace flakyd::store
