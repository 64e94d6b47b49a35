// The parsed-document side of rule_pack.hpp, for callers that already hold a toml::table (the
// rule-file loader converts JSON files to one). Includes toml++: keep it out of widely used
// headers.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string_view>
#include <type_traits>

#include "heuristics/rule_pack.hpp"

namespace flakyd::heuristics {

// The `rules` array of a parsed document; a document without one yields no rules.
flakyd::expected<std::vector<Rule>, std::string> rules_from_table(const toml::table& document,
                                                                  std::string_view origin);

// The value of `key` in `table`: `fallback` when the key is absent, std::nullopt when it holds
// another type (a double also accepts an integer).
template <typename T>
std::optional<T> field_or(const toml::table& table, std::string_view key, T fallback) {
  const toml::node* node = table.get(key);
  if (!node) return fallback;
  if constexpr (std::is_same_v<T, double>) {
    return node->value<double>();
  } else {
    if (const auto* value = node->as<T>()) return value->get();
    return std::nullopt;
  }
}

// TOML text to a table, or "origin:line:column: what" on a syntax error.
flakyd::expected<toml::table, std::string> parse_toml(std::string_view text, std::string_view origin);

}  // namespace flakyd::heuristics
