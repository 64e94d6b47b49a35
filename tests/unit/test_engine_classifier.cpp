#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <string>

#include "engine/classifier.hpp"
#include "shared_core.hpp"

using namespace flakyd;
using engine::Classifier;
using engine::FailureReport;
using heuristics::Action;
using heuristics::Category;

namespace {

const engine::Core& core() { return testing::shared_core(); }

FailureReport report(std::string trace, int attempt = 1) {
  FailureReport failure;
  failure.trace = std::move(trace);
  failure.attempt = attempt;
  return failure;
}

class MemoryCache final : public engine::VerdictCache {
 public:
  std::optional<engine::CachedVerdict> lookup(std::string_view key) override {
    const auto found = entries.find(std::string(key));
    if (found == entries.end()) return std::nullopt;
    return found->second;
  }
  void store(std::string_view key, const engine::CachedVerdict& verdict) override {
    entries[std::string(key)] = verdict;
  }
  std::map<std::string, engine::CachedVerdict> entries;
};

class RecordingUpstream final : public engine::UpstreamClassifier {
 public:
  flakyd::expected<engine::UpstreamVerdict, engine::UpstreamFailure> classify(const FailureReport& r) override {
    seen.push_back(r.trace);
    if (fail) return flakyd::unexpected(engine::UpstreamFailure{"timeout"});
    return answer;
  }
  std::string identity() const override { return "test-upstream"; }
  engine::UpstreamVerdict answer{Category::timeout, 0.9, std::nullopt, std::nullopt, "slow CI host"};
  bool fail = false;
  std::vector<std::string> seen;
};

class RecordingSink final : public engine::DecisionSink {
 public:
  void record(const engine::DecisionRecord& record) override { traces.push_back(record.report->trace); }
  std::vector<std::string> traces;
};

}  // namespace

TEST_CASE("a classification carries category, advice, fingerprint and redaction count") {
  const Classifier classifier(core());
  const auto decision = classifier.classify(
      report("ConnectionResetError: [Errno 104] Connection reset by peer\n"
             "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"));
  CHECK(decision.category == Category::flaky_network);
  CHECK(decision.action == Action::retry_with_delay);
  CHECK(decision.delay_s == doctest::Approx(2.0));
  CHECK(decision.rule == "net.connection-reset");
  CHECK(decision.source == engine::Source::heuristic);
  CHECK(decision.fingerprint.size() == 64);
  CHECK(decision.redactions == 1);
  CHECK(decision.reason.find("ConnectionResetError") != std::string::npos);
  CHECK(decision.reason.find("retry in 2 s") != std::string::npos);
}

TEST_CASE("a secret in the exception message is redacted too") {
  RecordingSink sink;
  const Classifier classifier(core(), {}, {nullptr, nullptr, &sink});
  FailureReport failure = report("AssertionError");
  failure.message = "login failed for password=Sup3rS3cret!";
  const auto decision = classifier.classify(failure);
  CHECK(decision.redactions == 1);
  CHECK(decision.reason.find("Sup3rS3cret") == std::string::npos);
}

TEST_CASE("the attempt budget stops retries and is said in the reason") {
  const Classifier classifier(core());
  auto failure = report("ConnectionResetError: reset", 3);
  failure.max_attempts = 3;
  const auto decision = classifier.classify(failure);
  CHECK(decision.category == Category::flaky_network);
  CHECK(decision.action == Action::stop_retry);
  CHECK(decision.reason.find("budget") != std::string::npos);
}

TEST_CASE("retry_on checks the exceptions found in the trace") {
  const Classifier classifier(core());
  auto failure = report(
      "ConnectionResetError: [Errno 104] Connection reset by peer\n\n"
      "The above exception was the direct cause of the following exception:\n\n"
      "RuntimeError: upload failed");
  failure.exception_type = "RuntimeError";
  failure.policy.retry_on = {"ConnectionResetError"};
  CHECK(classifier.classify(failure).action == Action::retry_with_delay);
  failure.policy.retry_on = {"TimeoutError"};
  CHECK(classifier.classify(failure).action == Action::stop_retry);
}

