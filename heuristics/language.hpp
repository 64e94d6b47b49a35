// Language hints: the request's free-form `language` ("python", "c#", "TypeScript") mapped to
// the families the rule pack knows (native: C and C++). An unrecognised or empty hint is Language::any (no hint).
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace flakyd::heuristics {

enum class Language : std::uint8_t {
  any, python, jvm, javascript, go, rust, dotnet, ruby, native, php, swift, dart, elixir
};

Language parse_language(std::string_view hint);

// A set of languages as a bit mask; the empty mask means "every language".
using LanguageMask = std::uint16_t;
constexpr LanguageMask mask_of(Language language) {
  return language == Language::any ? 0 : static_cast<LanguageMask>(1u << static_cast<int>(language));
}

// True when a rule limited to `rule_languages` may fire for a request hinting `hint`.
constexpr bool applies_to(LanguageMask rule_languages, Language hint) {
  return rule_languages == 0 || hint == Language::any || (rule_languages & mask_of(hint)) != 0;
}

}  // namespace flakyd::heuristics
