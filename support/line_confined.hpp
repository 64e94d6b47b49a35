// line_confined: whether every match of an RE2 pattern lies inside one line, and so whether the
// pattern matches a text exactly when it matches one of the text's distinct lines; lines_spanned:
// whether it lies within two (then it matches exactly when it matches one of the text's runs of
// lines that holds every distinct pair of neighbouring lines). Header-only.
//
// Why: a failure log repeats itself (a retry loop, a recursion's frames, a progress bar), and a
// pattern that cannot span lines need not read the same line twice: support/prefiltered_set.hpp
// scans the distinct lines instead of the whole text for groups of such patterns.
//
// The check is syntactic and conservative: a pattern is confined when nothing in it can match a
// newline or depends on the text's ends. So it is not confined when it holds a newline escape
// (\n, \x0a, \x{a}, \012), a class that matches one (\s, \W, \D, \H, [[:space:]], \P{..}, a negated
// [^..] that does not exclude \n, \C), the (?s) flag, or an anchor to the whole text (\A, \z, and ^
// or $ without (?m) at the pattern's start). A false "no" costs only speed; a false "yes" would
// change answers, so each rule errs towards "no".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flakyd {

namespace line_confined_detail {

// A [..] class starting at `open` (the '['); returns the index just past its closing ']' and
// whether it can match '\n'.
inline std::size_t scan_class(std::string_view pattern, std::size_t open, bool& matches_newline) {
  std::size_t at = open + 1;
  const bool negated = at < pattern.size() && pattern[at] == '^';
  if (negated) ++at;
  bool names_newline = false, has_wide_escape = false;
  if (at < pattern.size() && pattern[at] == ']') ++at;  // a leading ']' is a literal
  while (at < pattern.size() && pattern[at] != ']') {
    if (pattern[at] == '\\' && at + 1 < pattern.size()) {
      const char escaped = pattern[at + 1];
      // \n names it; so does \s in a negated class ([^\s] excludes every space, '\n' too).
      if (escaped == 'n' || (negated && escaped == 's')) names_newline = true;
      if ((escaped == 's' && !negated) || escaped == 'W' || escaped == 'D' || escaped == 'H' || escaped == 'P' ||
          escaped == 'x' || escaped == '0' || escaped == 'C' || escaped == 'v' || escaped == 'f') {
        has_wide_escape = true;
      }
      at += 2;
      continue;
    }
    if (pattern.substr(at, 2) == "[:") {
      const auto close = pattern.find(":]", at + 2);
      if (close == std::string_view::npos) return pattern.size();
      const auto name = pattern.substr(at + 2, close - at - 2);
      if (name == "space" || name == "cntrl" || name.starts_with("^")) has_wide_escape = true;
      at = close + 2;
      continue;
    }
    ++at;
  }
  // A negated class matches '\n' unless it names it; a plain one only through a wide escape.
  matches_newline = negated ? !names_newline : (names_newline || has_wide_escape);
  return at + 1;
}

// The index of the ')' closing the group opened at `open`, or npos.
inline std::size_t group_end(std::string_view pattern, std::size_t open) {
  int depth = 0;
  for (std::size_t at = open; at < pattern.size(); ++at) {
    if (pattern[at] == '\\') {
      ++at;
    } else if (pattern[at] == '[') {
      bool ignored = false;
      at = scan_class(pattern, at, ignored) - 1;
    } else if (pattern[at] == '(') {
      ++depth;
    } else if (pattern[at] == ')' && --depth == 0) {
      return at;
    }
  }
  return std::string_view::npos;
}

// Whether (?m) governs the whole pattern: a leading (?m), (?im), (?mi), or one (?m: group that
// spans it.
inline bool multiline_throughout(std::string_view pattern) {
  if (pattern.starts_with("(?m)") || pattern.starts_with("(?im)") || pattern.starts_with("(?mi)")) return true;
  return pattern.starts_with("(?m:") && group_end(pattern, 0) == pattern.size() - 1;
}

// A line's leading or trailing blanks, as (?m)^\s* and \s*$ read them, may run over the line
// end, but a match that does has a twin inside one line (the blanks cut at the line end), so they
// are dropped before the check. Not so for ^\s+ and \s+$: "\nFile" matches (?m)^\s+File through
// the empty line before it, and no single line of it does.
inline std::string without_edge_blanks(std::string_view pattern) {
  constexpr std::string_view head = "^\\s*", tail = "\\s*$";
  std::string out(pattern);
  for (auto at = out.find(head); at != std::string::npos; at = out.find(head, at + 1)) {
    if (at > 0 && (out[at - 1] == '\\' || out[at - 1] == '[')) continue;  // a literal '^', or [^\s*]
    out.replace(at, head.size(), "^");
  }
  for (auto at = out.find(tail); at != std::string::npos; at = out.find(tail, at + 1)) {
    if (at > 0 && out[at - 1] == '\\') continue;  // an escaped backslash, then s*$
    out.replace(at, tail.size(), "$");
  }
  return out;
}

// Whether a two-line pattern's edge blanks stay on their side of its newline escape: a ^\s*
// before it (the match may open with blank lines, its twin starts on the first line of text) and
// a \s*$ after it. After it, ^\s* could run over more lines: "a\n\nb" matches (?m)a\n^\s*b over
// three, and no two neighbouring lines of it do; likewise \s*$ before it.
inline bool edge_blanks_beside_newline(std::string_view pattern) {
  std::size_t newline = std::string_view::npos;
  for (std::size_t at = 0; at < pattern.size() && newline == std::string_view::npos; ++at) {
    if (pattern[at] == '[') {
      bool ignored = false;
      at = scan_class(pattern, at, ignored) - 1;
    } else if (pattern[at] == '\\' && at + 1 < pattern.size()) {
      if (pattern[at + 1] == 'n') newline = at;
      ++at;
    }
  }
  // As without_edge_blanks reads them: not after a backslash (a literal) or '[' ([^\s*]).
  const auto edge_blanks = [&](std::size_t at) { return at == 0 || (pattern[at - 1] != '\\' && pattern[at - 1] != '['); };
  for (auto at = pattern.find("^\\s*"); at != std::string_view::npos; at = pattern.find("^\\s*", at + 1)) {
    if (edge_blanks(at) && at > newline) return false;
  }
  for (auto at = pattern.find("\\s*$"); at != std::string_view::npos; at = pattern.find("\\s*$", at + 1)) {
    if (edge_blanks(at) && at < newline) return false;
  }
  return true;
}

}  // namespace line_confined_detail

