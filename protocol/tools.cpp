#include "protocol/tools.hpp"

#include "protocol/json_limits.hpp"
#include "protocol/jsonrpc.hpp"

namespace flakyd::protocol {

using nlohmann::json;

namespace {

json redact_input_schema() {
  return json::parse(R"({
    "type": "object",
    "properties": {"text": {"type": "string", "description": "Text to redact."}},
    "required": ["text"]
  })");
}

json redact_output_schema() {
  return json::parse(R"({
    "type": "object",
    "properties": {
      "text": {"type": "string"},
      "redactions": {"type": "integer", "minimum": 0},
      "kinds": {"type": "array", "items": {"type": "string"}}
    },
    "required": ["text", "redactions", "kinds"]
  })");
}

json make_tools() {
  const json read_only = {{"readOnlyHint", true}, {"idempotentHint", true}, {"openWorldHint", false}};
  return json::array({
      {{"name", "classify_failure"},
       {"title", "Classify a test failure"},
       {"description",
        "Decide whether a failed test or CI job is worth retrying. Give the failure output or "
        "stack trace (secrets are redacted first); get a category (flaky-network, timeout, "
        "resource-exhaustion, infrastructure, concurrency, order-dependency, environmental, "
        "deterministic, unknown), a confidence and advice: retry_with_delay with delay_s, or "
        "stop_retry."},
       {"inputSchema", classify_input_schema()},
       {"outputSchema", classify_output_schema()},
       {"annotations", read_only}},
      {{"name", "redact"},
       {"title", "Redact secrets"},
       {"description",
        "Replace secrets (tokens, keys, passwords, cookies, e-mail and public IP addresses) in "
        "text with typed placeholders such as [REDACTED:github-token]."},
       {"inputSchema", redact_input_schema()},
       {"outputSchema", redact_output_schema()},
       {"annotations", read_only}},
      {{"name", "report_outcome"},
       {"title", "Report test outcomes"},
       {"description",
        "Record every test's final outcome in one run (passed, failed or skipped, with attempts "
        "and the last failure's fingerprint), once per run, batched. flakyd learns from them: a "
        "test that fails and passes on one commit is flaky and its failures are retried; a "
        "failure that failed every attempt in 3 runs is not retried again."},
       {"inputSchema", outcome_input_schema()},
       {"outputSchema", outcome_output_schema()},
       {"annotations", {{"readOnlyHint", false}, {"idempotentHint", true}, {"openWorldHint", false}}}},
  });
}

CallError invalid_arguments(std::string_view tool, const std::string& why) {
  return CallError{jsonrpc::k_invalid_params,
                   "invalid arguments for " + std::string(tool) + ": " + why};
}

}  // namespace

json structured_result(const json& value) {
  return json{{"content", json::array({{{"type", "text"}, {"text", dump_json(value)}}})},
              {"structuredContent", value},
              {"isError", false}};
}

json tool_error_result(const std::string& message) {
  return json{{"content", json::array({{{"type", "text"}, {"text", message}}})}, {"isError", true}};
}

ToolCatalog::ToolCatalog(const engine::Classifier& classifier, const redact::Redactor& redactor,
                         WireLimits limits, RequestObserver* observer,
                         const engine::OutcomeRecorder* outcomes)
    : m_classifier(classifier),
      m_redactor(redactor),
      m_limits(limits),
      m_observer(observer),
      m_outcomes(outcomes),
      m_tools(make_tools()) {}

flakyd::expected<json, CallError> ToolCatalog::call(std::string_view name, const json& arguments) const {
  if (name == "classify_failure") return classify(arguments);
  if (name == "redact") return redact(arguments);
  if (name == "report_outcome") return report_outcome(arguments);
  return flakyd::unexpected(CallError{jsonrpc::k_invalid_params, "unknown tool: " + std::string(name)});
}

flakyd::expected<json, CallError> ToolCatalog::classify(const json& arguments) const {
  auto report = parse_failure_report(arguments, m_limits);
  if (!report) return flakyd::unexpected(invalid_arguments("classify_failure", report.error()));
  if (report->trace.find_first_not_of(" \t\r\n") == std::string::npos) {
    return tool_error_result("the trace is empty: send the failure output or stack trace");
  }
  const auto decision = m_classifier.classify(*report);
  if (m_observer) m_observer->on_decision(decision);
  return structured_result(decision_to_json(decision));
}

flakyd::expected<json, CallError> ToolCatalog::redact(const json& arguments) const {
  if (!arguments.is_object() || !arguments.contains("text") || !arguments["text"].is_string()) {
    return flakyd::unexpected(invalid_arguments("redact", "'text' is required and must be a string"));
  }
  const auto& text = arguments["text"].get_ref<const std::string&>();
  if (text.size() > m_limits.max_trace_bytes) {
    return flakyd::unexpected(invalid_arguments("redact", "'text' is longer than the limit"));
  }
  const auto redaction = m_redactor.redact(text);
  return structured_result(
      json{{"text", redaction.text}, {"redactions", redaction.count}, {"kinds", redaction.kinds}});
}

}  // namespace flakyd::protocol

namespace flakyd::protocol {

flakyd::expected<json, CallError> ToolCatalog::report_outcome(const json& arguments) const {
  auto batch = parse_outcome_batch(arguments, m_limits);
  if (!batch) return flakyd::unexpected(invalid_arguments("report_outcome", batch.error()));
  if (!m_outcomes) return tool_error_result("this flakyd has no history store (--store): outcomes are not kept");
  auto recorded = m_outcomes->record(std::move(*batch));
  if (!recorded) return tool_error_result("the history store could not record the outcomes: " + recorded.error().message);
  return structured_result(json{{"recorded", *recorded}});
}

}  // namespace flakyd::protocol
