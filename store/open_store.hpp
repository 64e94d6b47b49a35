// open_store(): a HistoryStore from a `--store` URL (DESIGN.md, "Store").
//   sqlite:               the default file, $XDG_STATE_HOME/flakyd/flakyd.db
//                         (else ~/.local/state/flakyd/flakyd.db)
//   sqlite:PATH           that file (relative paths are relative to the working directory)
//   postgresql://...      not in this build yet (issue #18): a clear error
// Fails with a message naming the URL's problem; the URL never carries a password worth hiding
// for SQLite, and a PostgreSQL URL is described without its password.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/history.hpp"
#include "support/expected.hpp"

namespace flakyd::store {

struct StoreOptions {
  std::string url = "sqlite:";
  std::optional<std::chrono::seconds> retention = std::chrono::hours(24 * 90);
  std::chrono::milliseconds read_timeout{100};
};

std::filesystem::path default_sqlite_path();

flakyd::expected<std::unique_ptr<engine::HistoryStore>, std::string> open_store(const StoreOptions& options);

}  // namespace flakyd::store
