// The MCP tools flakyd offers -- classify_failure, report_outcome and redact -- with their schemas (published in
// tools/list) and handlers. A malformed call (unknown tool, arguments of the wrong shape) is a
// CallError the server turns into JSON-RPC -32602; a tool's own failure (an empty trace) is a
// normal result with isError: true, as the MCP specification asks. report_outcome without a
// history store (none configured, or it could not be opened) and a store that fails to record
// are tool errors too: the runner's job goes on.
// Thread-safe: immutable after construction; calls run concurrently.
#pragma once

#include "support/expected.hpp"
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/classifier.hpp"
#include "engine/outcome_recorder.hpp"
#include "protocol/observer.hpp"
#include "protocol/wire.hpp"

namespace flakyd::protocol {

struct CallError {
  int code;
  std::string message;
};

class ToolCatalog {
 public:
  ToolCatalog(const engine::Classifier& classifier, const redact::Redactor& redactor,
              WireLimits limits, RequestObserver* observer,
              const engine::OutcomeRecorder* outcomes = nullptr);

  const nlohmann::json& tools() const { return m_tools; }
  flakyd::expected<nlohmann::json, CallError> call(std::string_view name,
                                                const nlohmann::json& arguments) const;

 private:
  flakyd::expected<nlohmann::json, CallError> classify(const nlohmann::json& arguments) const;
  flakyd::expected<nlohmann::json, CallError> redact(const nlohmann::json& arguments) const;
  flakyd::expected<nlohmann::json, CallError> report_outcome(const nlohmann::json& arguments) const;

  const engine::Classifier& m_classifier;
  const redact::Redactor& m_redactor;
  WireLimits m_limits;
  RequestObserver* m_observer;
  const engine::OutcomeRecorder* m_outcomes;
  nlohmann::json m_tools;
};

// A tools/call result carrying `value` as structuredContent and as its text.
nlohmann::json structured_result(const nlohmann::json& value);
nlohmann::json tool_error_result(const std::string& message);

}  // namespace flakyd::protocol
