// History in the classifier: the judge, the run-level guards, and the classifier over a real
// SQLite store in a temporary directory.
#include <doctest/doctest.h>

#include <string>

#include "engine/classifier.hpp"
#include "shared_core.hpp"
#include "engine/history_judge.hpp"
#include "engine/outcome_recorder.hpp"
#include "engine/run_guards.hpp"
#include "store/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace flakyd;
using engine::HistoryCall;
using engine::Outcome;
using engine::TestHistory;
using heuristics::Action;

namespace {

const engine::Core& core() { return testing::shared_core(); }

constexpr const char* k_refused =
    "Traceback (most recent call last):\n  File \"tests/test_api.py\", line 12, in test_api\n"
    "ConnectionRefusedError: [Errno 111] Connection refused\n";
constexpr const char* k_assertion =
    "Traceback (most recent call last):\n  File \"tests/test_math.py\", line 3, in test_flip\n"
    "    assert total == 4\nAssertionError: assert 3 == 4\n";

engine::FailureReport failure(const char* trace, std::string test_id, std::string commit = "c1",
                              std::string run_id = "run-now", int attempt = 1) {
  engine::FailureReport report;
  report.trace = trace;
  report.test_id = std::move(test_id);
  report.commit = std::move(commit);
  report.run_id = std::move(run_id);
  report.attempt = attempt;
  report.language = "python";
  return report;
}

struct HistoryFixture {
  testing::TempDir dir;
  std::unique_ptr<store::SqliteStore> store;
  engine::RunGuards guards;
  std::unique_ptr<engine::Classifier> classifier;

  HistoryFixture() {
    store::SqliteOptions options;
    options.path = dir.path / "flakyd.db";
    auto opened = store::SqliteStore::open(options);
    REQUIRE(opened.has_value());
    store = std::move(*opened);
    engine::Ports ports;
    ports.history = store.get();
    ports.guards = &guards;
    classifier = std::make_unique<engine::Classifier>(core(), engine::ClassifierOptions{}, ports);
  }

  // Records the outcome of `test` in a fresh run, with the fingerprint flakyd gives `trace`.
  void happened(const char* trace, const std::string& test, Outcome outcome, int attempts, const std::string& run,
                const std::string& commit = "c1") {
    engine::OutcomeRecord record;
    record.test_id = test;
    record.outcome = outcome;
    record.attempts = attempts;
    if (trace) record.fingerprint = classifier->classify(failure(trace, test, commit, "")).fingerprint;
    REQUIRE(store->record({run, commit, {record}}).has_value());
  }
};

}  // namespace

TEST_CASE("the judge: flaky on a commit, deterministic after 3 runs that failed every attempt, else nothing") {
  TestHistory none;
  none.runs = 2;
  none.failed_all_runs = 2;
  CHECK(engine::judge_history(none).call == HistoryCall::none);

  TestHistory always;
  always.runs = 3;
  always.failed_all_runs = 3;
  const auto stop = engine::judge_history(always);
  CHECK(stop.call == HistoryCall::deterministic);
  CHECK(stop.reason.find("3 runs") != std::string::npos);

  TestHistory flipped;
  flipped.runs = 2;
  flipped.commit_failed_runs = 1;
  flipped.commit_passed_runs = 1;
  CHECK(engine::judge_history(flipped).call == HistoryCall::flaky);

  // A failure that once passed on a retry is never deterministic, however often it failed.
  TestHistory recovered = always;
  recovered.failed_all_runs = 9;
  recovered.recovered_runs = 1;
  CHECK(engine::judge_history(recovered).call == HistoryCall::flaky);
}

TEST_CASE("confidence grows with evidence and one observation is not proof") {
  CHECK(engine::evidence_confidence(1) < 0.7);
  CHECK(engine::evidence_confidence(1) < engine::evidence_confidence(3));
  CHECK(engine::evidence_confidence(3) < engine::evidence_confidence(10));
  CHECK(engine::evidence_confidence(1000) <= 0.97);
}

TEST_CASE("run guards: a storm of one failure across tests stops, and the retry budget is per run") {
  engine::RunGuards guards({.retry_budget = 3, .storm_tests = 4});
  for (int i = 0; i < 3; ++i) {
    CHECK(guards.check("run-a", "t" + std::to_string(i), "sig", true).guard == engine::Guard::none);
  }
  // A fourth retry in run-a is over budget (a different failure, so no storm).
  CHECK(guards.check("run-a", "t9", "other", true).guard == engine::Guard::retry_budget);
  // The same test failing again does not make a storm.
  CHECK(guards.check("run-b", "t0", "sig", false).guard == engine::Guard::none);
  CHECK(guards.check("run-b", "t0", "sig", false).guard == engine::Guard::none);
  CHECK(guards.check("run-b", "t1", "sig", false).guard == engine::Guard::none);
  CHECK(guards.check("run-b", "t2", "sig", false).guard == engine::Guard::none);
  const auto storm = guards.check("run-b", "t3", "sig", true);
  CHECK(storm.guard == engine::Guard::storm);
  CHECK(storm.reason.find("rerun the job") != std::string::npos);
  // Another run has its own budget.
  CHECK(guards.check("run-c", "t0", "sig", true).guard == engine::Guard::none);
}

