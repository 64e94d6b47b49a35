#include "protocol/json_limits.hpp"

#include <algorithm>
#include <cstring>

namespace flakyd::protocol {

int json_depth(std::string_view text, int max_depth) {
  int depth = 0;
  int deepest = 0;
  const char* cursor = text.data();
  const char* const end = text.data() + text.size();
  while (cursor < end) {
    const char c = *cursor++;
    if (c == '"') {
      // Skip the string: jump from quote to quote with memchr (strings are most of a request),
      // and treat a quote preceded by an odd number of backslashes as escaped.
      for (;;) {
        const auto* quote = static_cast<const char*>(std::memchr(cursor, '"', static_cast<std::size_t>(end - cursor)));
        if (!quote) return deepest;  // unterminated: the parser will report it
        std::size_t backslashes = 0;
        for (const char* back = quote; back > cursor && back[-1] == '\\'; --back) ++backslashes;
        cursor = quote + 1;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > max_depth) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

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
