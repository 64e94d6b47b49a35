// JSON-RPC 2.0 message shapes: classify an incoming value (request, notification, response,
// invalid) and build responses. Ids are kept as JSON values and echoed verbatim (a string stays
// a string, 2^60 stays 2^60) -- never converted through int.
// Thread-safe: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace flakyd::protocol::jsonrpc {

inline constexpr int k_parse_error = -32700;
inline constexpr int k_invalid_request = -32600;
inline constexpr int k_method_not_found = -32601;
inline constexpr int k_invalid_params = -32602;
inline constexpr int k_internal_error = -32603;
// MCP-defined codes (2026-07-28).
inline constexpr int k_header_mismatch = -32020;
inline constexpr int k_unsupported_protocol_version = -32022;

enum class Kind { request, notification, response, invalid };

struct Message {
  Kind kind = Kind::invalid;
  nlohmann::json id;  // null for notifications and for invalid messages without a usable id
  std::string method;
  nlohmann::json params;  // object, array or null
  std::string problem;    // why the message is invalid
};

// Inspects one JSON value (not a batch).
Message classify(const nlohmann::json& value);

nlohmann::json result(const nlohmann::json& id, nlohmann::json result);
nlohmann::json error(const nlohmann::json& id, int code, std::string message,
                     std::optional<nlohmann::json> data = std::nullopt);

}  // namespace flakyd::protocol::jsonrpc