TEST_CASE("over-long traces keep head and tail and say so") {
  std::string trace = "ConnectionResetError: reset at the top\n";
  trace += std::string(3 << 20, 'x');
  trace += "\nthe end\n";
  engine::ClassifierOptions options;
  options.max_trace_bytes = 1 << 20;
  const Classifier classifier(core(), options);
  const auto decision = classifier.classify(report(trace));
  CHECK(decision.truncated);
  CHECK(decision.category == Category::flaky_network);

  std::string text = trace;
  CHECK(engine::trim_head_tail(text, 1 << 20));
  CHECK(text.size() < (1 << 20) + 200);
  CHECK(text.find("the end") != std::string::npos);
  CHECK(text.find("bytes omitted") != std::string::npos);
  std::string short_text = "short";
  CHECK_FALSE(engine::trim_head_tail(short_text, 1 << 20));
}

TEST_CASE("cache hits say source cache and recompute the advice") {
  MemoryCache cache;
  const Classifier classifier(core(), {}, {&cache, nullptr, nullptr});
  const auto first = classifier.classify(report("ConnectionResetError: reset", 1));
  CHECK(first.source == engine::Source::heuristic);
  CHECK(cache.entries.size() == 1);
  const auto second = classifier.classify(report("ConnectionResetError: reset", 2));
  CHECK(second.source == engine::Source::cache);
  CHECK(second.category == Category::flaky_network);
  CHECK(second.delay_s == doctest::Approx(4.0));
}

TEST_CASE("upstream answers are used, failures fall back, and defects are not overruled") {
  RecordingUpstream upstream;
  const Classifier classifier(core(), {}, {nullptr, &upstream, nullptr});
  const auto ai = classifier.classify(report("something odd happened, token=abcdefgh12345678"));
  CHECK(ai.source == engine::Source::ai);
  CHECK(ai.category == Category::timeout);
  REQUIRE(upstream.seen.size() == 1);
  CHECK(upstream.seen[0].find("abcdefgh12345678") == std::string::npos);

  const auto vetoed = classifier.classify(report("E   ModuleNotFoundError: No module named 'yaml'"));
  CHECK(vetoed.source == engine::Source::heuristic);
  CHECK(vetoed.category == Category::deterministic);
  CHECK(vetoed.reason.find("overruled") != std::string::npos);

  upstream.fail = true;
  const auto fallback = classifier.classify(report("ConnectionResetError: reset"));
  CHECK(fallback.source == engine::Source::heuristic);
  CHECK(fallback.upstream_status == "timeout");
}

TEST_CASE("the report sink receives the redacted trace only") {
  RecordingSink sink;
  const Classifier classifier(core(), {}, {nullptr, nullptr, &sink});
  classifier.classify(report("export AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH"));
  REQUIRE(sink.traces.size() == 1);
  CHECK(sink.traces[0].find("AKIAQWERTYUIOPASDFGH") == std::string::npos);
}

TEST_CASE("explain lists every matching rule") {
  const Classifier classifier(core());
  auto failure = report("E   AssertionError: connection reset was expected");
  failure.explain = true;
  const auto decision = classifier.classify(failure);
  REQUIRE(decision.matches.size() >= 2);
  CHECK(decision.matches[0].rule == "det.assertion");
  CHECK(decision.matches[0].text == "AssertionError");
}

TEST_CASE("a marker rule's reason quotes the failure in hand, also from the cache, bounded to one line") {
  MemoryCache cache;
  const Classifier classifier(core(), {}, {&cache, nullptr, nullptr});
  auto go_failure = [](std::string_view message) {
    FailureReport failure = report("=== RUN   TestParse\n--- FAIL: TestParse (0.00s)\n    parse_test.go:42: " +
                                   std::string(message) + "\nFAIL\n");
    failure.language = "go";
    return failure;
  };
  const auto first = classifier.classify(go_failure("got 3, want 4"));
  CHECK(first.source == engine::Source::heuristic);
  CHECK(first.reason.starts_with("a Go test failed without naming a transient cause: got 3, want 4 (parse_test.go:42); stop"));
  // Same fingerprint (values are masked in it), other values: the cached verdict quotes these.
  const auto second = classifier.classify(go_failure("got 5, want 4"));
  CHECK(second.source == engine::Source::cache);
  CHECK(second.fingerprint == first.fingerprint);
  CHECK(second.reason.find("got 5, want 4 (parse_test.go:42)") != std::string::npos);
  CHECK(second.reason.find("{root-cause}") == std::string::npos);

  const auto long_line = classifier.classify(go_failure("mismatch: " + std::string(400, 'x')));
  CHECK(long_line.reason.find("...") != std::string::npos);
  CHECK(long_line.reason.size() < 400);
  CHECK(long_line.reason.find('\n') == std::string::npos);
}
