#include "protocol/json_limits.hpp"

namespace flakyd::protocol {

int json_depth(std::string_view text, int max_depth) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > max_depth) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::expected<nlohmann::json, JsonError> parse_json(std::string_view text, int max_depth) {
  if (json_depth(text, max_depth) > max_depth) {
    return std::unexpected(JsonError{JsonError::Kind::too_deep,
                                     "JSON nesting deeper than " + std::to_string(max_depth)});
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return std::unexpected(JsonError{JsonError::Kind::parse, error.what()});
  }
}

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace flakyd::protocol
