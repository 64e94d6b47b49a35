// open_store(): a HistoryStore from a `--store` URL (DESIGN.md, "Store").
//   sqlite:               the default file, $XDG_STATE_HOME/flakyd/flakyd.db
//                         (else ~/.local/state/flakyd/flakyd.db)
//   sqlite:PATH           that file (relative paths are relative to the working directory)
//   postgresql://...      a fleet's shared PostgreSQL (store/postgres; libpq connection string,
//                         password from PGPASSWORD or ~/.pgpass), with a local journal of
//                         outcomes not yet shipped (default_journal_path())
// Fails with a message naming the URL's problem; the URL never carries a password worth hiding
// for SQLite, and a PostgreSQL URL is described without its password.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/history.hpp"
#include "support/expected.hpp"

namespace flakyd::store {

struct StoreOptions {
  std::string url = "sqlite:";
  std::optional<std::chrono::seconds> retention = std::chrono::hours(24 * 90);
  std::chrono::milliseconds read_timeout{100};  // PostgreSQL: the deadline of every lookup
  std::optional<std::filesystem::path> journal;  // PostgreSQL only; default: default_journal_path()
};

std::filesystem::path default_sqlite_path();
// $XDG_STATE_HOME/flakyd/pg-journal.db, else ~/.local/state/flakyd/pg-journal.db.
std::filesystem::path default_journal_path();
bool is_postgres_url(std::string_view url);

flakyd::expected<std::unique_ptr<engine::HistoryStore>, std::string> open_store(const StoreOptions& options);

}  // namespace flakyd::store
