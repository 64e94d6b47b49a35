// Hot-path benchmarks. Run: build/bin/flakyd-bench [--benchmark_filter=...]
// Traces are built from realistic failure lines repeated to size, with the root cause at the end
// (the worst case for a scan).
#include <benchmark/benchmark.h>

#include <string>

#include "daemon/verdict_cache.hpp"
#include "bench/shared_core.hpp"
#include "engine/classifier.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/mcp_server.hpp"
#include "protocol/tools.hpp"
#include "redact/fingerprint.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

using namespace flakyd;

namespace {

const engine::Core& core() { return bench::shared_core(); }

// secrets_per_kib: 0 (clean), 1 (a dense debug log: two secret-bearing lines per KiB).
// A 4 KiB trace with "sparse" secrets gets the two lines once.
enum class Secrets { none, sparse, dense };

std::string make_trace(std::size_t size, Secrets secrets) {
  static const std::string k_frames =
      "  File \"/home/runner/work/app/app/src/service/handlers.py\", line 214, in handle_request\n"
      "    response = self.client.post(url, json=payload, timeout=self.timeout)\n"
      "  File \"/usr/lib/python3.11/site-packages/requests/sessions.py\", line 637, in post\n"
      "    return self.request(\"POST\", url, data=data, json=json, **kwargs)\n";
  static const std::string k_secrets =
      "DEBUG headers={'Authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl'}\n"
      "DEBUG env GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 DB_PASSWORD=hunter2hunter2\n";
  std::string trace = "Traceback (most recent call last):\n";
  if (secrets == Secrets::sparse) trace += k_secrets;
  while (trace.size() < size) {
    trace += secrets == Secrets::dense && trace.size() % 1024 < 300 ? k_secrets : k_frames;
  }
  trace.resize(size - 60);
  trace += "\nConnectionResetError: [Errno 104] Connection reset by peer\n";
  return trace;
}

void BM_Classify(benchmark::State& state) {
  const std::string trace = make_trace(static_cast<std::size_t>(state.range(0)), Secrets::none);
  const heuristics::FailureText text{trace, "", "", heuristics::Language::python};
  for (auto _ : state) benchmark::DoNotOptimize(core().rules.classify(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
}
BENCHMARK(BM_Classify)->Arg(1 << 10)->Arg(4 << 10)->Arg(64 << 10)->Arg(1 << 20);

// A defect's assertion, where heuristics/assertion_diff.hpp reads the expected/actual pairs too:
// JUnit frames repeated to size, ending in a ComparisonFailure whose values differ only in a
// decimal comma (the verdict turns environmental), or in content (it stays a defect).
void BM_ClassifyAssertionDiff(benchmark::State& state) {
  static const std::string k_frames =
      "\tat org.junit.Assert.assertEquals(Assert.java:117)\n"
      "\tat com.acme.report.FormatTest.rendersTotal(FormatTest.java:42)\n";
  std::string trace = "org.junit.ComparisonFailure: expected:<Total: 3.14 EUR> but was:<Total: 3,14 EUR>\n";
  if (state.range(1) == 0) trace = "org.junit.ComparisonFailure: expected:<Total: 3.14 EUR> but was:<Total: 3.41 EUR>\n";
  while (trace.size() < static_cast<std::size_t>(state.range(0))) trace += k_frames;
  const heuristics::FailureText text{trace, "", "", heuristics::Language::jvm};
  for (auto _ : state) benchmark::DoNotOptimize(core().rules.classify(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
  state.SetLabel(state.range(1) ? "host difference" : "real defect");
}
BENCHMARK(BM_ClassifyAssertionDiff)->Args({4 << 10, 1})->Args({4 << 10, 0})->Args({64 << 10, 1});

void BM_Redact(benchmark::State& state) {
  const auto secrets = static_cast<Secrets>(state.range(1));
  const std::string trace = make_trace(static_cast<std::size_t>(state.range(0)), secrets);
  std::size_t count = 0;
  for (auto _ : state) count = core().redactor.redact(trace).count;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
  state.SetLabel(std::string(secrets == Secrets::none     ? "clean"
                             : secrets == Secrets::sparse ? "sparse secrets"
                                                          : "dense secrets") +
                 " (" + std::to_string(count) + " redacted)");
}
BENCHMARK(BM_Redact)
    ->Args({4 << 10, 0})->Args({4 << 10, 1})->Args({4 << 10, 2})
    ->Args({1 << 20, 0})->Args({1 << 20, 1})->Args({1 << 20, 2});

void BM_Fingerprint(benchmark::State& state) {
  const std::string trace = make_trace(static_cast<std::size_t>(state.range(0)), Secrets::none);
  for (auto _ : state) benchmark::DoNotOptimize(core().fingerprinter.fingerprint(trace));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
}
BENCHMARK(BM_Fingerprint)->Arg(4 << 10)->Arg(1 << 20);

// A failure signature (redact/signature.hpp) read from a CI console: timestamp-prefixed build
// noise with colours, then a JVM failure with a root cause, repeated to size; 4, 16 and 64 KiB
// show the cost is linear in the trace.
std::string make_ci_log(std::size_t size) {
  static const std::string k_noise =
      "2024-06-11T09:14:03.1182930Z [INFO] Downloading from central: https://repo.maven.apache.org/"
      "maven2/org/slf4j/slf4j-api/2.0.13/slf4j-api-2.0.13.pom\n"
      "2024-06-11T09:14:03.2012001Z \x1b[1;34mINFO\x1b[m Tests run: 42, Failures: 0, Errors: 0, Skipped: 1, "
      "Time elapsed: 3.118 s - in com.acme.cart.CartServiceTest\n";
  static const std::string k_failure =
      "2024-06-11T09:14:05.0000000Z [ERROR] testCheckout(com.acme.cart.CheckoutIT)  Time elapsed: 2.5 s  <<< ERROR!\n"
      "2024-06-11T09:14:05.0000000Z org.springframework.web.client.ResourceAccessException: I/O error on POST\n"
      "2024-06-11T09:14:05.0000000Z \tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:791)\n"
      "2024-06-11T09:14:05.0000000Z \tat com.acme.cart.PaymentClient.charge(PaymentClient.java:57)\n"
      "2024-06-11T09:14:05.0000000Z \tat com.acme.cart.CheckoutIT.testCheckout(CheckoutIT.java:88)\n"
      "2024-06-11T09:14:05.0000000Z Caused by: java.net.SocketTimeoutException: Read timed out after 30000 ms\n"
      "2024-06-11T09:14:05.0000000Z \tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)\n"
      "2024-06-11T09:14:05.0000000Z \tat com.acme.cart.PaymentClient.read(PaymentClient.java:102)\n"
      "2024-06-11T09:14:05.0000000Z \t... 42 more\n";
  std::string log;
  while (log.size() + k_failure.size() < size) log += k_noise;
  log += k_failure;
  return log;
}

void BM_Signature(benchmark::State& state) {
  const redact::Fingerprinter fingerprinter;
  const std::string trace = make_ci_log(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fingerprinter.fingerprint(trace, "", "", "com.acme.cart.CheckoutIT"));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * trace.size()));
}
BENCHMARK(BM_Signature)->Arg(4 << 10)->Arg(16 << 10)->Arg(64 << 10);

// Arg 1: the trace as GitHub Actions' log shows it (a timestamp column before every line, the
// first word of each line coloured), which the pipeline strips after redaction.
void BM_PipelineNoCache(benchmark::State& state) {
  const engine::Classifier classifier(core());
  engine::FailureReport report;
  const std::string trace = make_trace(static_cast<std::size_t>(state.range(0)), Secrets::sparse);
  if (state.range(1) == 0) {
    report.trace = trace;
  } else {
    for (std::size_t at = 0; at < trace.size();) {
      auto end = trace.find('\n', at);
      if (end == std::string::npos) end = trace.size();
      report.trace += "2024-06-11T09:14:03.1182736Z \x1b[36m";
      report.trace.append(trace, at, end - at);
      report.trace += "\x1b[0m\n";
      at = end + 1;
    }
  }
  state.SetLabel(state.range(1) == 0 ? "plain" : "CI log");
  for (auto _ : state) benchmark::DoNotOptimize(classifier.classify(report));
}
BENCHMARK(BM_PipelineNoCache)->Args({4 << 10, 0})->Args({4 << 10, 1});

// A cache hit end to end in-process: redaction, fingerprint, disk lookup, advice.
// A disk cache in a fresh temporary directory, removed when the benchmark ends.
class TemporaryCache {
 public:
  TemporaryCache() {
    char pattern[] = "/tmp/flakyd-bench-cache-XXXXXX";
    m_dir = mkdtemp(pattern);
    cache::CacheOptions options;
    options.directory = m_dir;
    options.background_cleanup = false;
    auto store = cache::DiskCache::open(options);
    if (!store) std::abort();
    m_verdicts = std::make_unique<app::DiskVerdictCache>(std::move(*store), nullptr);
  }
  ~TemporaryCache() { std::filesystem::remove_all(m_dir); }
  app::DiskVerdictCache* verdicts() { return m_verdicts.get(); }

 private:
  std::filesystem::path m_dir;
  std::unique_ptr<app::DiskVerdictCache> m_verdicts;
};

void BM_PipelineCacheHit(benchmark::State& state) {
  TemporaryCache cache;
  const engine::Classifier classifier(core(), {}, {cache.verdicts(), nullptr, nullptr});
  engine::FailureReport report;
  report.trace = make_trace(static_cast<std::size_t>(state.range(0)), Secrets::none);
  if (classifier.classify(report).source != engine::Source::heuristic) std::abort();
  for (auto _ : state) {
    const auto decision = classifier.classify(report);
    if (decision.source != engine::Source::cache) state.SkipWithError("expected a cache hit");
  }
}
BENCHMARK(BM_PipelineCacheHit)->Arg(4 << 10);

// The JSON-RPC body the load benchmark (bench/load/classify.lua) sends: a 4 KiB trace.
std::string tools_call_body() {
  const std::string trace = make_trace(4 << 10, Secrets::none);
  const nlohmann::json request = {
      {"jsonrpc", "2.0"}, {"id", 1}, {"method", "tools/call"},
      {"params", {{"name", "classify_failure"},
                  {"arguments", {{"trace", trace}, {"language", "python"}, {"attempt", 1},
                                 {"max_attempts", 3}}}}}};
  return request.dump();
}

void BM_ParseJson(benchmark::State& state) {
  const std::string body = tools_call_body();
  for (auto _ : state) benchmark::DoNotOptimize(protocol::parse_json(body));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ParseJson);

// One HTTP tools/call without the socket: parse, redact, fingerprint, disk cache hit, advice,
// reply serialised. What the daemon spends per request beyond its HTTP edge and the kernel.
void BM_McpToolsCallCacheHit(benchmark::State& state) {
  TemporaryCache cache;
  const engine::Classifier classifier(core(), {}, {cache.verdicts(), nullptr, nullptr});
  const protocol::ToolCatalog tools(classifier, core().redactor, {}, nullptr);
  protocol::McpServer server(tools, {"flakyd", "bench", "", false});
  const std::string body = tools_call_body();
  const protocol::HttpContext context;
  if (server.handle_http(body, context).body.find("heuristic") == std::string::npos) std::abort();
  for (auto _ : state) benchmark::DoNotOptimize(server.handle_http(body, context));
}
BENCHMARK(BM_McpToolsCallCacheHit);

}  // namespace

// Real traces, one per iteration in turn: the labelled corpus (tests/data/corpus), whose varied
// text keeps building new states in the rule set's DFA where a repeated synthetic trace reuses
// them. The figure a daemon sees on a stream of different failures.
const std::vector<std::string>& corpus_traces() {
  static const std::vector<std::string> k_traces = [] {
    std::vector<std::string> traces;
    const std::filesystem::path dir = FLAKYD_BENCH_CORPUS_DIR;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file);
      for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        traces.push_back(nlohmann::json::parse(line).at("trace").get<std::string>());
      }
    }
    return traces;
  }();
  return k_traces;
}

