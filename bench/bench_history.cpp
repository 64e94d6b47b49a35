// History benchmarks (issue #16): classification with the history store on and off, the store
// warm with 100k tests and 1M outcomes, and report_outcome of a 1,000-test batch.
// Run: build/bin/flakyd-bench --benchmark_filter='History|ReportOutcome'
// The store is built once per process in a temporary directory (about 10 s) and removed at exit.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "bench/shared_core.hpp"
#include "daemon/verdict_cache.hpp"
#include "engine/classifier.hpp"
#include "engine/outcome_recorder.hpp"
#include "protocol/mcp_server.hpp"
#include "protocol/tools.hpp"
#include "store/sqlite_store.hpp"

using namespace flakyd;

namespace {

constexpr int k_tests = 100'000;
constexpr int k_runs = 10;  // 100k tests x 10 runs = 1M outcomes
constexpr const char* k_commit = "5f1c2a9e0b7d4c3a8e6f5d4c3b2a1908f7e6d5c4";

const engine::Core& history_core() { return bench::shared_core(); }

std::string test_name(int i) { return "tests/module_" + std::to_string(i / 50) + ".py::test_case_" + std::to_string(i); }

std::string failure_trace(int i) {
  return "Traceback (most recent call last):\n"
         "  File \"/home/runner/work/app/app/tests/module_" + std::to_string(i / 50) + ".py\", line 42, in test_case_" +
         std::to_string(i) + "\n    response = client.get(url, timeout=5)\n"
         "  File \"/usr/lib/python3.11/site-packages/requests/sessions.py\", line 602, in get\n"
         "    return self.request(\"GET\", url, **kwargs)\n"
         "ConnectionResetError: [Errno 104] Connection reset by peer\n";
}

// 1M outcomes: every test in 10 runs, a tenth of them flaky (failed then passed on a retry).
class WarmStore {
 public:
  WarmStore() {
    char pattern[] = "/tmp/flakyd-bench-history-XXXXXX";
    m_dir = mkdtemp(pattern);
    store::SqliteOptions options;
    options.path = m_dir / "flakyd.db";
    auto opened = store::SqliteStore::open(options);
    if (!opened) std::abort();
    m_store = std::move(*opened);
    const std::string fingerprint(64, 'f');
    for (int run = 0; run < k_runs; ++run) {
      engine::OutcomeBatch batch{"run-" + std::to_string(run), k_commit, {}};
      batch.outcomes.reserve(k_tests);
      for (int i = 0; i < k_tests; ++i) {
        const bool flaky = i % 10 == 0 && run % 3 == 0;
        batch.outcomes.push_back({test_name(i), engine::Outcome::passed, flaky ? 2 : 1, flaky ? fingerprint : "",
                                  "", "", 0.25});
      }
      if (!m_store->record(batch)) std::abort();
    }
  }
  ~WarmStore() { std::filesystem::remove_all(m_dir); }
  store::SqliteStore& store() { return *m_store; }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<store::SqliteStore> m_store;
};

WarmStore& warm_store() {
  static WarmStore k_store;
  return k_store;
}

// Log lines in front of the traceback, so a trace is `size` bytes (0: the bare ~400-byte trace).
std::string padded_trace(int i, std::size_t size) {
  std::string trace;
  while (trace.size() + 400 < size) {
    trace += "2024-05-01T10:00:00.000Z INFO  worker-3 fetched 128 rows from orders in 12 ms (cache miss)\n";
  }
  return trace + failure_trace(i);
}

// Arg 0: history off (no store); 1: on. Arg 1: 0 no cache, 1 a disk cache hit. Arg 2: bytes of
// trace (0: the bare traceback). Arg 3: 0 -- 64 failures in rotation (the next attempt of a
// failure, shards failing alike: the store's 2 s memo answers); 1 -- a different one of the 100k
// tests on every call (no cache, no memo: every call reads the database).
void BM_ClassifyHistory(benchmark::State& state) {
  const bool history = state.range(0) == 1;
  const bool cached = state.range(1) == 1;
  const auto trace_bytes = static_cast<std::size_t>(state.range(2));
  const bool distinct = state.range(3) == 1;
  char pattern[] = "/tmp/flakyd-bench-cache-XXXXXX";
  const std::filesystem::path cache_dir = mkdtemp(pattern);
  std::unique_ptr<app::DiskVerdictCache> cache;
  if (cached) {
    cache::CacheOptions options;
    options.directory = cache_dir;
    options.background_cleanup = false;
    auto disk = cache::DiskCache::open(options);
    if (!disk) std::abort();
    cache = std::make_unique<app::DiskVerdictCache>(std::move(*disk), nullptr);
  }
  // On: what the daemon does for a runner that sends run_id and commit (store and run guards).
  // Off: a runner that opts out (--flakyd-no-history: no run_id, no store).
  engine::RunGuards guards({.retry_budget = 1 << 30});
  engine::Ports ports;
  ports.cache = cache.get();
  ports.history = history ? &warm_store().store() : nullptr;
  ports.guards = history ? &guards : nullptr;
  const engine::Classifier classifier(history_core(), {}, ports);
  // 64 tests in rotation: the cache (when on) is warm for each, the store sees different keys.
  std::vector<engine::FailureReport> reports(64);
  for (int i = 0; i < 64; ++i) {
    reports[i].trace = padded_trace(i * 1531, trace_bytes);
    reports[i].test_id = test_name(i * 1531);
    reports[i].commit = k_commit;
    reports[i].run_id = history ? "run-now" : "";
    reports[i].language = "python";
    classifier.classify(reports[i]);
  }
  std::size_t next = 0, from_history = 0;
  for (auto _ : state) {
    auto& report = reports[next++ % reports.size()];
    if (distinct) report.test_id = test_name(static_cast<int>((next * 7919) % k_tests));
    const auto decision = classifier.classify(report);
    from_history += decision.source == engine::Source::history;
    benchmark::DoNotOptimize(decision);
  }
  if (history && state.iterations() >= 100 && from_history == 0) state.SkipWithError("history never decided: the store is not being read");
  std::filesystem::remove_all(cache_dir);
}
BENCHMARK(BM_ClassifyHistory)
    ->Args({0, 0, 0, 0})->Args({1, 0, 0, 0})->Args({0, 1, 0, 0})->Args({1, 1, 0, 0})
    ->Args({0, 0, 4096, 0})->Args({1, 0, 4096, 0})->Args({0, 1, 4096, 0})->Args({1, 1, 4096, 0})
    ->Args({0, 0, 4096, 1})->Args({1, 0, 4096, 1});

// One tools/call request without the socket (parse, redact, fingerprint, classify, history,
// reply serialised) for a 4 KiB trace, a different test of the 100k every call (every lookup
// reads the database). Arg: 0 history off (no run_id, no store), 1 on.
void BM_McpClassifyHistoryColdTest(benchmark::State& state) {
  const bool history = state.range(0) == 1;
  engine::RunGuards guards({.retry_budget = 1 << 30});
  engine::Ports ports;
  ports.history = history ? &warm_store().store() : nullptr;
  ports.guards = history ? &guards : nullptr;
  const engine::Classifier classifier(history_core(), {}, ports);
  const protocol::ToolCatalog tools(classifier, history_core().redactor, {}, nullptr);
  protocol::McpServer server(tools, {"flakyd", "bench", "", false});
  const protocol::HttpContext context;
  nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
                            {"params", {{"name", "classify_failure"},
                                        {"arguments", {{"trace", padded_trace(7, 4096)}, {"language", "python"},
                                                       {"commit", k_commit}}}}}};
  if (history) request["params"]["arguments"]["run_id"] = "run-now";
  // Bodies made before timing: the JSON text differs only in the test id. More tests than the
  // store's memo holds (4096), so every lookup is a database read.
  std::vector<std::string> bodies;
  for (int i = 0; i < 10'000; ++i) {
    request["params"]["arguments"]["test_id"] = test_name((i * 7919) % k_tests);
    bodies.push_back(request.dump());
  }
  std::size_t next = 0;
  for (auto _ : state) benchmark::DoNotOptimize(server.handle_http(bodies[next++ % bodies.size()], context));
}
BENCHMARK(BM_McpClassifyHistoryColdTest)->Arg(0)->Arg(1);

