#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <atomic>
#include <fstream>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "store/history_keys.hpp"
#include "store/open_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace flakyd;
using engine::Outcome;
using engine::OutcomeBatch;
using engine::OutcomeRecord;

namespace {

std::unique_ptr<store::SqliteStore> open_in(const std::filesystem::path& directory) {
  store::SqliteOptions options;
  options.path = directory / "state" / "flakyd.db";
  auto opened = store::SqliteStore::open(options);
  REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error()));
  return std::move(*opened);
}

const std::string k_fp_a(64, 'a');
const std::string k_fp_b(64, 'b');

OutcomeBatch batch(std::string run, std::string commit, std::vector<OutcomeRecord> outcomes) {
  return OutcomeBatch{std::move(run), std::move(commit), std::move(outcomes)};
}

OutcomeRecord outcome(std::string test, Outcome result, int attempts = 1, std::string fingerprint = "") {
  OutcomeRecord record;
  record.test_id = std::move(test);
  record.outcome = result;
  record.attempts = attempts;
  record.fingerprint = std::move(fingerprint);
  return record;
}

}  // namespace

TEST_CASE("a new store is created owner-only and migrated to the current schema version") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  CHECK(store->schema_version().value() == store::k_schema_version);
  const auto perms = std::filesystem::status(dir.path / "state" / "flakyd.db").permissions();
  CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
        std::filesystem::perms::none);
  // Opening again (a second process, a restart) applies nothing twice.
  store.reset();
  auto again = open_in(dir.path);
  CHECK(again->schema_version().value() == store::k_schema_version);
}

TEST_CASE("a store written by a newer flakyd is refused, not guessed at") {
  testing::TempDir dir;
  open_in(dir.path).reset();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((dir.path / "state" / "flakyd.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "INSERT INTO flakyd_schema (version, applied_at) VALUES (99, 0)", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(db);
  store::SqliteOptions options;
  options.path = dir.path / "state" / "flakyd.db";
  auto opened = store::SqliteStore::open(options);
  REQUIRE_FALSE(opened.has_value());
  CHECK(opened.error().find("newer") != std::string::npos);
}

TEST_CASE("a file that is not a database is an error value, not a crash") {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path / "state");
  { std::ofstream(dir.path / "state" / "flakyd.db") << std::string(8192, 'x'); }
  store::SqliteOptions options;
  options.path = dir.path / "state" / "flakyd.db";
  CHECK_FALSE(store::SqliteStore::open(options).has_value());
}

TEST_CASE("history counts runs, flaky runs, failed-every-attempt runs and the commit's outcomes") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  REQUIRE(store->record(batch("run-1", "c1", {outcome("t::x", Outcome::failed, 3, k_fp_a)})).value() == 1);
  REQUIRE(store->record(batch("run-2", "c1", {outcome("t::x", Outcome::failed, 3, k_fp_a)})).has_value());
  REQUIRE(store->record(batch("run-3", "c1", {outcome("t::x", Outcome::passed, 1)})).has_value());
  REQUIRE(store->record(batch("run-4", "c2", {outcome("t::x", Outcome::passed, 2, k_fp_b)})).has_value());
  REQUIRE(store->record(batch("run-4", "c2", {outcome("t::other", Outcome::failed, 1, k_fp_a)})).has_value());

  const auto on_c1 = store->history({"t::x", k_fp_a, "c1"}).value();
  CHECK(on_c1.runs == 4);
  CHECK(on_c1.flaky_runs == 1);
  CHECK(on_c1.failed_all_runs == 2);
  CHECK(on_c1.recovered_runs == 0);
  CHECK(on_c1.commit_failed_runs == 2);
  CHECK(on_c1.commit_passed_runs == 1);
  CHECK(on_c1.commit_retried_passes == 0);

  const auto fp_b = store->history({"t::x", k_fp_b, "c2"}).value();
  CHECK(fp_b.recovered_runs == 1);
  CHECK(fp_b.commit_retried_passes == 1);
  CHECK(fp_b.failed_all_runs == 0);

  const auto unknown_commit = store->history({"t::x", k_fp_a, ""}).value();
  CHECK(unknown_commit.commit_failed_runs == 0);
  CHECK(unknown_commit.commit_passed_runs == 0);
  CHECK(store->history({"t::never", k_fp_a, "c1"}).value().runs == 0);
}