// range(0): 0 -- each iteration takes the next trace; 1 -- the first trace over and over (what a
// synthetic benchmark measures: every DFA state it needs is already built); 2 -- the next trace
// no run of this process has classified yet (with a fixed iteration count, so repetitions stay
// within one pass over the corpus): what a daemon pays for a failure it has never seen.
template <typename Work>
void run_on_corpus(benchmark::State& state, Work work) {
  const auto& traces = corpus_traces();
  if (traces.empty()) {
    state.SkipWithError("no corpus traces under " FLAKYD_BENCH_CORPUS_DIR);
    return;
  }
  static std::size_t unseen = 0;  // shared by every run of mode 2
  std::size_t next = state.range(0) == 2 ? unseen : 0, bytes = 0;
  for (auto _ : state) {
    const std::string& trace = traces[next % traces.size()];
    if (state.range(0) != 1) ++next;
    bytes += trace.size();
    work(trace);
  }
  if (state.range(0) == 2) unseen = next;
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetLabel(state.range(0) == 1   ? std::string("one trace repeated")
                 : state.range(0) == 0 ? std::to_string(traces.size()) + " traces in turn"
                 : next > traces.size() ? std::string("unseen traces (the corpus ran out: some seen)")
                                        : std::string("unseen traces"));
}