TEST_CASE("run guards forget the least recently seen run past their bound") {
  engine::RunGuards guards({.retry_budget = 1, .storm_tests = 10, .max_runs = 2});
  CHECK(guards.check("r1", "t", "s", true).guard == engine::Guard::none);
  CHECK(guards.check("r1", "t", "s", true).guard == engine::Guard::retry_budget);
  guards.check("r2", "t", "s", false);
  guards.check("r3", "t", "s", false);  // r1 is forgotten
  CHECK(guards.check("r1", "t", "s", true).guard == engine::Guard::none);
}

TEST_CASE("history: an assertion that flipped on this commit is retried, with source history") {
  HistoryFixture fixture;
  const auto before = fixture.classifier->classify(failure(k_assertion, "t::flip"));
  CHECK(before.action == Action::stop_retry);
  CHECK(before.source != engine::Source::history);
  fixture.happened(k_assertion, "t::flip", Outcome::failed, 1, "r1");
  fixture.happened(nullptr, "t::flip", Outcome::passed, 1, "r2");
  const auto after = fixture.classifier->classify(failure(k_assertion, "t::flip"));
  CHECK(after.action == Action::retry_with_delay);
  CHECK(after.source == engine::Source::history);
  CHECK(after.reason.find("history") != std::string::npos);
  REQUIRE(after.history.has_value());
  CHECK(after.history->runs == 2);
  // Another commit knows nothing of that: the text decides.
  CHECK(fixture.classifier->classify(failure(k_assertion, "t::flip", "c2")).action == Action::stop_retry);
  // The runner may opt out.
  auto opted_out = failure(k_assertion, "t::flip");
  opted_out.use_history = false;
  CHECK(fixture.classifier->classify(opted_out).action == Action::stop_retry);
}

TEST_CASE("history: a refused connection that failed every attempt in 3 runs is not retried") {
  HistoryFixture fixture;
  CHECK(fixture.classifier->classify(failure(k_refused, "t::api")).action == Action::retry_with_delay);
  for (const char* run : {"r1", "r2"}) fixture.happened(k_refused, "t::api", Outcome::failed, 3, run);
  CHECK(fixture.classifier->classify(failure(k_refused, "t::api")).action == Action::retry_with_delay);
  fixture.happened(k_refused, "t::api", Outcome::failed, 3, "r3");
  const auto decision = fixture.classifier->classify(failure(k_refused, "t::api"));
  CHECK(decision.action == Action::stop_retry);
  CHECK(decision.source == engine::Source::history);
  CHECK(decision.reason.find("failed every attempt in 3 runs") != std::string::npos);
  REQUIRE(decision.history.has_value());
  CHECK(decision.history->failed_all_runs == 3);
  const double three = decision.confidence;
  fixture.happened(k_refused, "t::api", Outcome::failed, 3, "r4");
  CHECK(fixture.classifier->classify(failure(k_refused, "t::api")).confidence > three);
}

TEST_CASE("the cache keeps the text's verdict, never history's") {
  class OneEntryCache final : public engine::VerdictCache {
   public:
    std::optional<engine::CachedVerdict> lookup(std::string_view) override { return stored; }
    void store(std::string_view, const engine::CachedVerdict& verdict) override { stored = verdict; }
    std::optional<engine::CachedVerdict> stored;
  } cache;
  HistoryFixture fixture;
  for (const char* run : {"r1", "r2", "r3"}) fixture.happened(k_refused, "t::api", Outcome::failed, 3, run);
  engine::Ports ports;
  ports.cache = &cache;
  ports.history = fixture.store.get();
  const engine::Classifier classifier(core(), {}, ports);
  const auto first = classifier.classify(failure(k_refused, "t::api"));
  CHECK(first.source == engine::Source::history);
  REQUIRE(cache.stored.has_value());
  const auto text_only = engine::Classifier(core()).classify(failure(k_refused, "t::api"));
  CHECK(cache.stored->category == text_only.category);
  CHECK(cache.stored->origin == engine::Source::heuristic);
  CHECK(cache.stored->confidence == doctest::Approx(text_only.confidence));
  // A cache hit still meets history.
  const auto again = classifier.classify(failure(k_refused, "t::api"));
  CHECK(again.source == engine::Source::history);
  CHECK(again.action == Action::stop_retry);
}

TEST_CASE("outcomes are redacted before the store sees them") {
  HistoryFixture fixture;
  const engine::OutcomeRecorder recorder(core(), *fixture.store);
  const std::string secret_test = "t::login[ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789]";
  engine::OutcomeRecord record;
  record.test_id = secret_test;
  record.outcome = Outcome::passed;
  REQUIRE(recorder.record({"run-ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "c1", {record}}).has_value());
  const auto tests = fixture.store->summarise({}).value();
  REQUIRE(tests.size() == 1);
  CHECK(tests[0].test_id.find("ghp_") == std::string::npos);
  CHECK(tests[0].test_id.find("REDACTED") != std::string::npos);
}

TEST_CASE("the storm guard turns ten tests failing alike in one run into stop_retry") {
  HistoryFixture fixture;
  engine::Decision last;
  for (int i = 0; i < 10; ++i) {
    auto report = failure(k_refused, "t::svc" + std::to_string(i), "c1", "run-storm");
    report.trace = "ConnectionRefusedError: [Errno 111] Connection refused\n";
    last = fixture.classifier->classify(report);
    if (i < 9) CHECK(last.action == Action::retry_with_delay);
  }
  CHECK(last.action == Action::stop_retry);
  CHECK(last.guard == "storm");
  CHECK(last.reason.find("rerun the job") != std::string::npos);
}
