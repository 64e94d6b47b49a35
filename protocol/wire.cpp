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
  for (const auto& [name, target] : {TextField{"run_id", &report.run_id}, TextField{"commit", &report.commit}}) {
    auto value = optional_string(args, name, limits.max_id_bytes);
    if (!value) return flakyd::unexpected(value.error());
    *target = std::move(*value);
  }
  for (const auto& [name, target] : {std::pair{"explain", &report.explain}, std::pair{"use_history", &report.use_history}}) {
    if (!args.contains(name) || args[name].is_null()) continue;
    if (!args[name].is_boolean()) return flakyd::unexpected(std::string("'") + name + "' must be true or false");
    *target = args[name].get<bool>();
  }
  return report;
}

namespace {

bool is_fingerprint(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

flakyd::expected<engine::OutcomeRecord, std::string> parse_outcome_item(const json& item, const WireLimits& limits) {
  if (!item.is_object()) return flakyd::unexpected(std::string("must be an object"));
  engine::OutcomeRecord record;
  auto test_id = optional_string(item, "test_id", limits.max_field_bytes);
  if (!test_id) return flakyd::unexpected(test_id.error());
  if (test_id->empty()) return flakyd::unexpected(std::string("'test_id' is required"));
  record.test_id = std::move(*test_id);
  auto outcome = optional_string(item, "outcome", 16);
  if (!outcome) return flakyd::unexpected(outcome.error());
  const auto parsed = engine::parse_outcome(*outcome);
  if (!parsed) return flakyd::unexpected(std::string("'outcome' must be \"passed\", \"failed\" or \"skipped\""));
  record.outcome = *parsed;
  auto attempts = bounded_int(item, "attempts", 1, 1, limits.max_attempts);
  if (!attempts) return flakyd::unexpected(attempts.error());
  record.attempts = *attempts;
  auto fingerprint = optional_string(item, "fingerprint", 64);
  if (!fingerprint) return flakyd::unexpected(fingerprint.error());
  if (!fingerprint->empty() && !is_fingerprint(*fingerprint)) {
    return flakyd::unexpected(std::string("'fingerprint' must be 64 lower-case hex digits (classify_failure's)"));
  }
  record.fingerprint = std::move(*fingerprint);
  auto category = optional_string(item, "category", 64);
  if (!category) return flakyd::unexpected(category.error());
  if (!category->empty() && !heuristics::parse_category(*category)) {
    return flakyd::unexpected(std::string("'category' must be one of the taxonomy's categories"));
  }
  record.category = std::move(*category);
  auto rule = optional_string(item, "rule", limits.max_id_bytes);
  if (!rule) return flakyd::unexpected(rule.error());
  record.rule = std::move(*rule);
  if (item.contains("duration_s") && !item["duration_s"].is_null()) {
    const auto& value = item["duration_s"];
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
      return flakyd::unexpected(std::string("'duration_s' must be a number of seconds >= 0"));
    }
    record.duration_s = value.get<double>();
  }
  return record;
}

}  // namespace

flakyd::expected<engine::OutcomeBatch, std::string> parse_outcome_batch(const json& args, const WireLimits& limits) {
  if (!args.is_object()) return flakyd::unexpected(std::string("the arguments must be a JSON object"));
  engine::OutcomeBatch batch;
  auto run_id = optional_string(args, "run_id", limits.max_id_bytes);
  if (!run_id) return flakyd::unexpected(run_id.error());
  if (run_id->empty()) return flakyd::unexpected(std::string("'run_id' is required (one CI run or job)"));
  batch.run_id = std::move(*run_id);
  auto commit = optional_string(args, "commit", limits.max_id_bytes);
  if (!commit) return flakyd::unexpected(commit.error());
  batch.commit = std::move(*commit);
  if (!args.contains("outcomes") || !args["outcomes"].is_array()) {
    return flakyd::unexpected(std::string("'outcomes' is required and must be an array"));
  }
  const auto& items = args["outcomes"];
  if (items.size() > limits.max_outcomes) {
    return flakyd::unexpected("'outcomes' holds more than " + std::to_string(limits.max_outcomes) +
                              " items: send smaller batches");
  }
  batch.outcomes.reserve(items.size());
  for (std::size_t index = 0; index < items.size(); ++index) {
    auto record = parse_outcome_item(items[index], limits);
    if (!record) return flakyd::unexpected("'outcomes[" + std::to_string(index) + "]': " + record.error());
    batch.outcomes.push_back(std::move(*record));
  }
  return batch;
}

const json& outcome_input_schema() {
  static const json k_schema = json::parse(R"({
    "type": "object",
    "properties": {
      "run_id": {"type": "string", "description": "One CI run or job."},
      "commit": {"type": "string", "description": "The code under test: a commit SHA or tree id."},
      "outcomes": {
        "type": "array",
        "description": "Every test's final outcome in this run (passes too: a flake rate needs its denominator).",
        "items": {
          "type": "object",
          "properties": {
            "test_id": {"type": "string"},
            "outcome": {"type": "string", "enum": ["passed", "failed", "skipped"]},
            "attempts": {"type": "integer", "minimum": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                            "description": "The last failure's fingerprint (classify_failure's), if any."},
            "duration_s": {"type": "number", "minimum": 0},
            "category": {"type": "string", "description": "The last advice's category, if any."},
            "rule": {"type": "string", "description": "The last advice's rule, if any."}
          },
          "required": ["test_id", "outcome"]
        }
      }
    },
    "required": ["run_id", "outcomes"]
  })");
  return k_schema;
}

const json& outcome_output_schema() {
  static const json k_schema = json::parse(R"({
    "type": "object",
    "properties": {"recorded": {"type": "integer", "minimum": 0}},
    "required": ["recorded"]
  })");
  return k_schema;
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
  if (decision.history) {
    result["history"] = {{"runs", decision.history->runs},
                         {"flaky_runs", decision.history->flaky_runs},
                         {"failed_all_runs", decision.history->failed_all_runs},
                         {"flake_rate", std::round(decision.history->flake_rate * 1000.0) / 1000.0}};
  }
  if (!decision.guard.empty()) result["guard"] = decision.guard;
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
      "run_id": {"type": "string", "description": "One CI run or job: run-level guards and history."},
      "commit": {"type": "string", "description": "The code under test (a SHA or tree id)."},
      "use_history": {"type": "boolean", "description": "false: decide from the text alone (default true)."},
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
      "source": {"type": "string", "enum": ["heuristic", "ai", "cache", "history"]},
      "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
      "redactions": {"type": "integer", "minimum": 0},
      "truncated": {"type": "boolean"},
      "upstream": {"type": "string"},
      "matches": {"type": "array"},
      "history": {
        "type": "object",
        "properties": {
          "runs": {"type": "integer", "minimum": 0},
          "flaky_runs": {"type": "integer", "minimum": 0},
          "failed_all_runs": {"type": "integer", "minimum": 0},
          "flake_rate": {"type": "number", "minimum": 0, "maximum": 1}
        },
        "required": ["runs", "flaky_runs", "failed_all_runs", "flake_rate"]
      },
      "guard": {"type": "string", "enum": ["storm", "run-retry-budget"]}
    },
    "required": ["category", "confidence", "action", "delay_s", "reason", "rule", "source",
                 "fingerprint", "redactions"]
  })");
  return k_schema;
}

}  // namespace flakyd::protocol
