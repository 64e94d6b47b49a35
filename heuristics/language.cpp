#include "heuristics/language.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace flakyd::heuristics {

namespace {
struct Alias {
  std::string_view name;
  Language language;
};

constexpr std::array<Alias, 40> k_aliases = {{
    {"python", Language::python},       {"py", Language::python},
    {"python3", Language::python},      {"java", Language::jvm},
    {"kotlin", Language::jvm},          {"kt", Language::jvm},
    {"scala", Language::jvm},           {"groovy", Language::jvm},
    {"jvm", Language::jvm},             {"javascript", Language::javascript},
    {"js", Language::javascript},       {"typescript", Language::javascript},
    {"ts", Language::javascript},       {"node", Language::javascript},
    {"nodejs", Language::javascript},   {"go", Language::go},
    {"golang", Language::go},           {"rust", Language::rust},
    {"rs", Language::rust},             {"c#", Language::dotnet},
    {"csharp", Language::dotnet},       {"cs", Language::dotnet},
    {"f#", Language::dotnet},           {".net", Language::dotnet},
    {"dotnet", Language::dotnet},       {"ruby", Language::ruby},
    {"rb", Language::ruby},             {"c", Language::native},
    {"c++", Language::native},          {"cpp", Language::native},
    {"cxx", Language::native},          {"native", Language::native},
    {"objective-c", Language::native},  {"php", Language::php},
    {"swift", Language::swift},         {"objc", Language::native},
    {"dart", Language::dart},           {"flutter", Language::dart},
    {"elixir", Language::elixir},       {"ex", Language::elixir},
}};
}  // namespace

Language parse_language(std::string_view hint) {
  if (hint.size() > 32) return Language::any;
  std::string lower(hint);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& alias : k_aliases) {
    if (alias.name == lower) return alias.language;
  }
  return Language::any;
}

}  // namespace flakyd::heuristics
