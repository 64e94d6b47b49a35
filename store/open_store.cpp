#include "store/open_store.hpp"

#include <cstdlib>

#include "store/sqlite_store.hpp"

namespace flakyd::store {

std::filesystem::path default_sqlite_path() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state == '/') {
    return std::filesystem::path(state) / "flakyd" / "flakyd.db";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "state" / "flakyd" / "flakyd.db";
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
  if (url.starts_with("postgresql:") || url.starts_with("postgres:")) {
    return flakyd::unexpected(std::string("a PostgreSQL store is not built into this flakyd yet; use sqlite:"));
  }
  return flakyd::unexpected(std::string("--store must be sqlite: or sqlite:PATH"));
}

}  // namespace flakyd::store
