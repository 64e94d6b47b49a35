#include <doctest/doctest.h>

#include <sstream>

#include "daemon/rule_precision.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace flakyd;

namespace {

std::unique_ptr<store::SqliteStore> open_store(const testing::TempDir& dir) {
  store::SqliteOptions options;
  options.path = dir.path / "flakyd.db";
  auto store = store::SqliteStore::open(options);
  REQUIRE(store.has_value());
  return std::move(*store);
}

}  // namespace

TEST_CASE("a rule's retry counts as followed by a pass only when the next attempt passed") {
  testing::TempDir dir;
  auto store = open_store(dir);
  // r1: net retried at attempt 1, passed at 2. r2: net retried at 1 and 2, failed for good.
  // r3: db retried, but the store never heard of the run.
  REQUIRE(store->record({"r1", "c", {{"t::a", engine::Outcome::passed, 2, "", "", "", {}}}}).has_value());
  REQUIRE(store->record({"r2", "c", {{"t::a", engine::Outcome::failed, 3, "", "", "", {}}}}).has_value());
  std::istringstream trail(
      R"({"run_id":"r1","test_id":"t::a","attempt":1,"action":"retry_with_delay","rule":"net"})" "\n"
      R"({"run_id":"r2","test_id":"t::a","attempt":1,"action":"retry_with_delay","rule":"net"})" "\n"
      R"({"run_id":"r2","test_id":"t::a","attempt":2,"action":"retry_with_delay","rule":"net"})" "\n"
      R"({"run_id":"r2","test_id":"t::a","attempt":3,"action":"stop_retry","rule":"net"})" "\n"
      R"({"run_id":"r3","test_id":"t::b","attempt":1,"action":"retry_with_delay","rule":"db"})" "\n"
      R"({"test_id":"t::c","attempt":1,"action":"retry_with_delay","rule":"db"})" "\n"
      "not json\n");
  const auto rules = app::rule_retry_outcomes({&trail}, *store);
  REQUIRE(rules.contains("net"));
  CHECK(rules.at("net").retries_with_outcome == 3);
  CHECK(rules.at("net").retries_then_passed == 1);
  CHECK_FALSE(rules.contains("db"));
}

TEST_CASE("trail lines whose fields have the wrong type are skipped, the rest still counted") {
  testing::TempDir dir;
  auto store = open_store(dir);
  REQUIRE(store->record({"r1", "c", {{"t::a", engine::Outcome::passed, 2, "", "", "", {}}}}).has_value());
  std::istringstream trail(
      R"({"run_id":5,"test_id":"t::a","attempt":1,"action":"retry_with_delay","rule":"net"})" "\n"
      R"({"run_id":"r1","test_id":["t::a"],"attempt":1,"action":"retry_with_delay","rule":"net"})" "\n"
      R"({"run_id":"r1","test_id":"t::a","attempt":"one","action":"retry_with_delay","rule":"odd"})" "\n"
      R"({"run_id":"r1","test_id":"t::a","attempt":1,"action":true,"rule":"net"})" "\n"
      R"({"run_id":"r1","test_id":"t::a","attempt":1,"action":"retry_with_delay","rule":"net"})" "\n");
  const auto rules = app::rule_retry_outcomes({&trail}, *store);
  REQUIRE(rules.contains("net"));
  CHECK(rules.at("net").retries_with_outcome == 1);
  CHECK(rules.at("net").retries_then_passed == 1);
}
