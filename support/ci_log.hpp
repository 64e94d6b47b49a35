// CI log noise: what a terminal or a CI system adds around the lines a runner printed.
//
// Two kinds, both shared by the redactor, the classifier's input and the failure signature:
//   terminal escapes   ANSI/VT sequences (colours, cursor moves, OSC titles and hyperlinks).
//                      They are removed before redaction: "\x1b[1mghp_..." puts the 'm' of the
//                      colour code against the secret, so no word boundary sees where it starts.
//   timestamp columns  the time a CI system writes before every line: GitHub Actions and Azure
//                      Pipelines "2024-06-11T09:14:03.1182736Z ", GitLab's FF_TIMESTAMPS
//                      "2024-06-11T09:14:03.118273Z 00O ", Jenkins' timestamper
//                      "[2024-06-11T09:14:03.118Z] ", TeamCity's "[02:23:38] ", a bare clock
//                      "09:14:03 ", Debian autopkgtest's seconds since the test began
//                      (" 32s ", "815s ", ci.debian.net's logs). Stripped from the text rules read, so a rule anchored at a
//                      line's start (or a runner's indentation) reads a CI log as it reads the
//                      runner's own output.
// Two more kinds come from where a log was copied from, and only the classifier's input loses them:
//   quote marks        an issue thread or an e-mail quotes a log with "> " before every line.
//   HTML escapes       a log copied from an HTML page or report keeps "&lt;", "&gt;", "&quot;",
//                      "&#39;" and "&amp;" ("expected:&lt;1&gt; but was:&lt;2&gt;").
// Everything here is hand-written byte scanning: linear, no allocation unless something is
// removed (the caller's buffer is used then), no regex.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace flakyd::ci_log {

namespace detail {
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }
}  // namespace detail

// "2024-06-11T09:14:03.118Z", "2024-06-11 09:14:03,118", "2024-06-11": the length, 0 if none.
inline std::size_t iso_timestamp_length(std::string_view text) {
  using detail::is_digit;
  if (text.size() < 10 || !is_digit(text[0]) || !is_digit(text[3]) || text[4] != '-' || text[7] != '-' ||
      !is_digit(text[5]) || !is_digit(text[8]) || !is_digit(text[9])) {
    return 0;
  }
  std::size_t at = 10;
  if (at < text.size() && (text[at] == 'T' || text[at] == ' ') && at + 3 < text.size() && is_digit(text[at + 1]) &&
      is_digit(text[at + 2]) && text[at + 3] == ':') {
    at += 1;
    while (at < text.size() && (is_digit(text[at]) || text[at] == ':' || text[at] == '.' || text[at] == ',')) ++at;
    if (at < text.size() && text[at] == 'Z') ++at;
    else if (at + 2 < text.size() && (text[at] == '+' || text[at] == '-') && is_digit(text[at + 1])) {
      ++at;
      while (at < text.size() && (is_digit(text[at]) || text[at] == ':')) ++at;
    }
  }
  return at;
}

// "12:46:28", "2:46:28.118": H?H:MM:SS with an optional fraction; 0 if none.
inline std::size_t clock_length(std::string_view text) {
  using detail::is_digit;
  std::size_t at = 0;
  if (at < text.size() && is_digit(text[at])) ++at;
  else return 0;
  if (at < text.size() && is_digit(text[at])) ++at;
  for (int group = 0; group < 2; ++group) {
    if (at + 2 >= text.size() || text[at] != ':' || !is_digit(text[at + 1]) || !is_digit(text[at + 2])) return 0;
    at += 3;
  }
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    ++at;
    while (at < text.size() && is_digit(text[at])) ++at;
  }
  return at;
}

// A bracketed column of timestamp characters only: "[2021-08-25T07:29:05.332Z]", "[02:23:38]",
// "[0509 18:45:18]"; 0 if none.
inline std::size_t bracket_time_length(std::string_view text) {
  if (text.empty() || text[0] != '[') return 0;
  std::size_t digits = 0;
  std::size_t at = 1;
  for (; at < text.size() && at < 48; ++at) {
    const char c = text[at];
    if (c == ']') break;
    if (detail::is_digit(c)) ++digits;
    else if (c != ':' && c != '.' && c != '-' && c != 'T' && c != 'Z' && c != '+' && c != ' ' && c != ',' &&
             c != '/') {
      return 0;
    }
  }
  if (at >= text.size() || text[at] != ']' || digits < 4) return 0;
  return at + 1;
}