TEST_CASE("a (run, test) reported twice keeps the later outcome") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  REQUIRE(store->record(batch("run-1", "c1", {outcome("t::x", Outcome::failed, 1, k_fp_a)})).has_value());
  REQUIRE(store->record(batch("run-1", "c1", {outcome("t::x", Outcome::passed, 2, k_fp_a)})).has_value());
  const auto history = store->history({"t::x", k_fp_a, "c1"}).value();
  CHECK(history.runs == 1);
  CHECK(history.recovered_runs == 1);
  const auto finals = store->final_outcomes({{"run-1", "t::x"}, {"run-1", "t::missing"}}).value();
  REQUIRE(finals.size() == 2);
  REQUIRE(finals[0].has_value());
  CHECK(finals[0]->outcome == Outcome::passed);
  CHECK(finals[0]->attempts == 2);
  CHECK_FALSE(finals[1].has_value());
}

TEST_CASE("summarise lists the flakiest tests first and filters quarantine candidates") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  auto flaky_pass = outcome("t::flaky", Outcome::passed, 2, k_fp_a);
  flaky_pass.category = "concurrency";
  REQUIRE(store->record(batch("r1", "c1", {flaky_pass, outcome("t::solid", Outcome::passed),
                                           outcome("t::flip", Outcome::failed, 1, k_fp_b)}))
              .has_value());
  REQUIRE(store->record(batch("r2", "c1", {outcome("t::flaky", Outcome::passed), outcome("t::solid", Outcome::passed),
                                           outcome("t::flip", Outcome::passed)}))
              .has_value());
  auto all = store->summarise({}).value();
  REQUIRE(all.size() == 3);
  CHECK(all[0].flake_rate == doctest::Approx(0.5));
  CHECK(all[2].test_id == "t::solid");
  CHECK(all[2].flake_rate == 0.0);
  const auto flip = std::find_if(all.begin(), all.end(), [](const auto& t) { return t.test_id == "t::flip"; });
  REQUIRE(flip != all.end());
  CHECK(flip->flaky_runs == 1);  // failed on a commit it also passed on
  CHECK(flip->failures == 1);
  const auto flaky = std::find_if(all.begin(), all.end(), [](const auto& t) { return t.test_id == "t::flaky"; });
  CHECK(flaky->last_category == "concurrency");

  engine::SummaryQuery candidates;
  candidates.min_flake_rate = 0.01;
  CHECK(store->summarise(candidates).value().size() == 2);
  engine::SummaryQuery one;
  one.test_id = "t::solid";
  CHECK(store->summarise(one).value().size() == 1);
}

TEST_CASE("prune deletes outcomes older than the retention") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  REQUIRE(store->record(batch("r1", "c1", {outcome("t::a", Outcome::passed), outcome("t::b", Outcome::passed)}))
              .has_value());
  CHECK(store->prune(0).value() == 0);
  CHECK(store->prune(std::numeric_limits<std::int64_t>::max()).value() == 2);
  CHECK(store->summarise({}).value().empty());
}

TEST_CASE("many threads record and read at once and nothing is lost") {
  testing::TempDir dir;
  auto store = open_in(dir.path);
  constexpr int k_threads = 6;
  constexpr int k_batches = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < k_batches; ++b) {
        std::vector<OutcomeRecord> outcomes;
        for (int i = 0; i < 10; ++i) outcomes.push_back(outcome("t::" + std::to_string(i), Outcome::passed));
        if (!store->record(batch("run-" + std::to_string(t) + "-" + std::to_string(b), "c", outcomes))) ++failures;
        if (!store->history({"t::1", k_fp_a, "c"})) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  CHECK(store->history({"t::1", k_fp_a, "c"}).value().runs == k_threads * k_batches);
}

