#include <doctest/doctest.h>

#include "protocol/json_limits.hpp"
#include "support/json_depth.hpp"
#include "protocol/wire.hpp"

using namespace flakyd;
using nlohmann::json;

TEST_CASE("a full argument object parses into the native request") {
  const auto report = protocol::parse_failure_report(json::parse(R"({
    "trace": "boom", "exception_type": "ValueError", "message": "m", "test_id": "t::x",
    "runner": "pytest", "language": "python", "attempt": 2, "max_attempts": 4,
    "policy": {"base_delay_s": 0.5, "max_delay_s": 9, "backoff": "linear", "jitter": "full",
               "retry_on": ["TimeoutError"]}})"));
  REQUIRE(report.has_value());
  CHECK(report->attempt == 2);
  CHECK(report->max_attempts == 4);
  CHECK(report->policy.base_delay_s == doctest::Approx(0.5));
  CHECK(report->policy.backoff == heuristics::Backoff::linear);
  CHECK(report->policy.jitter == heuristics::Jitter::full);
  CHECK(report->policy.retry_on == std::vector<std::string>{"TimeoutError"});
}

TEST_CASE("bad arguments name the field at fault") {
  const std::pair<const char*, const char*> cases[] = {
      {R"({})", "'trace' is required"},
      {R"({"trace": 5})", "'trace' is required"},
      {R"({"trace": "x", "attempt": "2"})", "'attempt' must be an integer"},
      {R"({"trace": "x", "attempt": 2.5})", "'attempt' must be an integer"},
      {R"({"trace": "x", "attempt": 0})", "[1, 1000]"},
      {R"({"trace": "x", "attempt": 4294967297})", "[1, 1000]"},
      {R"({"trace": "x", "max_attempts": true})", "'max_attempts' must be an integer"},
      {R"({"trace": "x", "language": []})", "'language' must be a string"},
      {R"({"trace": "x", "policy": []})", "'policy' must be an object"},
      {R"({"trace": "x", "policy": {"backoff": "fib"}})", "policy.backoff"},
      {R"({"trace": "x", "policy": {"jitter": 1}})", "policy.jitter"},
      {R"({"trace": "x", "policy": {"base_delay_s": -1}})", "policy.base_delay_s"},
      {R"({"trace": "x", "policy": {"retry_on": "TimeoutError"}})", "policy.retry_on"},
      {R"({"trace": "x", "explain": "yes"})", "'explain'"},
      {R"([1])", "JSON object"},
  };
  for (const auto& [input, expected] : cases) {
    CAPTURE(input);
    const auto report = protocol::parse_failure_report(json::parse(input));
    REQUIRE_FALSE(report.has_value());
    CHECK(report.error().find(expected) != std::string::npos);
  }
  protocol::WireLimits small;
  small.max_trace_bytes = 4;
  CHECK_FALSE(protocol::parse_failure_report(json{{"trace", "too long"}}, small).has_value());
}

TEST_CASE("the result object has every field of DESIGN.md") {
  engine::Decision decision;
  decision.category = heuristics::Category::timeout;
  decision.confidence = 0.85;
  decision.action = heuristics::Action::retry_with_delay;
  decision.delay_s = 10;
  decision.reason = "r";
  decision.rule = "timeout.go";
  decision.fingerprint = std::string(64, 'a');
  const auto rendered = protocol::decision_to_json(decision);
  for (const char* key : {"category", "confidence", "action", "delay_s", "reason", "rule", "source",
                          "fingerprint", "redactions"}) {
    CHECK(rendered.contains(key));
  }
  CHECK(rendered["category"] == "timeout");
  CHECK(rendered["source"] == "heuristic");
  for (const auto& key : protocol::classify_output_schema()["required"]) CHECK(rendered.contains(key));
}

TEST_CASE("deep JSON is refused before it is built, invalid UTF-8 is dumped safely") {
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  const auto parsed = protocol::parse_json(deep);
  REQUIRE_FALSE(parsed.has_value());
  CHECK(parsed.error().kind == protocol::JsonError::Kind::too_deep);
  CHECK(flakyd::json_depth(R"({"a": "[[[[[[[[", "b": [1]})", 64) == 2);
  const auto bad = protocol::parse_json("{\"trace\": ");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == protocol::JsonError::Kind::parse);
  CHECK(protocol::dump_json(json(std::string("\xff\xfe"))) == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("regression (fuzz_mcp_request): a number beyond double's range is a parse error, not a throw") {
  const auto huge = protocol::parse_json(R"({"jsonrpc":"2.0","id":1,"x":-4444226999999999999999999e99999})");
  REQUIRE_FALSE(huge.has_value());
  CHECK(huge.error().kind == protocol::JsonError::Kind::parse);
}
