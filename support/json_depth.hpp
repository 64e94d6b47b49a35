// json_depth(text, max_depth): the deepest [ / { nesting in JSON text, ignoring brackets inside
// strings; stops counting (returning a value > max_depth) as soon as max_depth is exceeded.
// Linear, allocation-free; used before parsing untrusted JSON, because nlohmann::json recurses
// when it copies, dumps or destroys a value and ~10k levels overflow the stack.
#pragma once

#include <algorithm>
#include <cstring>
#include <string_view>

namespace flakyd {

inline int json_depth(std::string_view text, int max_depth) {
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

}  // namespace flakyd
