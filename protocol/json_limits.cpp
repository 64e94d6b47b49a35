#include "protocol/json_limits.hpp"

#include <algorithm>
#include <cstring>

namespace flakyd::protocol {

flakyd::expected<nlohmann::json, JsonError> parse_json(std::string_view text, int max_depth) {
  if (json_depth(text, max_depth) > max_depth) {
    return flakyd::unexpected(JsonError{JsonError::Kind::too_deep,
                                     "JSON nesting deeper than " + std::to_string(max_depth)});
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    // parse_error, and also out_of_range for a number beyond double's range ("1e999"): found
    // by fuzz_mcp_request; an escaping exception here would end the stdio transport.
    return flakyd::unexpected(JsonError{JsonError::Kind::parse, error.what()});
  }
}

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace flakyd::protocol