TEST_CASE("open_store reads sqlite: URLs and refuses what it cannot open") {
  testing::TempDir dir;
  store::StoreOptions options;
  options.url = "sqlite:" + (dir.path / "x.db").string();
  auto opened = store::open_store(options);
  REQUIRE(opened.has_value());
  CHECK((*opened)->describe() == options.url);
  options.url = "mysql://nope";
  CHECK_FALSE(store::open_store(options).has_value());
  // A PostgreSQL store that cannot be reached still opens (degraded, journaling locally), and
  // is described without its password.
  options.url = "postgresql://ci:s3cret@127.0.0.1:1/flakyd?connect_timeout=1";
  options.journal = dir.path / "journal.db";
  auto postgres = store::open_store(options);
  REQUIRE(postgres.has_value());
  CHECK((*postgres)->describe() == "postgresql://ci@127.0.0.1:1/flakyd?connect_timeout=1");
  options.url = "sqlite:/proc/flakyd-cannot-exist/x.db";
  CHECK_FALSE(store::open_store(options).has_value());
}

TEST_CASE("the default file lives under XDG_STATE_HOME, else ~/.local/state") {
  const char* saved = std::getenv("XDG_STATE_HOME");
  const std::string saved_value = saved ? saved : "";
  setenv("XDG_STATE_HOME", "/somewhere/state", 1);
  CHECK(store::default_sqlite_path() == std::filesystem::path("/somewhere/state/flakyd/flakyd.db"));
  unsetenv("XDG_STATE_HOME");
  CHECK(store::default_sqlite_path().string().ends_with("/.local/state/flakyd/flakyd.db"));
  if (saved) setenv("XDG_STATE_HOME", saved_value.c_str(), 1);
}

namespace {

// Runs one statement on a plain SQLite connection (a database as an older flakyd left it).
void run_sql(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  const int status = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string error = message ? message : "";
  sqlite3_free(message);
  REQUIRE_MESSAGE(status == SQLITE_OK, sql << ": " << error);
}

std::int64_t single_integer(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return value;
}

}  // namespace

