#include "protocol/wire.hpp"

#include <cmath>

namespace flakyd::protocol {

namespace {

using nlohmann::json;

flakyd::expected<std::string, std::string> optional_string(const json& args, const char* name,
                                                        std::size_t limit) {
  if (!args.contains(name) || args[name].is_null()) return std::string();
  if (!args[name].is_string()) return flakyd::unexpected(std::string("'") + name + "' must be a string");
  const auto& value = args[name].get_ref<const std::string&>();
  if (value.size() > limit) {
    return flakyd::unexpected(std::string("'") + name + "' is longer than " + std::to_string(limit) +
                           " bytes");
  }
  return value;
}

flakyd::expected<int, std::string> bounded_int(const json& args, const char* name, int fallback,
                                            int low, int high) {
  if (!args.contains(name) || args[name].is_null()) return fallback;
  const auto& value = args[name];
  // Accept 2 and 2.0, refuse 2.5, "2", true and out-of-range values (no silent wrap-around).
  if (!value.is_number() || value.is_boolean()) {
    return flakyd::unexpected(std::string("'") + name + "' must be an integer");
  }
  const double number = value.get<double>();
  if (std::floor(number) != number || number < low || number > high) {
    return flakyd::unexpected(std::string("'") + name + "' must be an integer in [" +
                           std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  return static_cast<int>(number);
}

// A test may run for a week (a soak test); a delay is capped at a day.
constexpr double k_max_duration_s = 7 * 86400.0;

flakyd::expected<std::optional<double>, std::string> optional_seconds(const json& object, const char* name,
                                                                   double limit, const char* prefix = "") {
  if (!object.contains(name) || object[name].is_null()) return std::optional<double>{};
  const auto& value = object[name];
  const std::string quoted = std::string("'") + prefix + name + "'";
  if (!value.is_number()) return flakyd::unexpected(quoted + " must be a number");
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > limit) {
    return flakyd::unexpected(quoted + " must be within [0, " + std::to_string(static_cast<long>(limit)) +
                              "] seconds");
  }
  return std::optional<double>{seconds};
}

flakyd::expected<heuristics::RetryPolicy, std::string> parse_policy(const json& args,
                                                                 const WireLimits& limits) {
  heuristics::RetryPolicy policy;
  if (!args.contains("policy") || args["policy"].is_null()) return policy;
  const auto& object = args["policy"];
  if (!object.is_object()) return flakyd::unexpected("'policy' must be an object");
  auto base = optional_seconds(object, "base_delay_s", 86400, "policy.");
  if (!base) return flakyd::unexpected(base.error());
  auto cap = optional_seconds(object, "max_delay_s", 86400, "policy.");
  if (!cap) return flakyd::unexpected(cap.error());
  policy.base_delay_s = *base;
  policy.max_delay_s = *cap;
  if (object.contains("backoff") && !object["backoff"].is_null()) {
    const auto parsed = object["backoff"].is_string()
                            ? heuristics::parse_backoff(object["backoff"].get<std::string>())
                            : std::nullopt;
    if (!parsed) return flakyd::unexpected("'policy.backoff' must be \"exp\", \"linear\" or \"none\"");
    policy.backoff = *parsed;
  }
  if (object.contains("jitter") && !object["jitter"].is_null()) {
    const auto parsed = object["jitter"].is_string()
                            ? heuristics::parse_jitter(object["jitter"].get<std::string>())
                            : std::nullopt;
    if (!parsed) return flakyd::unexpected("'policy.jitter' must be \"none\" or \"full\"");
    policy.jitter = *parsed;
  }
  if (object.contains("retry_on") && !object["retry_on"].is_null()) {
    const auto& list = object["retry_on"];
    if (!list.is_array() || list.size() > limits.max_retry_on) {
      return flakyd::unexpected("'policy.retry_on' must be an array of at most " +
                             std::to_string(limits.max_retry_on) + " exception names");
    }
    for (const auto& name : list) {
      if (!name.is_string() || name.get_ref<const std::string&>().size() > 256) {
        return flakyd::unexpected("'policy.retry_on' entries must be strings (exception names)");
      }
      policy.retry_on.push_back(name.get<std::string>());
    }
  }
  return policy;
}

}  // namespace

flakyd::expected<engine::FailureReport, std::string> parse_failure_report(const json& args,
                                                                       const WireLimits& limits) {
  if (!args.is_object()) return flakyd::unexpected("the arguments must be a JSON object");
  if (!args.contains("trace") || !args["trace"].is_string()) {
    return flakyd::unexpected("'trace' is required and must be a string");
  }
  engine::FailureReport report;
  auto trace = optional_string(args, "trace", limits.max_trace_bytes);
  if (!trace) return flakyd::unexpected(trace.error());
  report.trace = std::move(*trace);
  struct TextField {
    const char* name;
    std::string* target;
  };
  for (const auto& [name, target] :
       {TextField{"exception_type", &report.exception_type}, TextField{"message", &report.message},
        TextField{"test_id", &report.test_id}, TextField{"runner", &report.runner},
        TextField{"language", &report.language}}) {
    auto value = optional_string(args, name, limits.max_field_bytes);
    if (!value) return flakyd::unexpected(value.error());
    *target = std::move(*value);
  }
  auto attempt = bounded_int(args, "attempt", 1, 1, limits.max_attempts);
  if (!attempt) return flakyd::unexpected(attempt.error());
  auto max_attempts = bounded_int(args, "max_attempts", 3, 1, limits.max_attempts);
  if (!max_attempts) return flakyd::unexpected(max_attempts.error());
  report.attempt = *attempt;
  report.max_attempts = *max_attempts;
  auto duration = optional_seconds(args, "duration_s", k_max_duration_s);
  if (!duration) return flakyd::unexpected(duration.error());
  report.duration_s = *duration;
  auto policy = parse_policy(args, limits);
  if (!policy) return flakyd::unexpected(policy.error());
  report.policy = std::move(*policy);
  if (args.contains("explain")) {
    if (!args["explain"].is_boolean()) return flakyd::unexpected("'explain' must be true or false");
    report.explain = args["explain"].get<bool>();
  }
  return report;
}

json decision_to_json(const engine::Decision& decision) {
  json result = {
      {"category", heuristics::to_string(decision.category)},
      {"confidence", std::round(decision.confidence * 1000.0) / 1000.0},
      {"action", heuristics::to_string(decision.action)},
      {"delay_s", decision.delay_s},
      {"reason", decision.reason},
      {"rule", decision.rule},
      {"source", engine::to_string(decision.source)},
      {"fingerprint", decision.fingerprint},
      {"redactions", decision.redactions},
  };
  if (decision.truncated) result["truncated"] = true;
  if (!decision.upstream_status.empty()) result["upstream"] = decision.upstream_status;
  if (!decision.matches.empty()) {
    json matches = json::array();
    for (const auto& match : decision.matches) {
      matches.push_back({{"rule", match.rule},
                         {"category", heuristics::to_string(match.category)},
                         {"confidence", match.confidence},
                         {"score", std::round(match.score * 1000.0) / 1000.0},
                         {"span", {match.begin, match.end}},
                         {"in", match.in_headline ? "headline" : "trace"},
                         {"root_cause", match.in_root_cause},
                         {"text", match.text}});
    }
    result["matches"] = std::move(matches);
  }
  return result;
}

const json& classify_input_schema() {
  static const json k_schema = json::parse(R"({
    "type": "object",
    "properties": {
      "trace": {"type": "string", "description": "The failure output / stack trace."},
      "exception_type": {"type": "string"},
      "message": {"type": "string"},
      "test_id": {"type": "string"},
      "runner": {"type": "string"},
      "language": {"type": "string", "description": "Free-form hint: python, go, c#, ..."},
      "attempt": {"type": "integer", "minimum": 1, "description": "The attempt that just failed (1-based)."},
      "max_attempts": {"type": "integer", "minimum": 1},
      "duration_s": {"type": "number", "minimum": 0, "description": "How long the failed attempt ran (optional; the report trail keeps it for rerun-time figures)."},
      "explain": {"type": "boolean", "description": "List every rule that matched."},
      "policy": {
        "type": "object",
        "properties": {
          "base_delay_s": {"type": "number", "minimum": 0},
          "max_delay_s": {"type": "number", "minimum": 0},
          "backoff": {"type": "string", "enum": ["exp", "linear", "none"]},
          "jitter": {"type": "string", "enum": ["none", "full"]},
          "retry_on": {"type": "array", "items": {"type": "string"}}
        }
      }
    },
    "required": ["trace"]
  })");
  return k_schema;
}

const json& classify_output_schema() {
  static const json k_schema = json::parse(R"({
    "type": "object",
    "properties": {
      "category": {"type": "string", "enum": ["flaky-network", "timeout", "resource-exhaustion",
        "infrastructure", "concurrency", "order-dependency", "environmental", "deterministic", "unknown"]},
      "confidence": {"type": "number", "minimum": 0, "maximum": 1},
      "action": {"type": "string", "enum": ["retry_with_delay", "stop_retry"]},
      "delay_s": {"type": "number", "minimum": 0},
      "reason": {"type": "string"},
      "rule": {"type": "string"},
      "source": {"type": "string", "enum": ["heuristic", "ai", "cache"]},
      "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
      "redactions": {"type": "integer", "minimum": 0},
      "truncated": {"type": "boolean"},
      "upstream": {"type": "string"},
      "matches": {"type": "array"}
    },
    "required": ["category", "confidence", "action", "delay_s", "reason", "rule", "source",
                 "fingerprint", "redactions"]
  })");
  return k_schema;
}

}  // namespace flakyd::protocol
