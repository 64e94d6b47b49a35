#include "heuristics/evidence.hpp"
#include "support/re2_options.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <string>

namespace flakyd::heuristics {

namespace {

const re2::RE2& exception_name_pattern() {
  static const re2::RE2 k_pattern(
      R"(((?:[A-Za-z_][\w$]*(?:\.|::))*[A-Z][\w$]*(?:Error|Exception|Timeout|Failure|Interrupt|Exit)\b))",
      byte_pattern_options());
  return k_pattern;
}

const re2::RE2& retry_after_pattern() {
  static const re2::RE2 k_pattern(R"((?i)retry-after["']?\s*[:=]\s*["']?(\d{1,6}))");
  return k_pattern;
}

}  // namespace

std::vector<std::string_view> find_exception_names(std::string_view text, std::size_t limit) {
  std::vector<std::string_view> names;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece name;
  while (names.size() < limit && re2::RE2::FindAndConsume(&input, exception_name_pattern(), &name)) {
    const std::string_view found(name.data(), name.size());
    if (std::find(names.begin(), names.end(), found) == names.end()) names.push_back(found);
  }
  return names;
}

std::optional<double> find_retry_after(std::string_view text) {
  int seconds = 0;
  if (re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), retry_after_pattern(),
                             &seconds)) {
    return static_cast<double>(seconds);
  }
  return std::nullopt;
}

}  // namespace flakyd::heuristics
