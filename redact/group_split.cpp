#include "redact/group_split.hpp"

#include <vector>

namespace flakyd::redact {

namespace {

// Length of a leading flag group such as "(?i)" or "(?im)"; 0 when there is none.
std::size_t leading_flags_length(std::string_view pattern) {
  if (!pattern.starts_with("(?")) return 0;
  std::size_t i = 2;
  while (i < pattern.size() && (pattern[i] == 'i' || pattern[i] == 'm' || pattern[i] == 's' ||
                                pattern[i] == 'U' || pattern[i] == '-')) {
    ++i;
  }
  return i > 2 && i < pattern.size() && pattern[i] == ')' ? i + 1 : 0;
}

// Index just past the character class that opens at `open` ('['), or npos if it never closes.
std::size_t skip_class(std::string_view pattern, std::size_t open) {
  std::size_t i = open + 1;
  if (i < pattern.size() && pattern[i] == '^') ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;  // a leading ']' is a literal
  while (i < pattern.size() && pattern[i] != ']') {
    if (pattern[i] == '\\') {
      i += 2;
    } else if (pattern.compare(i, 2, "[:") == 0) {
      const auto close = pattern.find(":]", i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 2;
    } else {
      ++i;
    }
  }
  return i < pattern.size() ? i + 1 : std::string_view::npos;
}

struct OpenGroup {
  std::size_t position;
  int number;  // 0 for a non-capturing group
};

}  // namespace

std::optional<GroupSplit> split_at_group(std::string_view pattern, int group) {
  if (group <= 0) return std::nullopt;
  const std::size_t flags_length = leading_flags_length(pattern);
  const std::string_view flags = pattern.substr(0, flags_length);

  std::vector<OpenGroup> open_groups;
  int captures_seen = 0;
  std::size_t group_open = std::string_view::npos;
  std::size_t group_close = std::string_view::npos;
  for (std::size_t i = flags_length; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 < pattern.size() && pattern[i + 1] == 'Q') return std::nullopt;
      i += 2;
    } else if (c == '[') {
      i = skip_class(pattern, i);
      if (i == std::string_view::npos) return std::nullopt;
    } else if (c == '(') {
      int number = 0;
      if (pattern.compare(i, 2, "(?") != 0 || pattern.compare(i, 4, "(?P<") == 0) {
        number = ++captures_seen;
      } else {
        const auto end = pattern.find_first_of(":)", i + 2);
        // A mid-pattern flag group "(?i)" changes how the rest reads: not a simple shape.
        if (end == std::string_view::npos || pattern[end] == ')') return std::nullopt;
      }
      if (number == group && open_groups.empty()) group_open = i;
      open_groups.push_back({i, number});
      ++i;
    } else if (c == ')') {
      if (open_groups.empty()) return std::nullopt;
      const OpenGroup closed = open_groups.back();
      open_groups.pop_back();
      if (closed.number == group && closed.position == group_open) group_close = i;
      ++i;
    } else if (c == '|' && open_groups.empty()) {
      return std::nullopt;
    } else {
      ++i;
    }
  }
  if (group_open == std::string_view::npos || group_close == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view suffix = pattern.substr(group_close + 1);
  if (!suffix.empty() && suffix != R"(\b)") return std::nullopt;

  // The group's body starts after "(" or after "(?P<name>".
  std::size_t body_begin = group_open + 1;
  if (pattern.compare(group_open, 4, "(?P<") == 0) body_begin = pattern.find('>', group_open) + 1;
  const std::string_view context = pattern.substr(flags_length, group_open - flags_length);
  GroupSplit split;
  if (!context.empty()) split.context = std::string(flags) + std::string(context);
  split.secret = std::string(flags) + "(?:" +
                 std::string(pattern.substr(body_begin, group_close - body_begin)) + ")" +
                 std::string(suffix);
  return split;
}

}  // namespace flakyd::redact
