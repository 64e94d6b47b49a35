// The wire shapes of the classify_failure, report_outcome and redact tools (DESIGN.md): JSON in, native structs
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
#include "engine/history.hpp"

namespace flakyd::protocol {

struct WireLimits {
  std::size_t max_trace_bytes = 8 << 20;  // a longer trace is refused, not trimmed
  std::size_t max_field_bytes = 64 << 10; // exception_type, message, test_id, ...
  int max_attempts = 1000;
  std::size_t max_retry_on = 64;
  std::size_t max_id_bytes = 1024;     // run_id, commit, rule
  std::size_t max_outcomes = 20000;    // per report_outcome batch
};

flakyd::expected<engine::FailureReport, std::string> parse_failure_report(const nlohmann::json& args,
                                                                       const WireLimits& limits = {});
nlohmann::json decision_to_json(const engine::Decision& decision);

// report_outcome's arguments (DESIGN.md, "Outcomes and history"): run_id required, commit
// optional, outcomes an array of {test_id, outcome, attempts?, fingerprint?, duration_s?,
// category?, rule?}. Fails with a message naming the field (and the item's index).
flakyd::expected<engine::OutcomeBatch, std::string> parse_outcome_batch(const nlohmann::json& args,
                                                                       const WireLimits& limits = {});
const nlohmann::json& outcome_input_schema();
const nlohmann::json& outcome_output_schema();

const nlohmann::json& classify_input_schema();
const nlohmann::json& classify_output_schema();

}  // namespace flakyd::protocol
