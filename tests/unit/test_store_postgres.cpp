// The parts of the PostgreSQL adapter that need no server: the password never leaves
// strip_password(), the local journal keeps order and survives reopening, an unreachable store
// answers at once, and the layered verdict cache (engine) copies far hits near. The adapter
// against a real PostgreSQL is tested in tests/integration/test_store_postgres.py.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>

#include "engine/layered_verdict_cache.hpp"
#include "store/postgres/outcome_journal.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_store.hpp"
#include "temp_dir.hpp"

using namespace flakyd;
using flakyd::testing::TempDir;

TEST_CASE("strip_password removes every form of password from a connection string") {
  using store::pg::strip_password;
  CHECK(strip_password("postgresql://ci:s3cret@db.example:5432/flakyd?sslmode=verify-full") ==
        "postgresql://ci@db.example:5432/flakyd?sslmode=verify-full");
  CHECK(strip_password("postgresql://ci@db/flakyd?password=s3cret&sslmode=require") ==
        "postgresql://ci@db/flakyd?password=***&sslmode=require");
  CHECK(strip_password("host=db user=ci password=s3cret dbname=flakyd") ==
        "host=db user=ci password=*** dbname=flakyd");
  CHECK(strip_password(R"(host=db password = 'it\'s s3cret' dbname=flakyd)").find("s3cret") == std::string::npos);
  CHECK(strip_password("postgresql://ci:p%40ss@db/x") == "postgresql://ci@db/x");
  // Nothing to strip: unchanged (a user or database named like the keyword is not a password).
  CHECK(strip_password("postgresql://password@db/passwords") == "postgresql://password@db/passwords");
  CHECK(strip_password("postgresql:///flakyd") == "postgresql:///flakyd");
}

namespace {

engine::OutcomeBatch batch(const std::string& run, std::initializer_list<std::string> tests) {
  engine::OutcomeBatch outcomes{run, "abc123", {}};
  for (const auto& test : tests) {
    engine::OutcomeRecord record;
    record.test_id = test;
    record.outcome = engine::Outcome::failed;
    record.attempts = 2;
    record.fingerprint = std::string(64, 'f');
    record.duration_s = 0.25;
    outcomes.outcomes.push_back(record);
  }
  return outcomes;
}

}  // namespace

TEST_CASE("the outcome journal keeps reports in order until they are forgotten, across reopening") {
  TempDir dir;
  const auto path = dir.path / "state" / "journal.db";
  std::int64_t through = 0;
  {
    auto journal = store::pg::OutcomeJournal::open(path);
    REQUIRE(journal.has_value());
    REQUIRE((*journal)->append(batch("run-1", {"a", "b"}), 100).has_value());
    auto last = (*journal)->append(batch("run-2", {"c"}), 200);
    REQUIRE(last.has_value());
    through = *last;
  }
  auto journal = store::pg::OutcomeJournal::open(path);
  REQUIRE(journal.has_value());
  CHECK(*(*journal)->depth() == 3);
  auto rows = (*journal)->oldest(2);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].run_id == "run-1");
  CHECK((*rows)[0].outcome.test_id == "a");
  CHECK((*rows)[1].outcome.test_id == "b");
  CHECK((*rows)[1].outcome.attempts == 2);
  CHECK((*rows)[1].outcome.duration_s == doctest::Approx(0.25));
  CHECK((*rows)[1].commit == "abc123");
  CHECK((*rows)[1].recorded_at == 100);
  REQUIRE((*journal)->forget((*rows)[1].sequence).has_value());
  CHECK(*(*journal)->depth() == 1);
  REQUIRE((*journal)->forget(through).has_value());
  CHECK(*(*journal)->depth() == 0);
  // Sequences never go back, even once the journal is empty.
  auto next = (*journal)->append(batch("run-3", {"d"}), 300);
  REQUIRE(next.has_value());
  CHECK(*next > through);
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::group_all) ==
        std::filesystem::perms::none);
}

TEST_CASE("an unreachable store journals outcomes and answers every lookup at once") {
  TempDir dir;
  store::PostgresOptions options;
  options.conninfo = "postgresql://flakyd@127.0.0.1:1/flakyd?sslmode=disable&connect_timeout=1";
  options.journal = dir.path / "journal.db";
  options.connect_deadline = std::chrono::milliseconds(200);
  auto opened = store::PostgresStore::open(options);
  REQUIRE(opened.has_value());
  auto& store = **opened;
  auto recorded = store.record(batch("run-1", {"a", "b"}));
  REQUIRE(recorded.has_value());
  CHECK(*recorded == 2);
  CHECK_FALSE(store.history({"a", std::string(64, 'f'), "abc123"}).has_value());
  CHECK_FALSE(store.lookup_verdict("key", 0).has_value());
  const auto stats = store.stats();
  CHECK_FALSE(stats.connected);
  CHECK(stats.outcomes_journaled == 2);
  CHECK(stats.journal_depth == 2);
  // Nobody waited: both lookups were answered "down" without trying the server, none timed out.
  CHECK(stats.unavailable == 2);
  CHECK(stats.lookup_timeouts == 0);
  CHECK(store.describe() == options.conninfo);
}

namespace {
struct MapCache final : engine::VerdictCache {
  std::map<std::string, engine::CachedVerdict, std::less<>> entries;
  int lookups = 0;
  std::optional<engine::CachedVerdict> lookup(std::string_view key) override {
    ++lookups;
    auto found = entries.find(key);
    return found == entries.end() ? std::nullopt : std::optional(found->second);
  }
  void store(std::string_view key, const engine::CachedVerdict& verdict) override {
    entries.insert_or_assign(std::string(key), verdict);
  }
};
}  // namespace

TEST_CASE("the layered verdict cache asks the far cache only on a near miss and copies its hits near") {
  MapCache near;
  MapCache far;
  engine::LayeredVerdictCache layered(near, far);
  const engine::CachedVerdict verdict{heuristics::Category::timeout, 0.8, "timeout.read", "read timed out",
                                      engine::Source::heuristic, 1700000000};
  CHECK_FALSE(layered.lookup("k").has_value());
  CHECK(far.lookups == 1);
  far.store("k", verdict);
  REQUIRE(layered.lookup("k").has_value());
  CHECK(near.entries.count("k") == 1);
  CHECK(layered.lookup("k")->rule == "timeout.read");
  CHECK(far.lookups == 2);  // the second hit was near
  layered.store("new", verdict);
  CHECK(near.entries.count("new") == 1);
  CHECK(far.entries.count("new") == 1);
}