// The store's lookup alone, for a random one of the 100k tests.
void BM_StoreHistoryLookup(benchmark::State& state) {
  auto& store = warm_store().store();
  const std::string fingerprint(64, 'f');
  std::size_t next = 0;  // a different test each time: the memo never answers
  for (auto _ : state) {
    auto history = store.history({test_name(static_cast<int>((next++ * 7919) % k_tests)), fingerprint, k_commit});
    if (!history || history->runs != k_runs) state.SkipWithError("the store did not answer");
    benchmark::DoNotOptimize(history);
  }
}
BENCHMARK(BM_StoreHistoryLookup);

// The i-th test of a 1,000-test batch. Arg 0: one suite's tests (neighbours in the store's test
// index: the realistic case, a run reports its own suite); 1: scattered across all 100k tests
// (the worst case: every outcome lands on its own index page).
int batch_test(int i, bool scattered) { return scattered ? i * 97 : 40'000 + i; }

// report_outcome through the tool (parse, validate, redact 1,000 test ids, one transaction)
// into the warm store.
void BM_ReportOutcome1000(benchmark::State& state) {
  const bool scattered = state.range(0) == 1;
  const engine::Classifier classifier(history_core());
  const engine::OutcomeRecorder recorder(history_core(), warm_store().store());
  const protocol::ToolCatalog tools(classifier, history_core().redactor, {}, nullptr, &recorder);
  nlohmann::json outcomes = nlohmann::json::array();
  for (int i = 0; i < 1000; ++i) {
    outcomes.push_back({{"test_id", test_name(batch_test(i, scattered))},
                        {"outcome", i % 50 == 0 ? "failed" : "passed"},
                        {"attempts", i % 50 == 0 ? 3 : 1},
                        {"duration_s", 0.12}});
  }
  long run = 0;
  for (auto _ : state) {
    const nlohmann::json arguments = {{"run_id", "bench-report-" + std::to_string(run++)},
                                      {"commit", k_commit},
                                      {"outcomes", outcomes}};
    auto result = tools.call("report_outcome", arguments);
    if (!result || (*result)["isError"].get<bool>()) state.SkipWithError("report_outcome failed");
  }
}
BENCHMARK(BM_ReportOutcome1000)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The parts of report_outcome: the store's transaction alone, and the redaction of 1,000 ids.
void BM_StoreRecord1000(benchmark::State& state) {
  auto& store = warm_store().store();
  engine::OutcomeBatch batch{"", k_commit, {}};
  for (int i = 0; i < 1000; ++i) {
    batch.outcomes.push_back({test_name(batch_test(i, state.range(0) == 1)), engine::Outcome::passed, 1, "", "", "", 0.1});
  }
  long run = 0;
  for (auto _ : state) {
    batch.run_id = "bench-store-" + std::to_string(run++);
    if (!store.record(batch)) state.SkipWithError("record failed");
  }
}
BENCHMARK(BM_StoreRecord1000)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_RedactTestIds1000(benchmark::State& state) {
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(test_name(i * 97));
  for (auto _ : state) {
    for (const auto& id : ids) benchmark::DoNotOptimize(history_core().redactor.redact(id));
  }
}
BENCHMARK(BM_RedactTestIds1000)->Unit(benchmark::kMillisecond);

}  // namespace
