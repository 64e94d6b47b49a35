// Bounded JSON parsing for untrusted input. nlohmann::json parses deep input iteratively but
// recurses when it copies or dumps a value (a stack overflow at ~10k levels), so the nesting
// depth is checked by a linear byte scan before anything is built.
// Thread-safe: pure functions.
#pragma once

#include "support/expected.hpp"
#include <nlohmann/json.hpp>

#include "support/json_depth.hpp"
#include <string>
#include <string_view>

namespace flakyd::protocol {

inline constexpr int k_default_max_json_depth = 64;

using flakyd::json_depth;  // support/json_depth.hpp

struct JsonError {
  enum class Kind { parse, too_deep } kind;
  std::string message;
};

flakyd::expected<nlohmann::json, JsonError> parse_json(std::string_view text,
                                                    int max_depth = k_default_max_json_depth);

// dump() that never throws on invalid UTF-8 (bytes become U+FFFD).
std::string dump_json(const nlohmann::json& value, int indent = -1);

}  // namespace flakyd::protocol