TEST_CASE("a version-2 store is migrated to integer keys: its outcomes are keyed and still count") {
  testing::TempDir dir;
  const auto path = dir.path / "state" / "flakyd.db";
  std::filesystem::create_directories(path.parent_path());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  // What flakyd at schema version 2 wrote: migrations 1 and 2 and outcomes without keys. More
  // rows than one fill chunk (1000), so the fill pages through them.
  run_sql(db, std::string(store::k_create_schema_table));
  for (const auto& migration : store::migrations()) {
    if (migration.version > 2) continue;
    for (auto statement : migration.statements) run_sql(db, std::string(statement));
    run_sql(db, "INSERT INTO flakyd_schema (version, applied_at) VALUES (" + std::to_string(migration.version) + ", 0)");
  }
  run_sql(db, "BEGIN");
  for (int run = 0; run < 5; ++run) {
    for (int test = 0; test < 500; ++test) {
      const bool flaky = test == 7 && run < 2;
      run_sql(db, "INSERT INTO flakyd_outcomes (run_id, test_id, commit_id, outcome, attempts, fingerprint, recorded_at)"
                  " VALUES ('run-" + std::to_string(run) + "', 't::" + std::to_string(test) + "', 'c1', '" +
                      (flaky ? "failed" : "passed") + "', " + (flaky ? "3" : "1") + ", '" + (flaky ? k_fp_a : "") +
                      "', " + std::to_string(std::time(nullptr)) + ")");
    }
  }
  run_sql(db, "COMMIT");
  sqlite3_close(db);

  auto store = open_in(dir.path);
  CHECK(store->schema_version().value() == 3);
  const auto history = store->history({"t::7", k_fp_a, "c1"}).value();
  CHECK(history.runs == 5);
  CHECK(history.failed_all_runs == 2);
  CHECK(history.commit_failed_runs == 2);
  CHECK(history.commit_passed_runs == 3);
  CHECK(store->history({"t::499", k_fp_a, "c1"}).value().runs == 5);

  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  CHECK(single_integer(db, "SELECT COUNT(*) FROM flakyd_outcomes WHERE test_key = 0 OR commit_key = 0") == 0);
  CHECK(single_integer(db, "SELECT test_key FROM flakyd_outcomes WHERE run_id = 'run-4' AND test_id = 't::499'") ==
        store::history_key("t::499"));
  CHECK(single_integer(db, "SELECT fingerprint_key FROM flakyd_outcomes WHERE run_id = 'run-0' AND test_id = 't::7'") ==
        store::history_key(k_fp_a));
  CHECK(single_integer(db, "SELECT fingerprint_key FROM flakyd_outcomes WHERE run_id = 'run-4' AND test_id = 't::7'") == 0);
  CHECK(single_integer(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'flakyd_outcomes_by_test'") == 0);
  sqlite3_close(db);
}

TEST_CASE("integer keys: empty text is 0, anything else never is, and the function is fixed") {
  CHECK(store::history_key("") == 0);
  CHECK(store::history_key("t::x") != 0);
  CHECK(store::history_key("t::x") != store::history_key("t::y"));
  // Persisted and shared by a fleet: a change of function would orphan every stored outcome.
  static_assert(store::history_key("tests/test_app.py::test_total") == store::history_key("tests/test_app.py::test_total"));
  CHECK(static_cast<std::uint64_t>(store::history_key("a")) == 0x02c0bdbf481420f8ULL);
}

namespace {

// A reader and a writer store on one file (two processes' views), with short snapshot windows.
struct TwoViews {
  std::unique_ptr<store::SqliteStore> reader, writer;
  std::filesystem::path path;
};

TwoViews two_views(const std::filesystem::path& directory, std::chrono::milliseconds memo_window) {
  store::SqliteOptions options;
  options.path = directory / "flakyd.db";
  options.memo_window = memo_window;
  options.snapshot_window = std::chrono::milliseconds(25);
  options.checkpoint_interval = std::chrono::milliseconds(20);
  auto reader = std::move(store::SqliteStore::open(options).value());
  auto writer = std::move(store::SqliteStore::open(options).value());
  return {std::move(reader), std::move(writer), options.path};
}

}  // namespace

TEST_CASE("another process's outcomes reach a lookup once its snapshot window has passed") {
  testing::TempDir dir;
  auto [reader, writer, path] = two_views(dir.path, std::chrono::milliseconds(0));
  CHECK(reader->history({"t::x", k_fp_a, "c1"}).value().runs == 0);  // a snapshot is now open
  REQUIRE(writer->record(batch("run-1", "c1", {outcome("t::x", Outcome::failed, 3, k_fp_a)})).has_value());
  long runs = 0;
  for (int attempt = 0; attempt < 500 && runs == 0; ++attempt) {
    runs = reader->history({"t::x", k_fp_a, "c1"}).value().runs;
    if (runs == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(runs == 1);
  // The reader's own record() is seen by its next lookup, whatever the window.
  REQUIRE(reader->record(batch("run-2", "c1", {outcome("t::x", Outcome::passed, 1)})).has_value());
  CHECK(reader->history({"t::x", k_fp_a, "c1"}).value().runs == 2);
}

TEST_CASE("an idle lookup snapshot is given up, so the WAL can be checkpointed to empty") {
  testing::TempDir dir;
  auto [reader, writer, path] = two_views(dir.path, std::chrono::milliseconds(2000));
  REQUIRE(writer->record(batch("run-1", "c1", {outcome("t::x", Outcome::passed)})).has_value());
  REQUIRE(reader->history({"t::x", k_fp_a, "c1"}).has_value());  // holds a snapshot, then idles
  REQUIRE(writer->record(batch("run-2", "c1", {outcome("t::x", Outcome::passed)})).has_value());
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  int busy = 1;
  for (int attempt = 0; attempt < 500 && busy != 0; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    int log = 0, done = 0;
    busy = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, &log, &done) == SQLITE_OK ? 0 : 1;
  }
  sqlite3_close(db);
  CHECK(busy == 0);
}
