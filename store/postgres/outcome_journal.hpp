// OutcomeJournal: a local SQLite file of outcomes not yet shipped to PostgreSQL, so that nothing
// a runner reports is lost while the shared store is down, slow or read-only.
//
//   - append() writes a whole batch in one transaction and returns the highest sequence number
//     it used (sequences only grow: AUTOINCREMENT, never reused after deletes).
//   - oldest() reads the next rows to ship, in the order they were reported; forget() deletes
//     them once PostgreSQL has committed them. Shipping is an upsert, so a row shipped twice (a
//     crash between commit and forget, two daemons sharing one journal) changes nothing.
//   - WAL + synchronous=NORMAL: a killed daemon loses nothing it appended. The file is created
//     owner-only (0600) in an owner-only directory.
// Thread-safe (one connection behind a mutex; the journal is off the classification path).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/history.hpp"
#include "support/expected.hpp"

struct sqlite3;

namespace flakyd::store::pg {

struct JournalRow {
  std::int64_t sequence = 0;
  std::string run_id;
  std::string commit;
  engine::OutcomeRecord outcome;
  std::int64_t recorded_at = 0;
};

class OutcomeJournal {
 public:
  static flakyd::expected<std::unique_ptr<OutcomeJournal>, std::string> open(const std::filesystem::path& path);
  ~OutcomeJournal();
  OutcomeJournal(const OutcomeJournal&) = delete;
  OutcomeJournal& operator=(const OutcomeJournal&) = delete;

  flakyd::expected<std::int64_t, std::string> append(const engine::OutcomeBatch& batch, std::int64_t recorded_at);
  flakyd::expected<std::vector<JournalRow>, std::string> oldest(std::size_t limit);
  flakyd::expected<void, std::string> forget(std::int64_t through_sequence);
  flakyd::expected<std::int64_t, std::string> depth();
  const std::filesystem::path& path() const { return m_path; }

 private:
  OutcomeJournal(sqlite3* database, std::filesystem::path path) : m_database(database), m_path(std::move(path)) {}
  std::string last_error() const;

  sqlite3* m_database;
  std::filesystem::path m_path;
  std::mutex m_mutex;
};

}  // namespace flakyd::store::pg
