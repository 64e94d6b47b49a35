#include <doctest/doctest.h>

#include "heuristics/language.hpp"
#include "heuristics/taxonomy.hpp"

using namespace flakyd::heuristics;

TEST_CASE("every category round-trips through its wire name") {
  for (auto category : k_all_categories) {
    const auto parsed = parse_category(to_string(category));
    REQUIRE(parsed.has_value());
    CHECK(*parsed == category);
  }
  CHECK_FALSE(parse_category("Flaky-Network").has_value());
  CHECK_FALSE(parse_category("").has_value());
}

TEST_CASE("category defaults follow DESIGN.md") {
  CHECK(default_advice(Category::flaky_network).base_delay_s == doctest::Approx(2.0));
  CHECK(default_advice(Category::timeout).base_delay_s == doctest::Approx(10.0));
  CHECK(default_advice(Category::resource_exhaustion).base_delay_s >= 60.0);
  CHECK(default_advice(Category::infrastructure).base_delay_s >= 30.0);
  CHECK(default_advice(Category::concurrency).base_delay_s == doctest::Approx(0.0));
  CHECK_FALSE(default_advice(Category::order_dependency).retry);
  CHECK_FALSE(default_advice(Category::environmental).retry);
  CHECK_FALSE(default_advice(Category::deterministic).retry);
}

TEST_CASE("language hints are free-form, unknown ones mean no hint") {
  CHECK(parse_language("Python") == Language::python);
  CHECK(parse_language("c#") == Language::dotnet);
  CHECK(parse_language("TypeScript") == Language::javascript);
  CHECK(parse_language("Kotlin") == Language::jvm);
  CHECK(parse_language("golang") == Language::go);
  CHECK(parse_language("cobol") == Language::any);
  CHECK(parse_language("") == Language::any);
  CHECK(applies_to(mask_of(Language::python), Language::any));
  CHECK_FALSE(applies_to(mask_of(Language::python), Language::go));
  CHECK(applies_to(0, Language::go));
}
