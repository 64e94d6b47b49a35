// The closed failure taxonomy of DESIGN.md and each category's default retry advice.
//
// Contract: `to_string` and `parse_category` round-trip every category; `parse_category`
// returns std::nullopt for anything outside the taxonomy (the caller decides how to fail).
// Everything here is a pure function over constants: thread-safe, no allocation but strings.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace flakyd::heuristics {

enum class Category {
  flaky_network,
  timeout,
  resource_exhaustion,
  infrastructure,
  concurrency,
  order_dependency,
  environmental,
  deterministic,
  unknown,
};

inline constexpr std::array k_all_categories = {
    Category::flaky_network,  Category::timeout,          Category::resource_exhaustion,
    Category::infrastructure, Category::concurrency,      Category::order_dependency,
    Category::environmental,  Category::deterministic,    Category::unknown,
};

// Lower-case, hyphenated wire name ("flaky-network").
std::string_view to_string(Category category);
std::optional<Category> parse_category(std::string_view name);

// What a category advises when no rule or request says otherwise.
struct CategoryAdvice {
  bool retry;          // false: stop_retry whatever the attempt
  double base_delay_s; // first retry's delay
  double max_delay_s;  // cap of the backoff
};

CategoryAdvice default_advice(Category category);

}  // namespace flakyd::heuristics