// autopkgtest's elapsed-seconds column: up to three blanks of right-alignment, 1-6 digits and
// 's', then a blank or the line's end (" 32s E   AssertionError", "4597s FAIL: test-x"); 0 if none.
// A decimal ("0.52s call", pytest's --durations) is no such column.
inline std::size_t elapsed_seconds_length(std::string_view line) {
  std::size_t at = 0;
  while (at < line.size() && at < 3 && line[at] == ' ') ++at;
  const std::size_t digits_begin = at;
  while (at < line.size() && detail::is_digit(line[at]) && at - digits_begin < 7) ++at;
  const std::size_t digits = at - digits_begin;
  if (digits == 0 || digits > 6 || at >= line.size() || line[at] != 's') return 0;
  ++at;
  if (at == line.size()) return at;
  return detail::is_blank(line[at]) ? at + 1 : 0;
}

// One timestamp column at the start of `line` with the one blank that ends it (GitLab's stream
// tag "00O" / "01E+" after its timestamp too); 0 if the line does not start with one. The
// runner's own indentation after the column stays. A timestamp must be followed by a blank or
// end the line: "2024-06-11: release" is text, not a column.
inline std::size_t timestamp_column_length(std::string_view line) {
  const auto one_blank = [&](std::size_t at) {
    return at < line.size() && detail::is_blank(line[at]) ? at + 1 : at;
  };
  if (line.empty()) return 0;
  if (const auto length = elapsed_seconds_length(line); length > 0) return length;
  if (line[0] == '[') {
    const auto length = bracket_time_length(line);
    return length == 0 ? 0 : one_blank(length);
  }
  if (!detail::is_digit(line[0])) return 0;
  if (const auto length = iso_timestamp_length(line); length > 0) {
    if (length == line.size()) return length;
    if (!detail::is_blank(line[length])) return 0;
    const auto at = length + 1;
    const auto tag = line.substr(at, 4);
    if (tag.size() >= 3 && detail::is_hex_lower(tag[0]) && detail::is_hex_lower(tag[1]) &&
        (tag[2] == 'O' || tag[2] == 'E')) {
      std::size_t end = at + 3;
      if (end < line.size() && line[end] == '+') ++end;
      if (end == line.size() || detail::is_blank(line[end])) return one_blank(end);
    }
    return at;
  }
  if (const auto length = clock_length(line); length > 0 && length < line.size() && detail::is_blank(line[length])) {
    return length + 1;
  }
  return 0;
}

// The length of the terminal escape sequence starting at text[at] (which is ESC): CSI
// "ESC [ params final", OSC "ESC ] ... (BEL | ESC \)" (titles, OSC 8 hyperlinks), and two-byte
// sequences ("ESC (B", "ESC =").
inline std::size_t escape_length(std::string_view text, std::size_t at) {
  std::size_t end = at + 1;
  if (end >= text.size()) return end - at;
  const char kind = text[end];
  if (kind == '[') {
    ++end;
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x20 &&
           static_cast<unsigned char>(text[end]) <= 0x3f) {
      ++end;  // parameter and intermediate bytes: digits ; ? < = > space ! " # ...
    }
    if (end < text.size() && text[end] != '\n') ++end;  // the final byte
    return end - at;
  }
  if (kind == ']') {
    ++end;
    while (end < text.size() && text[end] != '\a' && text[end] != '\n' && text[end] != '\x1b') ++end;
    if (end < text.size() && text[end] == '\a') ++end;
    else if (end + 1 < text.size() && text[end] == '\x1b' && text[end + 1] == '\\') end += 2;
    return end - at;
  }
  if (kind == '(' || kind == ')') return (end + 1 < text.size() ? end + 2 : end + 1) - at;
  if (kind != '\n') ++end;  // ESC = , ESC > , ESC 7 ...
  return end - at;
}

inline bool has_terminal_escapes(std::string_view text) { return text.find('\x1b') != std::string_view::npos; }

// `text` without its terminal escapes, written to `out` (cleared first).
inline void remove_terminal_escapes(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  std::size_t copied = 0;
  for (auto at = text.find('\x1b'); at != std::string_view::npos; at = text.find('\x1b', copied)) {
    out.append(text, copied, at - copied);
    copied = at + escape_length(text, at);
  }
  out.append(text, copied);
}

// Whether some line of `text` opens with a timestamp column or ends in "\r" (a Windows log).
inline bool has_log_columns(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    if (timestamp_column_length(text.substr(at, 96)) > 0) return true;
    const auto newline = text.find('\n', at);
    if (newline == std::string_view::npos) break;
    if (newline > at && text[newline - 1] == '\r') return true;
    at = newline + 1;
  }
  return false;
}

