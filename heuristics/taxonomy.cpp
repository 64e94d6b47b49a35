#include "heuristics/taxonomy.hpp"

namespace flakyd::heuristics {

namespace {
struct CategoryRow {
  Category category;
  std::string_view name;
  CategoryAdvice advice;
};

// Delays follow DESIGN.md: a transport blip clears in seconds, a loaded machine needs longer,
// exhausted memory or disk needs a minute for other jobs to finish, a failing platform or
// rate limit needs half a minute and up, and a race wants an immediate fresh interleaving.
constexpr std::array<CategoryRow, 9> k_rows = {{
    {Category::flaky_network, "flaky-network", {true, 2.0, 60.0}},
    {Category::timeout, "timeout", {true, 10.0, 120.0}},
    {Category::resource_exhaustion, "resource-exhaustion", {true, 60.0, 600.0}},
    {Category::infrastructure, "infrastructure", {true, 30.0, 600.0}},
    {Category::concurrency, "concurrency", {true, 0.0, 30.0}},
    {Category::order_dependency, "order-dependency", {false, 0.0, 0.0}},
    {Category::environmental, "environmental", {false, 0.0, 0.0}},
    {Category::deterministic, "deterministic", {false, 0.0, 0.0}},
    {Category::unknown, "unknown", {true, 5.0, 60.0}},
}};

const CategoryRow& row(Category category) {
  return k_rows[static_cast<std::size_t>(category)];
}
}  // namespace

std::string_view to_string(Category category) { return row(category).name; }

std::optional<Category> parse_category(std::string_view name) {
  for (const auto& r : k_rows) {
    if (r.name == name) return r.category;
  }
  return std::nullopt;
}

CategoryAdvice default_advice(Category category) { return row(category).advice; }

}  // namespace flakyd::heuristics