void BM_ClassifyCorpus(benchmark::State& state) {
  run_on_corpus(state, [](const std::string& trace) {
    const heuristics::FailureText text{trace, "", "", heuristics::Language::any};
    benchmark::DoNotOptimize(core().rules.classify(text));
  });
}
BENCHMARK(BM_ClassifyCorpus)->Arg(0)->Arg(1);
BENCHMARK(BM_ClassifyCorpus)->Arg(2)->Iterations(2000);

void BM_RedactCorpus(benchmark::State& state) {
  run_on_corpus(state, [](const std::string& trace) { benchmark::DoNotOptimize(core().redactor.redact(trace)); });
}
BENCHMARK(BM_RedactCorpus)->Arg(0)->Arg(1);

// Start-up: what one CLI invocation pays before reading its input (the daemon pays it once).
void BM_CompileRuleEngine(benchmark::State& state) {
  for (auto _ : state) {
    auto rules = heuristics::RuleEngine::compile(heuristics::builtin_rules());
    benchmark::DoNotOptimize(rules);
  }
}
BENCHMARK(BM_CompileRuleEngine)->Unit(benchmark::kMillisecond);

void BM_CreateRedactor(benchmark::State& state) {
  for (auto _ : state) {
    auto redactor = redact::Redactor::create({});
    benchmark::DoNotOptimize(redactor);
  }
}
BENCHMARK(BM_CreateRedactor)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