// How many lines a match of the pattern can touch: 1 (line-confined), 2 (one newline escape at
// the top level of the pattern, read once per match: "a:\n\tb"), or 0 (no bound known).
inline int lines_spanned(std::string_view original) {
  const bool multiline = line_confined_detail::multiline_throughout(original);
  const std::string stripped = multiline ? line_confined_detail::without_edge_blanks(original) : std::string(original);
  const std::string_view pattern = stripped;
  int newlines = 0, depth = 0;
  for (std::size_t at = 0; at < pattern.size();) {
    const char c = pattern[at];
    if (c == '\n') return 0;  // a raw newline in the pattern (a TOML multi-line string)
    if (c == '\\' && at + 1 < pattern.size()) {
      switch (pattern[at + 1]) {
        case 'n': {
          // Once per match only outside every group and without a quantifier of its own.
          const char next = at + 2 < pattern.size() ? pattern[at + 2] : '\0';
          if (depth != 0 || newlines != 0 || next == '*' || next == '+' || next == '?' || next == '{') return 0;
          ++newlines;
          at += 2;
          continue;
        }
        case 's': case 'W': case 'D': case 'H': case 'P': case 'A': case 'z': case 'C':
        case 'x': case '0': case '1': case 'v': case 'f': case 'p': case 'Q':
          return 0;
        default:
          at += 2;
          continue;
      }
    }
    if (c == '[') {
      bool matches_newline = false;
      at = line_confined_detail::scan_class(pattern, at, matches_newline);
      if (matches_newline) return 0;
      continue;
    }
    if (c == '(' && pattern.substr(at, 2) == "(?") {
      // An inline flag group: (?s) lets '.' match '\n'; (?m) only matters for anchors. "(?i:"
      // opens a group, "(?m)" does not.
      const auto end = pattern.find_first_of(":)", at + 2);
      if (end == std::string_view::npos) return 0;
      if (pattern.substr(at + 2, end - at - 2).find('s') != std::string_view::npos) return 0;
      if (pattern.substr(at + 2, end - at - 2).find('-') != std::string_view::npos) return 0;
      if (pattern[end] == ':') ++depth;
      at = end + 1;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == '^' || c == '$') && !multiline) return 0;
    ++at;
  }
  if (newlines == 1 && !line_confined_detail::edge_blanks_beside_newline(original)) return 0;
  return newlines + 1;
}

inline bool line_confined(std::string_view pattern) { return lines_spanned(pattern) == 1; }

}  // namespace flakyd