namespace detail {
// `text` with each line (without its newline) replaced by the part of it `shorten` keeps (told
// whether a newline follows the line), written to `out` (cleared first). Newlines stay.
template <typename Shorten>
void shorten_lines(std::string_view text, std::string& out, Shorten shorten) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t at = 0; at <= text.size();) {
    auto newline = text.find('\n', at);
    const bool last = newline == std::string_view::npos;
    if (last) newline = text.size();
    out.append(shorten(text.substr(at, newline - at), last));
    if (last) break;
    out.push_back('\n');
    at = newline + 1;
  }
}
}  // namespace detail

// `text` with each line's timestamp columns (up to three: "[12:00:01] 2024-...Z x") and each
// line's "\r" before its newline removed, written to `out` (cleared first).
inline void remove_log_columns(std::string_view text, std::string& out) {
  detail::shorten_lines(text, out, [](std::string_view line, bool last) {
    for (int column = 0; column < 3; ++column) {
      const auto length = timestamp_column_length(line.substr(0, 96));
      if (length == 0) break;
      line.remove_prefix(length);
    }
    if (!last && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  });
}

// Whether every non-blank line of `text` starts with '>': a quoted block. One quoted line of a
// runner's own (pytest's "> " source line, Gradle's "> Task :x FAILED") among others is not.
inline bool is_quoted_block(std::string_view text) {
  bool any = false;
  for (std::size_t at = 0; at < text.size();) {
    auto newline = text.find('\n', at);
    if (newline == std::string_view::npos) newline = text.size();
    const auto line = text.substr(at, newline - at);
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      if (first != 0 || line[0] != '>') return false;
      any = true;
    }
    at = newline + 1;
  }
  return any;
}

// `text` without each line's quote mark ("> " or ">"), written to `out`.
inline void remove_quote_marks(std::string_view text, std::string& out) {
  detail::shorten_lines(text, out, [](std::string_view line, bool) {
    // One level only: a quoted Gradle log keeps its own "> " lines ("> > Could not resolve").
    if (!line.empty() && line[0] == '>') {
      line.remove_prefix(1);
      if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
    }
    return line;
  });
}

namespace detail {
struct HtmlEscape {
  std::string_view escape;
  char byte;
};
inline constexpr HtmlEscape k_html_escapes[] = {{"&lt;", '<'},   {"&gt;", '>'},   {"&quot;", '"'},
                                                {"&#39;", '\''}, {"&#x27;", '\''}, {"&apos;", '\''},
                                                {"&#34;", '"'},  {"&amp;", '&'}};
}  // namespace detail

// Whether `text` holds an HTML escape of '<', '>' or a quote (a bare "&amp;" alone is no sign: a
// URL's query string may be written that way in plain text too).
inline bool has_html_escapes(std::string_view text) {
  for (const auto& [escape, byte] : detail::k_html_escapes) {
    if (byte != '&' && text.find(escape) != std::string_view::npos) return true;
  }
  return false;
}

// `text` with the HTML escapes above decoded (once: "&amp;lt;" becomes "&lt;"), written to `out`.
inline void decode_html_escapes(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  std::size_t copied = 0;
  for (auto at = text.find('&'); at != std::string_view::npos; at = text.find('&', at + 1)) {
    for (const auto& [escape, byte] : detail::k_html_escapes) {
      if (text.compare(at, escape.size(), escape) == 0) {
        out.append(text, copied, at - copied);
        out.push_back(byte);
        copied = at + escape.size();
        at = copied - 1;
        break;
      }
    }
  }
  out.append(text, copied);
}

// The trace as the runner printed it: timestamp columns and "\r" before newlines, HTML escapes
// and quote marks removed (terminal escapes go earlier, before redaction). Returns whether
// anything changed; copies only then.
inline bool restore_runner_text(std::string& trace) {
  bool changed = false;
  std::string buffer;
  const auto apply = [&](void (*transform)(std::string_view, std::string&)) {
    transform(trace, buffer);
    trace.swap(buffer);
    changed = true;
  };
  // Outermost first: a CI column stands before a quoted line, an escaped "&gt;" is a quote mark
  // only once decoded, and a quoted CI log has its columns inside the quote.
  if (has_log_columns(trace)) apply(remove_log_columns);
  if (has_html_escapes(trace)) apply(decode_html_escapes);
  if (is_quoted_block(trace)) {
    apply(remove_quote_marks);
    if (has_log_columns(trace)) apply(remove_log_columns);
  }
  return changed;
}

}  // namespace flakyd::ci_log
