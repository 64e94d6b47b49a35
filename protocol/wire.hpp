// The wire shapes of the classify_failure and redact tools (DESIGN.md): JSON in, native structs
// out, and back. This is the only place the classifier's types meet JSON.
//
// parse_failure_report() validates every field (types, ranges, enums, sizes) and fails with a
// message naming the field; it never throws. decision_to_json() renders the result object.
// The schemas are what tools/list publishes as inputSchema / outputSchema.
// Thread-safe: pure functions.
#pragma once

#include "support/expected.hpp"
#include <nlohmann/json.hpp>
#include <string>

#include "engine/failure.hpp"

namespace flakyd::protocol {

struct WireLimits {
  std::size_t max_trace_bytes = 8 << 20;  // a longer trace is refused, not trimmed
  std::size_t max_field_bytes = 64 << 10; // exception_type, message, test_id, ...
  int max_attempts = 1000;
  std::size_t max_retry_on = 64;
};

flakyd::expected<engine::FailureReport, std::string> parse_failure_report(const nlohmann::json& args,
                                                                       const WireLimits& limits = {});
nlohmann::json decision_to_json(const engine::Decision& decision);

const nlohmann::json& classify_input_schema();
const nlohmann::json& classify_output_schema();

}  // namespace flakyd::protocol
