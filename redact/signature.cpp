#include "redact/signature.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <cstring>
#include <deque>

#include "redact/fingerprint.hpp"
#include "support/ci_log.hpp"

namespace flakyd::redact {

namespace {

// Frames in the key: the innermost two of the project's. A third adds little against
// over-grouping (the test id, kind and message are there too) and is the first to be lost when
// one copy of a trace is cut shorter than the other.
constexpr std::size_t k_key_frames = 2;

// ---------------------------------------------------------------------------------------------
// Character helpers

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
constexpr bool is_word(char c) { return is_alpha(c) || is_digit(c) || c == '_'; }
constexpr bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Both run dozens of times per line: the first (last) byte is compared before the rest, so a
// line that cannot match costs no call into memcmp.
bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         (prefix.empty() || (text[0] == prefix[0] && text.compare(0, prefix.size(), prefix) == 0));
}
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         (suffix.empty() || (text.back() == suffix.back() &&
                             text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0));
}
bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size() && (is_blank(text[begin]) || text[begin] == '\r')) ++begin;
  std::size_t end = text.size();
  while (end > begin && (is_blank(text[end - 1]) || text[end - 1] == '\r')) --end;
  return text.substr(begin, end - begin);
}

std::string_view trim_left(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size() && is_blank(text[begin])) ++begin;
  return text.substr(begin);
}

std::size_t skip_digits(std::string_view text, std::size_t at) {
  while (at < text.size() && is_digit(text[at])) ++at;
  return at;
}

// The last component of a path ('/' or '\\' separated).
std::string_view basename(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "file.py:12:3" -> "file.py"; "File.java:89" -> "File.java".
std::string_view strip_line_numbers(std::string_view file) {
  while (!file.empty()) {
    const auto colon = file.find_last_of(':');
    if (colon == std::string_view::npos || colon + 1 >= file.size()) break;
    bool digits = true;
    for (char c : file.substr(colon + 1)) digits = digits && is_digit(c);
    if (!digits) break;
    file = file.substr(0, colon);
  }
  return file;
}

// ---------------------------------------------------------------------------------------------
// Prefixes

std::size_t skip_blanks(std::string_view text, std::size_t at) {
  while (at < text.size() && is_blank(text[at])) ++at;
  return at;
}

// One prefix at the start of `line`, or 0.
std::size_t prefix_length(std::string_view line) {
  if (line.empty()) return 0;
  // ISO, bracketed and clock timestamp columns (support/ci_log.hpp).
  if (const auto length = ci_log::timestamp_column_length(line); length > 0) return skip_blanks(line, length);
  const char first = line[0];
  if (first == '[') {
    if (starts_with(line, "[gw")) {  // pytest-xdist worker
      const auto end = skip_digits(line, 3);
      if (end > 3 && end < line.size() && line[end] == ']') return skip_blanks(line, end + 1);
    }
    // The Open Build Service's seconds-since-start column: "[  405s] FAIL: test_x (...)".
    if (const auto digits = skip_blanks(line, 1), end = skip_digits(line, digits);
        end > digits && line.substr(end, 2) == "s]") {
      return skip_blanks(line, end + 2);
    }
    if (starts_with(line, "[xUnit.net ") || starts_with(line, "[Step ")) {
      const auto close = line.find(']');
      if (close == std::string_view::npos || close >= 48) return 0;
      const auto after = skip_blanks(line, close + 1);
      // A test's logged output under the xUnit.net column comes in a "| " gutter (ASP.NET Core's
      // xunit logger, Microsoft.Extensions.Logging.Testing, opens every line of a record with it):
      // "[xUnit.net 00:01:15.55]         |    at Ns.C.M() in C.cs:line 9" is a frame.
      if (line[0] == '[' && line[1] == 'x' && after < line.size() && line[after] == '|' &&
          (after + 1 == line.size() || is_blank(line[after + 1]))) {
        return skip_blanks(line, after + 1);
      }
      return after;
    }
    return 0;
  }
  if (first == '<') {
    // A log pasted into an issue inside HTML: "<pre>panic: ..", "<pre><code>", "<details><summary>"
    // open the first line of one copy and not the other's.
    for (const std::string_view tag : {"<pre>", "<code>", "<samp>", "<details>", "<summary>", "</summary>"}) {
      if (starts_with(line, tag)) return tag.size();
    }
    return 0;
  }
  if (first == '#' && starts_with(line, "##[")) {  // GitHub Actions workflow commands
    const auto close = line.find(']');
    if (close != std::string_view::npos && close < 24) return close + 1;
    return 0;
  }
  if (is_digit(first)) {
    // CTest's "84: " test-number column.
    const auto end = skip_digits(line, 0);
    if (end <= 4 && end + 1 < line.size() && line[end] == ':' && line[end + 1] == ' ') return end + 2;
    return 0;
  }
  if (is_alpha(first)) {
    // "job-name | " (docker compose, matrix jobs) and "step-name:<TAB>" columns.
    std::size_t at = 0;
    while (at < line.size() && at < 64 && (is_word(line[at]) || line[at] == '-' || line[at] == '.')) ++at;
    if (at < line.size() && line[at] == ':' && at + 1 < line.size() && line[at + 1] == '\t') return at + 2;
    const auto bar = skip_blanks(line, at);
    if (bar > at && bar + 1 < line.size() && line[bar] == '|' && line[bar + 1] == ' ') return bar + 2;
  }
  return 0;
}

// What may follow a Go frame's line number: nothing, or blanks and the pc offset ("+0x1f",
// gopls's "0x93a").
bool go_frame_offset(std::string_view t, std::size_t digits_end) {
  if (digits_end == t.size()) return true;
  const auto at = skip_blanks(t, digits_end);
  if (at == digits_end) return false;
  const auto hex = at < t.size() && t[at] == '+' ? at + 1 : at;
  return t.substr(hex, 2) == "0x";
}

// ---------------------------------------------------------------------------------------------
// Whole-trace cleaning: ANSI escapes and GitHub "[572](https://...)" line links. Only when the
// trace has either; otherwise the trace is read in place.

bool needs_cleaning(std::string_view trace) {
  return trace.find('\x1b') != std::string_view::npos || trace.find("](http") != std::string_view::npos;
}

void clean_into(std::string_view trace, std::string& out) {
  out.clear();
  out.reserve(trace.size());
  for (std::size_t i = 0; i < trace.size();) {
    const char c = trace[i];
    if (c == '\x1b') {
      i += ci_log::escape_length(trace, i);
      continue;
    }
    if (c == '[' && i + 1 < trace.size() && is_digit(trace[i + 1])) {
      const auto digits_end = skip_digits(trace, i + 1);
      if (trace.substr(digits_end, 6) == "](http") {
        const auto close = trace.find(')', digits_end);
        const auto newline = trace.find('\n', digits_end);
        if (close != std::string_view::npos && close < newline) {
          out.append(trace.substr(i + 1, digits_end - i - 1));
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(c);
    ++i;
  }
}

// ---------------------------------------------------------------------------------------------
// Masking

// A unit right after a number: "ms", "s", "us", "ns", "m", "h", "KB", "MB", "GB", "B", "x" (the
// whole rest of the word, or up to the next digit as in "1h2m3s").
bool unit_at(std::string_view token, std::size_t at) {
  std::size_t end = at;
  while (end < token.size() && is_alpha(token[end])) ++end;
  const auto unit = token.substr(at, end - at);
  if (end < token.size() && (is_word(token[end]) && !is_digit(token[end]))) return false;
  for (std::string_view known : {"ms", "s", "us", "ns", "m", "h", "d", "KB", "MB", "GB", "KiB", "MiB", "GiB", "kB",
                                 "B", "b", "x", "X", "ms", "sec", "secs", "min", "mins"}) {
    if (unit == known) return true;
  }
  return false;
}

// Past a number's decimal fraction, if one starts at `at` (".8" in "269.8%", ".999" in "took
// 0.999"): one measured value prints "1849" in one run and "269.8" in the next, and both are one
// "N". A dotted run of three numbers or more ("3.12.1", "10.0.0.1") is a version or an address
// and keeps its dots.
std::size_t after_decimal_fraction(std::string_view token, std::size_t start, std::size_t at) {
  const bool after_dotted_number = start >= 2 && token[start - 1] == '.' && is_digit(token[start - 2]);
  if (after_dotted_number || at + 1 >= token.size() || token[at] != '.' || !is_digit(token[at + 1])) return at;
  const std::size_t end = skip_digits(token, at + 1);
  const bool dotted_run = end + 1 < token.size() && token[end] == '.' && is_digit(token[end + 1]);
  return dotted_run ? at : end;
}

// A run of hex digits starting at `at`: six or more mixing a digit and a letter are one value
// ("1f3a9c" as "<hex>"); letters alone are a word ("deadbeef" is rare, "facade" common); digits
// alone are a number ("N") however many there are, so a time-out of 60000 ms and one of 240000 ms,
// or pid 98765 and pid 123456, mask alike.
struct HexRun {
  std::size_t end;
  bool has_digit;
  bool has_letter;
  bool is_value(std::size_t at) const { return has_digit && has_letter && end - at >= 6; }
};

HexRun hex_run_at(std::string_view token, std::size_t at) {
  HexRun run{at, false, false};
  for (; run.end < token.size() && is_hex(token[run.end]); ++run.end) {
    run.has_digit = run.has_digit || is_digit(token[run.end]);
    run.has_letter = run.has_letter || !is_digit(token[run.end]);
  }
  return run;
}

// Whether [begin, end) of `token` is a Go duration of several units ("10m0s", "1h2m3.5s",
// "250ms"): numbers each followed by h, m, s, ms, us or ns. It masks like a short one ("5m0s" as
// "NmNs"), not as a generated id: a timeout of 5m0s and one of 10m0s are the same timeout.
bool duration_run(std::string_view token, std::size_t begin, std::size_t end) {
  std::size_t at = begin;
  while (at < end) {
    const auto digits_end = skip_digits(token, at);
    if (digits_end == at) return false;
    at = digits_end;
    if (at < end && token[at] == '.') at = skip_digits(token, at + 1);
    const auto unit = token.substr(at, end - at);
    std::size_t unit_length = 0;
    for (const std::string_view candidate : {"ms", "us", "ns", "h", "m", "s"}) {
      if (unit.starts_with(candidate) && (unit.size() == candidate.size() || is_digit(unit[candidate.size()]))) {
        unit_length = candidate.size();
        break;
      }
    }
    if (unit_length == 0) return false;
    at += unit_length;
  }
  return true;
}

// Whether `token` holds a value masked below at `at`: a digit, or a hex run that is a value.
bool signed_value_at(std::string_view token, std::size_t at) {
  if (at >= token.size()) return false;
  return is_digit(token[at]) || hex_run_at(token, at).is_value(at);
}

// A file path and nothing else: a separator, no blank.
bool is_path(std::string_view value) {
  return value.find_first_of("/\\") != std::string_view::npos &&
         std::none_of(value.begin(), value.end(), [](char c) { return is_blank(c) || c == '\n'; });
}

constexpr std::string_view k_redacted_ip = "[REDACTED:ip-address]";

void append_masked(std::string_view text, std::string& out, std::size_t limit = 240) {
  const std::size_t start = out.size();
  bool blank = false;
  for (std::size_t i = 0; i < text.size() && out.size() - start < limit;) {
    const char c = text[i];
    if (is_blank(c) || c == '\r' || c == '\n') {
      blank = true;
      ++i;
      continue;
    }
    if (blank && out.size() > start) out.push_back(' ');
    blank = false;
    // The redactor's stand-in for a public IPv4 address masks like the loopback or private
    // address another run printed in its place ("dial tcp 127.0.0.1:29000" on one machine,
    // "dial tcp 34.139.19.38:26257" on a cloud one).
    if (c == '[' && text.substr(i).starts_with(k_redacted_ip)) {
      out.append("N.N.N.N");
      i += k_redacted_ip.size();
      continue;
    }
    // "key=value": the value is a value whatever it looks like (rw=false, stat=PENDING, id=x9);
    // the key stays, so a message keeps its words.
    if (c == '=' && i > 0 && is_word(text[i - 1]) && i + 1 < text.size() && !is_blank(text[i + 1]) &&
        text[i + 1] != '=') {
      std::size_t end = i + 1;
      while (end < text.size() && !is_blank(text[end]) && text[end] != ',' && text[end] != ';' &&
             text[end] != ')' && text[end] != ']' && text[end] != '}' && text[end] != '\n') {
        ++end;
      }
      out.append("=<v>");
      i = end;
      continue;
    }
    // A long quoted value (a payload, a command line) is one value; a short one is masked like
    // any other text, so a quoted name stays a word and a quoted number a number. A quoted path
    // is a path, whatever its length: its last component stays, as unquoted.
    if ((c == '\'' || c == '"' || c == '`') && (i == 0 || !is_word(text[i - 1]))) {
      const auto close = text.find(c, i + 1);
      if (close != std::string_view::npos && close - i > 80 && close - i <= 400 &&
          !is_path(text.substr(i + 1, close - i - 1))) {
        out.push_back(c);
        out.append("<v>");
        out.push_back(c);
        i = close + 1;
        continue;
      }
    }
    if (is_word(c) || c == '/' || c == '\\' || c == '.' || c == '-' || c == ':' || c == '~') {
      // A token of word characters and path punctuation.
      std::size_t end = i;
      bool slash = false;
      while (end < text.size() && (is_word(text[end]) || text[end] == '/' || text[end] == '\\' ||
                                   text[end] == '.' || text[end] == '-' || text[end] == '~' ||
                                   (text[end] == ':' && end + 1 < text.size() && text[end + 1] != ' '))) {
        slash = slash || text[end] == '/' || text[end] == '\\';
        ++end;
      }
      if (end == i) {  // a lone ':' followed by a blank
        out.push_back(c);
        ++i;
        continue;
      }
      std::string_view token = text.substr(i, end - i);
      // Paths keep their last component: checkout and home prefixes differ between machines.
      if (slash && !starts_with(token, "http")) {
        const auto base = basename(token);
        if (!base.empty()) token = base;
      }
      // Nothing past the output limit can show, and the runs below are scanned from each start:
      // a capped token keeps a 100 KB word linear (found by the hostile-input test).
      token = token.substr(0, std::min(token.size(), limit));
      // Values inside the token: addresses, uuids, hex runs with a digit, digit runs.
      for (std::size_t j = 0; j < token.size();) {
        const char t = token[j];
        // A sign opening a token belongs to its value: one run prints "time -1f3a9c" or "-5"
        // where another prints "time 1f3a9c" or "5".
        if (t == '-' && j == 0 && signed_value_at(token, 1)) {
          ++j;
          continue;
        }
        // A date or timestamp inside a message ("ERROR 2018-05-19T04:51:25Z: servo: ..."): each run
        // prints its own. (A log column opening the line was dropped with the line's prefix.)
        if (is_digit(t) && (j == 0 || !is_word(token[j - 1]))) {
          if (const auto length = ci_log::iso_timestamp_length(token.substr(j)); length > 0) {
            out.append("<time>");
            j += length;
            continue;
          }
        }
        if (t == '0' && j + 2 < token.size() && (token[j + 1] == 'x' || token[j + 1] == 'X') && is_hex(token[j + 2])) {
          std::size_t k = j + 2;
          while (k < token.size() && is_hex(token[k])) ++k;
          out.append("0x<hex>");
          j = k;
          continue;
        }
        if (j + 36 <= token.size() && is_hex(t) && token[j + 8] == '-' && token[j + 13] == '-' &&
            token[j + 18] == '-' && token[j + 23] == '-') {
          bool uuid = true;
          for (std::size_t k = j; k < j + 36 && uuid; ++k) {
            uuid = (k - j == 8 || k - j == 13 || k - j == 18 || k - j == 23) ? token[k] == '-' : is_hex(token[k]);
          }
          if (uuid) {
            out.append("<uuid>");
            j += 36;
            continue;
          }
        }
        if (is_hex(t)) {
          const auto run = hex_run_at(token, j);
          const bool word_start = j == 0 || !is_alpha(token[j - 1]);
          if (word_start && run.is_value(j)) {
            out.append("<hex>");
            j = run.end;
            continue;
          }
        }
        if (is_alpha(t) || is_digit(t)) {
          // A letters-and-digits run with two or more digit runs looks generated ("x9n97",
          // "k53rs1s9"): one value.
          std::size_t k = j;
          int digit_runs = 0;
          bool in_digits = false;
          while (k < token.size() && (is_alpha(token[k]) || is_digit(token[k]))) {
            if (is_digit(token[k]) && !in_digits) ++digit_runs;
            in_digits = is_digit(token[k]);
            ++k;
          }
          if (digit_runs >= 2 && (j == 0 || !is_word(token[j - 1])) && k - j >= 5 && !duration_run(token, j, k)) {
            out.append("<id>");
            j = k;
            continue;
          }
        }
        if (is_digit(t)) {
          // A number is a value; digits inside a name ("worker_0_stage", "Http1Codec") are part
          // of the name, unless a unit follows ("15ms", "2.5s", "64MB", "99%").
          // Six digits or more are a value wherever they stand ("run_1700000000_x" as "run_N_x").
          auto k = skip_digits(token, j);
          if (k == token.size() || !(is_alpha(token[k]) || token[k] == '_') || unit_at(token, k) || k - j >= 6) {
            out.push_back('N');
            k = after_decimal_fraction(token, j, k);
          } else {
            out.append(token.substr(j, k - j));
          }
          j = k;
          continue;
        }
        out.push_back(t);
        ++j;
      }
      i = end;
      continue;
    }
    out.push_back(c);
    ++i;
  }
}

// A JVM, .NET or Python unittest test as "Class.method", whichever way the runner printed it: qualified
// ("org.x.tserver.LargestFirstMemoryManagerTest.test", "System.Diagnostics.Tests.ProcessTests.M",
// "org.x.SessionTest#testLazy", "SessionTest#testLazy") or Gradle's "FullDuplexTest >
// defaultFullDuplex()" (with or without its "()"). Classes move between packages and namespaces
// over a project's life, and one report prints the package another leaves out. Empty for any other shape (a path, a sentence, parameters): those stay whole.
std::string class_and_method(std::string_view id) {
  auto is_class = [](std::string_view name) {
    return !name.empty() && name[0] >= 'A' && name[0] <= 'Z' &&
           std::all_of(name.begin(), name.end(), [](char c) { return is_word(c) || c == '$'; });
  };
  auto is_method = [](std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), is_word);
  };
  // Gradle: "Class > method()" (a nested class prints "Outer > Inner > method()": the innermost);
  // its console and build scans drop the "()" for JUnit 4 tests ("org.x.CorruptedFileIT >
  // testReplicaCorruption").
  if (const auto arrow = id.rfind(" > "); arrow != std::string_view::npos) {
    auto method = id.substr(arrow + 3);
    if (method.ends_with("()")) method.remove_suffix(2);
    auto cls = id.substr(0, arrow);
    if (const auto outer = cls.rfind(" > "); outer != std::string_view::npos) cls = cls.substr(outer + 3);
    if (const auto dot = cls.rfind('.'); dot != std::string_view::npos) cls = cls.substr(dot + 1);
    if (is_class(cls) && is_method(method)) return std::string(cls) + "." + std::string(method);
    return {};
  }
  // Surefire names an inherited test method by the class that ran it and the one declaring it
  // ("TestIcebergMinioOrcConnectorTest>BaseIcebergConnectorTest.testOptimize"): keyed by the
  // class that ran it, as its report's "testOptimize(pkg.TestIcebergMinioOrcConnectorTest)" is.
  if (const auto inherited = id.find('>'); inherited != std::string_view::npos && inherited > 0) {
    const auto declared = id.substr(inherited + 1);
    const auto dot = declared.rfind('.');
    auto runner = id.substr(0, inherited);
    runner = runner.substr(runner.rfind('.') + 1);  // npos + 1 == 0: no package
    if (dot == std::string_view::npos || !is_class(runner) || !is_method(declared.substr(dot + 1))) return {};
    return std::string(runner) + std::string(declared.substr(dot));
  }
  const auto method_start = id.find_last_of(".#");
  if (method_start == std::string_view::npos || method_start == 0) return {};
  const auto class_start = id.find_last_of('.', method_start - 1);
  if (class_start == std::string_view::npos) {
    // "ServiceProxyTest#testConnectionTimeout": JUnit's "Class#method" without its package.
    const auto cls = id.substr(0, method_start), method = id.substr(method_start + 1);
    if (id[method_start] == '#' && is_class(cls) && is_method(method)) return std::string(cls) + "." + std::string(method);
    return {};
  }
  const auto cls = id.substr(class_start + 1, method_start - class_start - 1);
  const auto method = id.substr(method_start + 1);
  const auto package = id.substr(0, class_start);
  const bool dotted_package = std::all_of(package.begin(), package.end(), [](char c) { return is_word(c) || c == '.'; });
  if (!dotted_package || !is_class(cls) || !is_method(method)) return {};
  return std::string(cls) + "." + std::string(method);
}

// The length of a JavaScript or TypeScript file extension at `at` (".js", ".ts", ".mjs", ".tsx",
// and Kibana's "·ts", its reports' stand-in for the dot), ending the word; 0 for anything else.
std::size_t script_extension_length(std::string_view id, std::size_t at) {
  std::size_t cursor = at;
  if (id[cursor] == '.') ++cursor;
  else if (id.substr(cursor, 2) == "\xc2\xb7") cursor += 2;
  else return 0;
  if (cursor < id.size() && (id[cursor] == 'm' || id[cursor] == 'c')) ++cursor;
  if (cursor >= id.size() || (id[cursor] != 'j' && id[cursor] != 't')) return 0;
  if (++cursor >= id.size() || id[cursor] != 's') return 0;
  if (++cursor < id.size() && id[cursor] == 'x') ++cursor;
  return cursor == id.size() || !is_word(id[cursor]) ? cursor - at : 0;
}

// Test ids: a test's name is words and small numbers (parametrisation, "v_3_2"), so only what
// varies per run is masked: uuids, hex ids, long numbers (seeds, ports, pids), Go's "-8"
// GOMAXPROCS suffix; a dotted JVM, .NET or unittest id is keyed by class and method (above). A
// test file's JavaScript or TypeScript extension keys as ".js": suites move from .js to .ts (and
// to .mjs, .tsx) with the same tests in them.
std::string mask_test_id(std::string_view id) {
  id = trim(id);
  // gotestsum --rerun-fails names a rerun "TestX (re-run 1)": the same test as the first run.
  if (const auto rerun = id.rfind(" (re-run "); rerun != std::string_view::npos && ends_with(id, ")") &&
                                               skip_digits(id, rerun + 9) == id.size() - 1) {
    id = trim(id.substr(0, rerun));
  }
  if (id.size() > 2 && starts_with(id, "Test")) {
    const auto dash = id.find_last_of('-');
    if (dash != std::string_view::npos && dash + 1 < id.size() && skip_digits(id, dash + 1) == id.size()) {
      id = id.substr(0, dash);
    }
  }
  // A Go test named with its package path ("pkg/executor/test/oomtest.TestMemTracker"): packages
  // move between releases, the package's own name and the test's stay.
  if (const auto slash = id.rfind('/'), test = id.find(".Test"); slash != std::string_view::npos &&
                                                                  test != std::string_view::npos && slash < test &&
                                                                  id.find_first_of(" :[(") == std::string_view::npos) {
    id = id.substr(slash + 1);
  }
  // A test file named by its suite directory ("parallel/test-performance", Node's TAP ids) keys
  // as the file: tests move between parallel/ and sequential/ and one log prints the directory
  // another leaves out.
  if (const auto slash = id.rfind('/'); slash != std::string_view::npos &&
                                        starts_with(id.substr(slash + 1), "test") &&
                                        id.find_first_of(" :[(") == std::string_view::npos) {
    id = id.substr(slash + 1);
  }
  // A method named with its call's "()" (JUnit 5's and Swift's display names,
  // "testWebSiteData()") is the method another report names without them.
  if (id.size() > 2 && ends_with(id, "()") && is_word(id[id.size() - 3])) id.remove_suffix(2);
  // A parametrised case ("test_reply_count[df_factory1-3-500]", "test_timeout[0]") keys as its
  // test: a defect fails the cases alike, and one log prints one case, the rerun another. In
  // the pair sets: 3 same failures more grouped, 1 pair of cases called different merged.
  if (const auto open = id.find('['); open != std::string_view::npos && open > 0 && ends_with(id, "]") &&
                                      id.substr(0, open).find(' ') == std::string_view::npos) {
    id = id.substr(0, open);
  }
  // GoogleTest's value-parametrised instance ("IpVersions/TcpProxyTest.RepeatedRequest/3") names
  // its parameter by index, like pytest's "[0]": the same test body and assertion whatever the
  // index, and two runs print two indices (envoy's IPv4 and IPv6 instances of one flake).
  if (const auto slash = id.rfind('/'); slash != std::string_view::npos && slash + 1 < id.size() &&
                                        skip_digits(id, slash + 1) == id.size() &&
                                        id.substr(0, slash).find('.') != std::string_view::npos &&
                                        id.find_first_of(" :[(") == std::string_view::npos) {
    id = id.substr(0, slash);
  }
  const std::string class_method = class_and_method(id);
  if (!class_method.empty()) id = class_method;
  std::string out;
  out.reserve(id.size());
  for (std::size_t i = 0; i < id.size();) {
    if (is_hex(id[i]) && (i == 0 || !is_word(id[i - 1]))) {
      std::size_t end = i;
      bool digit = false;
      while (end < id.size() && (is_hex(id[end]) || id[end] == '-')) {
        if (is_digit(id[end])) digit = true;
        ++end;
      }
      if (digit && end - i >= 8 && (end == id.size() || !is_word(id[end]))) {
        out.append("<id>");
        i = end;
        continue;
      }
    }
    if (is_digit(id[i])) {
      const auto end = skip_digits(id, i);
      // A parameter's value ("TestResolver/minPeers=3", "[size=64]") names one case of the
      // same test: the runs of one failure differ in it.
      if (end - i >= 5 || (i > 0 && id[i - 1] == '=')) out.push_back('N');
      else out.append(id.substr(i, end - i));
      i = end;
      continue;
    }
    if (const auto extension = script_extension_length(id, i); extension > 0) {
      out.append(".js");
      i += extension;
      continue;
    }
    out.push_back(id[i]);
    ++i;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Frames

struct Frame {
  std::string_view file;
  std::string_view function;
  std::size_t line = 0;  // index in the cleaned lines
  bool python = false;   // Python lists the innermost frame last
  bool jvm = false;      // keyed as "SimpleClass.method" (JVM and .NET): see jvm_frame_name()
  bool v8 = false;       // keyed with v8_frame_name()
};

// A JVM frame in the key is the simple class and the method, "ExampleTests.failsAlways": the
// package and the source file add nothing the class does not say, and Surefire's console
// summary ("ExampleTests.failsAlways:60 message") names a frame only that way. A .NET frame is
// keyed the same way: .NET prints " in /path/File.cs:line 12" only where the build's symbols
// are at hand (a Release build or a runner without its .pdb prints the bare frame, and a wrapped
// log line puts the " in" part on the next line), so the file is no part of the frame's name.
std::string_view jvm_frame_name(std::string_view function) {
  const auto method = function.rfind('.');
  if (method == std::string_view::npos || method == 0) return function;
  const auto klass = function.rfind('.', method - 1);
  return klass == std::string_view::npos ? function : function.substr(klass + 1);
}

// "Interop." is .NET's P/Invoke layer inside System.Private.CoreLib ("Interop.Kernel32.SetEvent").
constexpr std::array<std::string_view, 31> k_library_functions = {
    "java.", "javax.", "jdk.", "sun.", "com.sun.", "org.junit.", "junit.", "org.testng.", "org.opentest4j.",
    "org.assertj.", "org.hamcrest.", "org.mockito.", "kotlin.", "kotlinx.", "scala.", "org.gradle.",
    "org.apache.maven.", "worker.org.gradle.", "groovy.", "org.codehaus.groovy.", "System.", "Microsoft.",
    "Xunit.", "NUnit.", "Interop.", "std::", "core::", "alloc::", "__", "testing.", "runtime."};

// "/_/src/xunit." is where xunit's own deterministic builds put their sources (its runner's
// extension classes carry no Xunit namespace: "MessageSinkMessageExtensions.Dispatch").
constexpr std::array<std::string_view, 29> k_library_paths = {
    "site-packages", "dist-packages", "/lib/python", "/lib64/python", "\\Lib\\", "<frozen", "node_modules",
    "node:", "internal/", "/usr/lib/", "/usr/local/lib/", "/lib/x86_64", "/usr/include/", "libc.so",
    "libc++", "libstdc++", "/src/runtime/", "/src/testing/", "/go/pkg/mod/", "/vendor/", "/hostedtoolcache/go/",
    "/usr/local/go/src/", "/rustc/", ".cargo/registry", "/gems/", "/lib/ruby/", "/library/std/", "<anonymous>",
    "/_/src/xunit."};

// .NET's own repositories (dotnet/runtime, aspnetcore, roslyn) test code under System.* and
// Microsoft.* namespaces; their test assemblies and classes end in "Tests" or "Test"
// ("System.Net.Sockets.Tests.X", "Microsoft.AspNetCore.SharedFxTests.M"). Such a frame is the
// project's, not the framework's: without it two different tests failing in one shared helper
// would share a key.
bool dotnet_test_code(std::string_view function) {
  if (!starts_with(function, "System.") && !starts_with(function, "Microsoft.")) return false;
  function = function.substr(0, std::min(function.find('('), function.find('<')));
  const auto method = function.rfind('.');
  if (method == std::string_view::npos) return false;
  std::string_view namespaces = function.substr(0, method);
  while (!namespaces.empty()) {
    const auto dot = namespaces.find('.');
    const auto segment = namespaces.substr(0, dot);
    if (ends_with(segment, "Tests") || ends_with(segment, "Test")) return true;
    if (dot == std::string_view::npos) break;
    namespaces.remove_prefix(dot + 1);
  }
  return false;
}

// Third-party packages the project installed, as opposed to the language's runtime and test
// framework: node_modules, site-packages, gems, Go modules, crates, vendored code. When a failure
// has no frame of the project's own, the innermost of these is the code that failed (an
// `error:0308010C` raised under webpack's createHash and the same error under etag's weakhash are
// two failures); the runtime's frames under it (node:internal/crypto) are the same for both.
constexpr std::array<std::string_view, 7> k_dependency_paths = {
    "node_modules", "site-packages", "dist-packages", "/gems/", "/vendor/", ".cargo/registry", "/go/pkg/mod/"};

bool is_dependency(std::string_view file) {
  for (auto part : k_dependency_paths) {
    if (contains(file, part)) return true;
  }
  return false;
}

bool is_library(std::string_view file, std::string_view function) {
  if (dotnet_test_code(function)) return false;
  for (auto prefix : k_library_functions) {
    if (starts_with(function, prefix)) return true;
  }
  if (starts_with(function, "panic(") || starts_with(function, "created by")) return true;
  for (auto part : k_library_paths) {
    if (contains(file, part)) return true;
  }
  return file == "Native Method" || file == "Unknown Source";
}

// .NET Framework and .NET Core before 2.1 (and Mono) print an async method's frame as the
// compiler's state machine, "Ns.Class.<Method>d__21.MoveNext()" (a generic one
// "<Method>d__0`1"); later runtimes print the method itself, "Ns.Class.Method(args)" (a generic
// one "Method[T](args)"). One async test failing on two runtimes is one frame: "Ns.Class.Method",
// pieced together in `names`.
std::string_view async_method(std::string_view function, std::deque<std::string>& names) {
  constexpr std::string_view k_move_next = ".MoveNext";
  if (ends_with(function, "]")) {  // a generic method's type parameters (JVM names have no '[')
    const auto open = function.rfind('[');
    if (open != std::string_view::npos && open > 0) return function.substr(0, open);
  }
  if (!ends_with(function, k_move_next)) return function;
  const auto machine_and_owner = function.substr(0, function.size() - k_move_next.size());
  const auto dot = machine_and_owner.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return function;
  const auto machine = machine_and_owner.substr(dot + 1);
  const auto close = machine.find(">d__");
  if (machine.size() < 6 || machine[0] != '<' || close == std::string_view::npos || close < 2) return function;
  names.push_back(std::string(machine_and_owner.substr(0, dot + 1)) + std::string(machine.substr(1, close - 1)));
  return names.back();
}

// "pkg.(*T).Method(0xc0, {0x1, 0x2})" -> "pkg.(*T).Method": drops the trailing argument list.
std::string_view drop_arguments(std::string_view call) {
  call = trim(call);
  if (call.empty() || call.back() != ')') return call;
  int depth = 0;
  for (std::size_t i = call.size(); i-- > 0;) {
    if (call[i] == ')') ++depth;
    else if (call[i] == '(' && --depth == 0) return trim(call.substr(0, i));
  }
  return call;
}

// "github.com/org/repo/pkg_test.TestX.func1" -> "pkg_test.TestX.func1".
std::string_view go_function(std::string_view call) { return basename(drop_arguments(call)); }

// Rust "crate::module::func::h0123456789abcdef" -> without the hash.
std::string_view drop_rust_hash(std::string_view symbol) {
  const auto hash = symbol.rfind("::h");
  if (hash != std::string_view::npos && symbol.size() - hash == 19) return symbol.substr(0, hash);
  return symbol;
}

// A V8 frame's "Object.<member>" is an anonymous function called as a method of a module or a
// test's context: V8 prints "Object.<anonymous>", and source-map-support before its fix
// (evanw/node-source-map-support#253, seen in Jest's own snapshots, jestjs/jest#9147) named a frame
// after the identifier the map has at the call site ("Object.toBe", "Object.it.only"), so one
// frame reads several ways across Jest versions. The key keeps "Object" and the file.
std::string_view v8_frame_name(std::string_view function) {
  return starts_with(function, "Object.") ? function.substr(0, 6) : function;
}

// `at ...` frames: JVM, .NET, V8. `t` is the trimmed line after "at ".
bool parse_at_frame(std::string_view t, Frame& frame) {
  if (starts_with(t, "async ")) t.remove_prefix(6);
  // .NET with a file: "Ns.Class.Method(args) in /path/File.cs:line 165"
  if (const auto in = t.find(") in "); in != std::string_view::npos) {
    frame.function = drop_arguments(t.substr(0, in + 1));
    auto path = t.substr(in + 5);
    if (const auto line = path.find(":line"); line != std::string_view::npos) path = path.substr(0, line);
    frame.file = path;
    frame.jvm = true;
    return !frame.function.empty();
  }
  const auto open = t.find('(');
  if (open == std::string_view::npos) {
    // V8 without a function: "at /path/file.js:12:3"
    if (contains(t, ":") && (contains(t, "/") || contains(t, "\\"))) {
      frame.file = strip_line_numbers(t);
      return true;
    }
    return false;
  }
  const auto close = t.rfind(')');
  if (close == std::string_view::npos || close < open) return false;
  auto inside = t.substr(open + 1, close - open - 1);
  auto before = trim(t.substr(0, open));
  const bool v8 = contains(inside, "/") || contains(inside, "\\") || starts_with(inside, "node:") ||
                  inside == "<anonymous>" ||
                  std::count(inside.begin(), inside.end(), ':') >= 2;
  if (v8) {
    // "fn (file:line:col)" or "Object.<anonymous> (file:line:col)"; the function is before " (".
    if (const auto space_paren = t.find(" ("); space_paren != std::string_view::npos && space_paren < close) {
      before = trim(t.substr(0, space_paren));
      inside = t.substr(space_paren + 2, close - space_paren - 2);
    }
    frame.function = before;
    frame.file = strip_line_numbers(inside);
    frame.v8 = true;
    return true;
  }
  // JVM: "pkg.Class.method(File.java:89)", module prefixes "java.base/", "app//".
  if (const auto slash = before.rfind('/'); slash != std::string_view::npos) before = before.substr(slash + 1);
  frame.function = before;
  frame.file = strip_line_numbers(inside);
  frame.jvm = true;
  return !frame.function.empty();
}

// "#3 0x4f5b2e in func /path/file.cc:12:3", "#0  0x00007f in func (args) at file.c:12",
// "#1  func (args) at file:line", "#0 /path/file.php(12): Class->method()".
bool parse_hash_frame(std::string_view t, Frame& frame) {
  std::size_t at = skip_digits(t, 1);
  if (at == 1 || at >= t.size() || !is_blank(t[at])) return false;
  auto rest = trim_left(t.substr(at));
  // PHP: "/path/file.php(12): Class->method()", "/app/vendor/bin/phpunit(12): main()"
  if (!rest.empty() && (rest[0] == '/' || (rest.size() > 2 && rest[1] == ':'))) {
    const auto call = rest.find("): ");
    const auto open = call == std::string_view::npos ? call : rest.rfind('(', call);
    if (open != std::string_view::npos && skip_digits(rest, open + 1) == call) {
      frame.file = rest.substr(0, open);
      frame.function = drop_arguments(rest.substr(call + 3));
      return true;
    }
  }
  if (starts_with(rest, "0x")) {
    std::size_t end = 2;
    while (end < rest.size() && is_hex(rest[end])) ++end;
    rest = trim_left(rest.substr(end));
    if (starts_with(rest, "in ")) rest = rest.substr(3);
  }
  // The function runs to " (" (arguments or a module), " /" or " at " -- whichever comes first.
  std::size_t end = rest.size();
  for (std::string_view stop : {std::string_view(" ("), std::string_view(" /"), std::string_view(" at "),
                                std::string_view(" C:\\")}) {
    end = std::min(end, rest.find(stop));
  }
  frame.function = drop_arguments(rest.substr(0, end));
  std::string_view file;
  if (const auto where = rest.rfind(" at "); where != std::string_view::npos && where >= end) {
    file = rest.substr(where + 4);
  } else if (end < rest.size()) {
    file = trim(rest.substr(end));
    if (starts_with(file, "(")) {
      file = file.substr(1, file.find_first_of("+)") - 1);  // "(/lib/libc.so.6+0x29d90)"
    } else if (const auto module = file.find(" ("); module != std::string_view::npos) {
      file = file.substr(0, module);  // TSan: "/src/x.c:459:18 (binary+0x573170)"
    }
  }
  frame.file = strip_line_numbers(file);
  return !frame.function.empty();
}

// ---------------------------------------------------------------------------------------------
// Headlines: the exception or failure line

struct Headline {
  std::string kind;
  std::string_view message;
  std::string_view message_next;  // appended when the message ends with ':' (testify, xUnit)
  std::size_t line = 0;
  int strength = 0;  // 3: a root cause or a crash, 2: an exception or an assertion, 1: weak
  bool caused_by = false;
  // For the root-cause line a person reads (FailureSignature::root_cause): the text to quote
  // (default: the headline's whole line), the location the runner printed apart from it, and
  // whether the message goes on over the next lines ("Expected: 4" / "Received: 3").
  std::string_view quote = {};
  std::string_view where = {};
  bool continued = false;
};

constexpr std::array<std::string_view, 10> k_exception_suffixes = {
    "Error", "Exception", "Failure", "Fault", "Exit", "Interrupt", "Throwable", "Panic", "Timeout", "Violation"};

// "pkg.sub.NameError" -> is an exception name? Returns its simple name or empty.
std::string_view exception_simple_name(std::string_view name) {
  if (name.empty() || name.size() > 160) return {};
  auto simple = name;
  if (const auto dot = simple.find_last_of(".:"); dot != std::string_view::npos) simple = simple.substr(dot + 1);
  if (simple.empty() || !is_upper(simple[0])) return {};
  for (auto suffix : k_exception_suffixes) {
    if (ends_with(simple, suffix)) return simple;
  }
  return {};
}

// Parses "Name: message", "Name [CODE]: message", "Name" at the start of `t`.
bool parse_exception_line(std::string_view t, std::string_view& name, std::string_view& message) {
  std::size_t end = 0;
  while (end < t.size() && (is_word(t[end]) || t[end] == '.' || t[end] == '$' || t[end] == '+' ||
                            (t[end] == ':' && end + 1 < t.size() && t[end + 1] == ':' && ++end))) {
    ++end;
  }
  if (end == 0) return false;
  name = t.substr(0, end);
  auto rest = t.substr(end);
  if (starts_with(rest, " [")) {  // Node: "AssertionError [ERR_ASSERTION]: ..."
    const auto close = rest.find("]");
    if (close == std::string_view::npos) return false;
    rest = rest.substr(close + 1);
  }
  if (rest.empty()) {
    message = {};
    return true;
  }
  if (starts_with(rest, " : ")) rest.remove_prefix(1);  // .NET test runners: "Name : message"
  if (rest[0] != ':') return false;
  message = trim(rest.substr(1));
  // Minitest's "Failure: [test/helpers/integration.rb:521]:" heads a failure with its location;
  // it names no exception (the assertion's message follows on the next line).
  if (name == "Failure" && starts_with(message, "[") && ends_with(message, "]:")) return false;
  return true;
}

std::string simple_kind(std::string_view name) {
  auto simple = name;
  if (const auto dot = simple.find_last_of(".:"); dot != std::string_view::npos) simple = simple.substr(dot + 1);
  return std::string(simple);
}

// ---------------------------------------------------------------------------------------------
// Test ids

// Returns a test id printed on this line, or empty. An id pieced together from two parts of the
// line is kept in `names` (a deque: views into it stay valid).
std::string_view test_id_on(std::string_view t, std::deque<std::string>& names) {
  if (starts_with(t, "--- FAIL: ") || starts_with(t, "=== FAIL: ")) {
    auto rest = t.substr(10);
    const auto paren = rest.find(" (");
    rest = trim(rest.substr(0, paren));
    if (const auto space = rest.rfind(' '); space != std::string_view::npos) rest = rest.substr(space + 1);
    return rest;
  }
  if (starts_with(t, "\xe2\x97\x8f ")) return trim(t.substr(4));  // Jest "● A › b"
  if (starts_with(t, "not ok ")) {  // TAP: "not ok 37 parallel/test-x", "not ok 2 - adds # TODO"
    auto rest = t.substr(skip_digits(t, 7));
    if (rest.size() == t.size() - 7) return {};  // no test number
    rest = trim(rest);
    if (starts_with(rest, "- ")) rest = rest.substr(2);
    return trim(rest.substr(0, rest.find(" # ")));
  }
  if (starts_with(t, "[  FAILED  ] ")) {
    auto rest = t.substr(13);
    // The closing list's header, "[  FAILED  ] 2 tests, listed below:", names no test.
    if (!rest.empty() && is_digit(rest[0]) && ends_with(rest, "listed below:")) return {};
    return trim(rest.substr(0, rest.find(" (")));
  }
  if (starts_with(t, "FAIL: ") || starts_with(t, "ERROR: ")) {  // unittest
    const auto open = t.find(" (");
    const auto close = t.rfind(')');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
      // Python 3.11+ prints "test_x (module.Class.test_x)", older ones "test_x (module.Class)":
      // the same test is keyed "module.Class.test_x" under either, and two tests of one class
      // failing in a shared setUp keep their own ids.
      const auto name = trim(t.substr(t.find(' ') + 1, open - t.find(' ') - 1));
      const auto inside = t.substr(open + 2, close - open - 2);
      const bool qualified = inside == name || (ends_with(inside, name) && inside.size() > name.size() &&
                                                inside[inside.size() - name.size() - 1] == '.');
      if (qualified || name.empty() || contains(name, " ") || contains(inside, ")") || contains(inside, " ")) {
        return inside;
      }
      names.push_back(std::string(inside) + "." + std::string(name));
      return names.back();
    }
    return {};
  }
  if (starts_with(t, "FAILED ")) {  // pytest summary "FAILED path::test - msg"
    auto rest = t.substr(7);
    if (!contains(rest.substr(0, rest.find(' ')), "::")) return {};
    return rest.substr(0, rest.find(" - "));
  }
  if (starts_with(t, "Test Case '-[")) {  // XCTest
    const auto close = t.find("]'");
    if (close != std::string_view::npos && contains(t, "failed")) return t.substr(13, close - 13);
    return {};
  }
  if (t.size() > 12 && t[0] == '_' && t[1] == '_' && t.back() == '_') {  // pytest "____ test_x ____"
    const auto first = t.find_first_not_of('_');
    if (first == std::string_view::npos) return {};
    auto rest = trim(t.substr(first));
    rest = rest.substr(0, rest.find(" _"));
    if (!rest.empty() && !contains(rest, " ")) return rest;
    return {};
  }
  if (ends_with(t, " FAILED")) {  // Gradle "Class > method() FAILED"
    if (contains(t, " > ")) return t.substr(0, t.size() - 7);
    return {};
  }
  if (ends_with(t, " [FAIL]")) return trim(t.substr(0, t.size() - 7));  // xUnit
  if (const auto elapsed = t.find("Time elapsed:"); elapsed != std::string_view::npos && contains(t, "<<< FAIL")) {
    auto rest = t.substr(0, elapsed);
    if (starts_with(rest, "Error:")) rest = trim(rest.substr(6));
    rest = trim(rest);
    if (ends_with(rest, "--")) rest = trim(rest.substr(0, rest.size() - 2));
    if (!starts_with(rest, "Tests run:")) return rest;
    return {};
  }
  if (t.size() > 3 && is_digit(t[0])) {  // PHPUnit "1) Class::testMethod"
    const auto end = skip_digits(t, 0);
    if (end + 2 < t.size() && t[end] == ')' && t[end + 1] == ' ' && contains(t, "::")) return t.substr(end + 2);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// The extractor's scratch space, kept per thread so a request allocates only its results.

struct Scratch {
  std::string cleaned;
  std::vector<std::string_view> lines;
  std::vector<Frame> frames;
  std::vector<char> frame_lines;  // per line: read as a stack frame (kept out of the fallback)
  std::deque<std::string> names;  // frame names pieced together (a deque: views into it stay valid)
};

Scratch& scratch() {
  thread_local Scratch kept;
  return kept;
}

bool failure_like(std::string_view line) {
  static constexpr std::array<std::string_view, 14> k_words = {
      "error", "fail", "exception", "panic", "assert", "fatal", "timed out", "timeout", "killed",
      "abort", "segmentation", "refused", "denied", "not found"};
  std::array<char, 256> lower{};
  const std::size_t size = std::min(line.size(), lower.size());
  for (std::size_t i = 0; i < size; ++i) {
    const char c = line[i];
    lower[i] = is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view text(lower.data(), size);
  for (auto word : k_words) {
    if (contains(text, word)) return true;
  }
  return false;
}

// "rpc_sender.go:123: failed to send" -> "failed to send": a logger's source location in front
// of a message moves with every edit of that file and says nothing about the failure.
std::string_view without_location(std::string_view message) {
  const auto colon = message.find(':');
  if (colon == std::string_view::npos || colon == 0) return message;
  const auto name = message.substr(0, colon);
  if (name.find('.') == std::string_view::npos || name.find(' ') != std::string_view::npos) return message;
  std::size_t at = colon + 1;
  const std::size_t digits_from = at;
  while (at < message.size() && message[at] >= '0' && message[at] <= '9') ++at;
  if (at == digits_from || at + 1 >= message.size() || message[at] != ':' || message[at + 1] != ' ') return message;
  return message.substr(at + 2);
}

// "... ensure it resolves. (/ci/work/test/window.test.js)" -> "... ensure it resolves.": Mocha 9
// and later end a timeout's message with the test file's path, which older Mocha left out; the
// file is the test's, and where the checkout lives says nothing about the failure. Only a path
// in parentheses after a finished sentence: "Cannot find module (/app/x.js)" keeps its path.
std::string_view without_file_suffix(std::string_view message) {
  message = trim(message);
  if (!ends_with(message, ")")) return message;
  // Karma prints Firefox's errors with their source, "<message> in <path> (line N)", and
  // Chrome's without it.
  if (const auto line = message.rfind(" (line "); line != std::string_view::npos &&
                                                  skip_digits(message, line + 7) == message.size() - 1) {
    const auto in = message.rfind(" in ", line);
    const auto path = in == std::string_view::npos ? std::string_view{} : message.substr(in + 4, line - in - 4);
    if (!path.empty() && path.find(' ') == std::string_view::npos && path.find_first_of("/.") != std::string_view::npos) {
      return trim(message.substr(0, in));
    }
  }
  const auto open = message.rfind(" (");
  if (open == std::string_view::npos || open == 0 || message[open - 1] != '.') return message;
  const auto inside = message.substr(open + 2, message.size() - open - 3);
  if (inside.find_first_of("/\\") == std::string_view::npos || inside.find(' ') != std::string_view::npos) {
    return message;
  }
  return message.substr(0, open);
}

// Jest's and Vitest's equality matchers append their comparison's name to the matcher line
// ("expected '#89b4fa' to be '#ff8800' // Object.is equality"), which a reporter's copy of the
// same failure may leave off: the comparison is the matcher's, not the failure's.
std::string_view without_equality_hint(std::string_view message) {
  for (const std::string_view hint : {" // Object.is equality", " // deep equality"}) {
    if (ends_with(message, hint)) return message.substr(0, message.size() - hint.size());
  }
  return message;
}

// The part of a message that names the failure: no logger location before it, no file path or
// matcher's comparison after it.
// Gradle's and JUnit's reports print "(No message provided)" for an exception without one, and
// Jenkins' test report and Surefire's summary the Java string "null": the same as none, which
// another copy of the failure shows ("java.lang.AssertionError" with nothing after it).
// xUnit 2.5 and later add a summary to an assertion's headline ("Assert.Equal() Failure: Values
// differ") that earlier versions print as "Assert.Equal() Failure" alone, the details on the lines
// after it either way: the headline without it is the same failure under either version.
std::string_view message_core(std::string_view message) {
  auto core = without_equality_hint(without_file_suffix(without_location(message)));
  if (starts_with(core, "Assert.")) {
    constexpr std::string_view failure = "() Failure: ";
    if (const auto at = core.find(failure); at != std::string_view::npos) core = core.substr(0, at + failure.size() - 2);
  }
  return core == "(No message provided)" || core == "null" ? std::string_view{} : core;
}

// Appends the masked core of `message`. Awaitility names a condition's lambda when the JDK lets it
// ("Assertion condition defined as a org.x.CompactionTest expected [568] but found [-1] within 10
// seconds."), and another run of the same test prints the sentence without it: the name is the
// test's class, which the test id already keys, so it is left out.
void append_message(std::string_view message, std::string& out) {
  const auto core = message_core(message);
  constexpr std::string_view named = " defined as a ";
  const auto at = core.find(named);
  if (at != std::string_view::npos && ends_with(core.substr(0, at), "condition")) {
    const auto rest = core.substr(at + named.size());
    if (const auto space = rest.find(' '); space != std::string_view::npos) {
      append_masked(core.substr(0, at), out);
      out.push_back(' ');
      append_masked(rest.substr(space + 1), out);
      return;
    }
  }
  append_masked(core, out);
}

// A stack frame line of the shapes the extractor reads: "at ...(...)", Python's "File \"...\"",
// "#3 0x... in f".
bool is_frame_line(std::string_view t) {
  return (starts_with(t, "at ") && (contains(t, "(") || contains(t, ":"))) || starts_with(t, "File \"") ||
         (t.size() > 2 && t[0] == '#' && is_digit(t[1]) && is_blank(t[skip_digits(t, 1)]));
}

// A line that ends a message rather than continuing it: a frame, a code frame ("> 11 |  x"),
// a log's next record.
bool ends_message(std::string_view t) {
  if (t.empty()) return true;
  for (std::string_view lead : {"at ", "#", "File \"", "--- ", "Stack", "from ", "[", "==", "Error Trace:", "note:",
                                "package:", "stacktrace:", "\xe2\x9d\xaf "}) {
    if (starts_with(t, lead)) return true;
  }
  std::size_t at = t[0] == '>' ? skip_blanks(t, 1) : 0;
  const auto digits = skip_digits(t, at);
  // Mocha's diff legend, a runner's closing tally ("1 runs, 1 assertions, 1 failures"), a rule
  // of dashes (nose's "----- >> begin captured logging << -----" under an empty message).
  if (starts_with(t, "+ expected") || contains(t, " runs, ") || starts_with(t, "Finished in") || starts_with(t, "-----")) {
    return true;
  }
  return ends_with(t, ": Failure") ||
         (digits > at && skip_blanks(t, digits) < t.size() && t[skip_blanks(t, digits)] == '|');
}

// Where GoogleTest's ": Failure" header starts in `h` ("file.cc:12: Failure", alone or followed
// by the message on the same line), or npos.
std::size_t gtest_failure_at(std::string_view h) {
  if (ends_with(h, ": Failure")) return h.size() - 9;  // also "unknown file: Failure"
  const auto failure = h.find(": Failure ");
  if (failure == std::string_view::npos || failure == 0 || !is_digit(h[failure - 1])) return std::string_view::npos;
  const auto colon = h.rfind(':', failure - 1);
  if (colon == std::string_view::npos || skip_digits(h, colon + 1) != failure) return std::string_view::npos;
  return failure;
}

// GoogleTest's XML report writes a failure as "file.cc:12" alone on a line and the message under
// it, without the console's ": Failure"; the tools that print the report (colcon test-result,
// CTest's and Jenkins' JUnit readers) show it so. Where the location ends in `h`: a C or
// C++ source's path and line number alone, or npos (the caller checks the line under it).
std::size_t source_location_at(std::string_view h) {
  const auto colon = h.rfind(':');
  if (colon == std::string_view::npos || colon + 1 >= h.size() || skip_digits(h, colon + 1) != h.size()) {
    return std::string_view::npos;
  }
  constexpr std::array<std::string_view, 5> k_sources = {".cc", ".cpp", ".cxx", ".c", ".h"};
  const auto path = h.substr(0, colon);
  const bool source = std::any_of(k_sources.begin(), k_sources.end(), [&](std::string_view ext) { return ends_with(path, ext); });
  return source ? colon : std::string_view::npos;
}

// ... and whether the line under such a location opens with one of GoogleTest's own messages.
bool opens_gtest_message(std::string_view next) {
  constexpr std::array<std::string_view, 5> k_openers = {"Value of: ", "Expected equality of these values:",
                                                         "Expected: (", "Death test: ", "Actual function call count"};
  return std::any_of(k_openers.begin(), k_openers.end(), [&](std::string_view opener) { return starts_with(next, opener); });
}

// NUnit's assertion message: "Expected: X" on this line (after a runner's words, "Test(s)
// failed.   Expected: null"), "But was: Y" on the next.
bool nunit_expected(std::string_view h, std::string_view next) {
  return starts_with(next, "But was:") && contains(h, "Expected: ");
}

// pre-commit's "- hook id: NAME" line (also where a JUnit report's "<![CDATA[" leaked before it):
// the hook's name, else empty.
std::string_view pre_commit_hook(std::string_view h) {
  constexpr std::string_view lead = "- hook id: ";
  const auto at = h.find(lead);
  if (at == std::string_view::npos || (at != 0 && !ends_with(h.substr(0, at), "CDATA["))) return {};
  return trim(h.substr(at + lead.size()));
}

// The first line of a failed pre-commit hook's own output: past its "- exit code: 1", "- files were
// modified by this hook", "- duration: 0.1s" lines and blank lines, within a few lines.
std::string_view hook_output(std::span<const std::string_view> lines, std::size_t index) {
  for (std::size_t j = index + 1; j < lines.size() && j <= index + 6; ++j) {
    const auto t = trim(lines[j]);
    if (!t.empty() && !starts_with(t, "- ")) return t;
  }
  return {};
}

// A message block for people on line `index` (see `reading` in extract()); strength 0 if none.
Headline reading_on(std::string_view t, std::span<const std::string_view> lines, std::size_t index) {
  Headline found;
  found.line = index;
  found.strength = 1;
  if (starts_with(t, "E ") && !trim(t.substr(1)).empty()) {  // pytest's explanation column
    found.quote = trim(t.substr(1));
    return found;
  }
  const auto next = index + 1 < lines.size() ? trim(lines[index + 1]) : std::string_view{};
  if (t == "Error Message:" && !next.empty()) {  // vstest (dotnet test): xUnit, NUnit, MSTest
    found.quote = next;
    found.continued = true;
    return found;
  }
  if (ends_with(t, "]:") && contains(t, "#test") && contains(t, " [")) {  // Minitest "C#test_x [f.rb:7]:"
    const auto open = t.rfind(" [");
    found.quote = next;
    found.where = basename(t.substr(open + 2, t.size() - open - 4));
    found.continued = true;
    return found;
  }
  if (ends_with(t, ": FAILED:") && contains(t, ":")) {  // Catch2 "/src/x.cpp:12: FAILED:"
    found.quote = next;
    found.where = basename(t.substr(0, t.size() - 9));
    found.continued = true;
    return found;
  }
  if (ends_with(t, " [E]") && !next.empty()) {  // Dart "00:01 +0 -1: name [E]"
    found.quote = next;
    found.continued = true;
    return found;
  }
  if (const auto at = t.find(" at "); at != std::string_view::npos && at > 0 && !contains(t.substr(0, at), " ") &&
                                      (contains(t, ".java:") || contains(t, ".kt:"))) {
    std::string_view name, message;
    if (parse_exception_line(t.substr(0, at), name, message) && !exception_simple_name(name).empty()) {
      found.quote = t;  // Gradle "org.opentest4j.AssertionFailedError at CartTest.java:14"
      return found;
    }
  }
  found.strength = 0;
  return found;
}

void append_printable(std::string_view text, std::string& out) {
  for (char c : text) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c);
}

// The root-cause line in the runner's own words, for a reason a person reads: the headline's
// text (values kept: the trace is already redacted), the lines that continue its message, and
// the location the runner printed apart from it: "got 3, want 4 (parse_test.go:42)".
std::string root_cause_line(const Headline& best, std::span<const std::string_view> lines) {
  std::string out;
  auto quote = trim(best.quote);
  if (starts_with(quote, "E ")) quote = trim(quote.substr(1));
  if (starts_with(quote, "==")) {  // a sanitizer's "==1234==ERROR: ..." pid column
    const auto close = quote.find("==", 2);
    if (close != std::string_view::npos) quote = trim(quote.substr(close + 2));
  }
  append_printable(quote, out);
  const bool continued = best.continued || quote.empty() || ends_with(quote, ":");
  std::size_t skipped = 0;  // the headline's own line (its message may sit there or below)
  for (std::size_t j = best.line + 1; continued && j < lines.size() && j <= best.line + 4; ++j) {
    auto t = trim(lines[j]);
    if (starts_with(t, "E ")) t = trim(t.substr(1));
    if (t == quote && skipped++ == 0) continue;
    if (ends_message(t) || out.size() >= k_root_cause_bytes) break;
    if (!out.empty()) out.push_back(' ');
    append_printable(t, out);
  }
  if (!best.where.empty()) {
    out += " (";
    append_printable(best.where, out);
    out += ")";
  }
  if (out.size() > k_root_cause_bytes) {
    std::size_t cut = k_root_cause_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += "...";
  }
  return out;
}

// Maven's log-level column, "[ERROR] ", "[WARNING] ", "[INFO] ": stripped where Surefire's summary is
// read (elsewhere the level is part of the line's text).
std::string_view without_maven_level(std::string_view t) {
  // GitHub's Maven problem matcher prints the level as "Error:" / "Warning:".
  for (std::string_view level : {std::string_view("[ERROR]"), std::string_view("[WARNING]"), std::string_view("[INFO]"),
                                 std::string_view("Error: "), std::string_view("Warning: ")}) {
    if (starts_with(t, level)) return trim(t.substr(level.size()));
  }
  return t;
}

// Surefire's console summary of one failure (maven-surefire's SmartStackTraceParser), after the
// level column and a rerun's "Run 2: ":
//   "ExampleTests.failsAlways:60 expected: <1> but was: <2>"       an assertion: its message
//   "ExampleTests.throwsAlways:37 » Runtime boom" (or no "»" when   an error: the exception's
//    the exception was thrown in the test class itself)             simple name less
//                                                                   "Exception"/"Error", then
//                                                                   its message (cut to fit)
//   "ExampleTests.failsAlways:60->helper:12 ..."                    the test class's frames,
//   "ExampleTests>Base.run:9->failsAlways:60 ..."                   from the outermost (the
//                                                                   stack reversed)
// Returns the frame list ("" when the line is not such an entry) and sets `rest` to the text after it.
std::string_view surefire_entry(std::string_view t, std::string_view& rest) {
  if (starts_with(t, "Run ")) {
    const auto colon = t.find(": ");
    if (colon == std::string_view::npos || skip_digits(t, 4) != colon) return {};
    t = t.substr(colon + 2);
  }
  if (t.empty() || !is_upper(t[0])) return {};
  const auto space = t.find(' ');
  const auto token = t.substr(0, space);
  if (token.size() < 5 || !is_digit(token.back()) || token.find(':') == std::string_view::npos ||
      token.find('.') == std::string_view::npos || token.find('.') > token.find(':')) {
    return {};
  }
  for (char c : token) {
    if (!is_word(c) && c != '.' && c != ':' && c != '$' && c != '>' && c != '-') return {};
  }
  rest = space == std::string_view::npos ? std::string_view{} : trim(t.substr(space + 1));
  return token;
}

// "DefaultFailureHandler$AssertionFailedWithCauseError" -> "AssertionFailedWithCauseError": a JVM
// exception nested in a class is named by its own name. Espresso moved that error from one
// handler class to another between releases; the failure it reports did not change.
std::string_view nested_class_name(std::string_view name) {
  const auto dollar = name.rfind('$');
  if (dollar == std::string_view::npos || dollar + 1 >= name.size() || !is_upper(name[dollar + 1])) return name;
  return name.substr(dollar + 1);
}

// The kind as the key sees it: Surefire's summary names an error by its simple name less
// "Exception" or "Error", and an assertion not at all, so the key does the same to every kind:
// JUnit's assertion types (AssertionError and its subclasses AssertionFailedError,
// ComparisonFailure) are one family.
std::string_view kind_family(std::string_view kind) {
  kind = nested_class_name(kind);
  for (std::string_view assertion : {std::string_view("AssertionError"), std::string_view("AssertionFailedError"),
                                     std::string_view("ComparisonFailure")}) {
    if (kind == assertion) return "Assertion";
  }
  for (std::string_view suffix : {std::string_view("Exception"), std::string_view("Error")}) {
    if (kind.size() > suffix.size() && ends_with(kind, suffix)) return kind.substr(0, kind.size() - suffix.size());
  }
  return kind;
}

// The exception type as the key sees it beside the kind: nothing when it names the kind the
// trace shows (a runner's report gives "AssertionError" as the type, another copy of the same
// failure gives none), else its own class name.
std::string_view type_beyond_kind(std::string_view type, std::string_view kind) {
  const auto own = nested_class_name(type);
  const auto qualifier_end = own.find_last_of(".:");  // "java.lang.", "Foo::"
  const auto simple = qualifier_end == std::string_view::npos ? own : own.substr(qualifier_end + 1);
  return !kind.empty() && kind_family(simple) == kind_family(kind) ? std::string_view{} : own;
}

// A JVM exception made from its cause ("new RuntimeException(cause)"; Spark's "Job aborted due to
// stage failure: ... (TID 12) (host executor driver): org.x.FetchFailedException: msg") carries the
// cause's toString(), "pkg.Name: message", in its own message. Where the "Caused by:" lines are cut
// off (a bot's excerpt, a pasted head of a log) that is the root cause, read as the "Caused by:"
// line it stands for: the wrapper's own words around it (task and stage numbers, host names, the
// wording of another version of the wrapper) are not the failure. A cause is a qualified
// exception name at the start of the text or after ": ", then ": " or the end; the innermost (the
// last) is returned with its message, else an empty name. Only the message's first
// k_cause_scan_bytes are read: each candidate may look ahead to its end (a "Name [CODE]" looks for
// its ']'), and a hostile megabyte line of candidates would cost their product.
constexpr std::size_t k_cause_scan_bytes = 4096;

std::string_view embedded_cause(std::string_view text, std::string_view& message) {
  text = text.substr(0, std::min(text.size(), k_cause_scan_bytes));
  std::string_view found;
  for (std::size_t at = 0; at < text.size();) {
    std::string_view name, rest;
    if (is_alpha(text[at]) && parse_exception_line(text.substr(at), name, rest) &&
        name.find('.') != std::string_view::npos && !exception_simple_name(name).empty()) {
      found = name;
      message = rest;
    }
    const auto next = text.find(": ", at);
    if (next == std::string_view::npos) break;
    at = next + 2;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Runner tallies: what a runner prints about the run -- its counts, a class's or a package's
// result -- rather than about one failure. One copy of a log has them and another not (a bot
// quotes the failure alone, a person pastes the class summary above it) and their numbers change
// with every run, so they are neither a headline nor a fallback line. (A test's own header, which
// names the test, stays a fallback line; it is only never a headline.)

// What a count counts: "3 failed", "1 runs", "0 filtered out", "52 tests completed".
constexpr std::array<std::string_view, 32> k_tally_nouns = {
    "test",    "tests",    "tests completed", "failed",       "failing",
    "failure", "failures", "passed",          "passing",      "error",
    "errors",  "errored",  "skipped",         "skip",         "skips",
    "pending", "ignored",  "measured",        "filtered out", "total",
    "todo",    "examples", "example",         "runs",         "assertions",
    "warning", "warnings", "xfailed",         "xpassed",      "deselected",
    "rerun",   "flaky"};
// What a labelled count follows: Surefire's "Failures: 10", PHPUnit's "Assertions: 8", dotnet's
// "Total: 11", "Time elapsed: 3.2 s".
constexpr std::array<std::string_view, 15> k_tally_labels = {
    "Tests run", "Tests",        "Failures",   "Errors", "Skipped",
    "Flakes",    "Time elapsed", "Assertions", "Passed", "Failed",
    "Total",     "Duration",     "Warnings",   "Risky",  "Incomplete"};

template <std::size_t N>
bool one_of(std::string_view text, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), text) != words.end();
}

// "1.234s", "32.549 s", "3ms", "0:00:01": a number with at most a unit after it.
bool number_with_unit(std::string_view text) {
  if (text.empty() || !is_digit(text[0])) return false;
  std::size_t at = 0;
  while (at < text.size() && (is_digit(text[at]) || text[at] == '.' || text[at] == ':')) ++at;
  at = skip_blanks(text, at);
  while (at < text.size() && is_alpha(text[at])) ++at;
  return at == text.size();
}

// One item of a count list: "3 failed", "Failures: 10", "finished in 0.00s".
bool tally_item(std::string_view item) {
  item = trim(item);
  if (ends_with(item, ".")) item.remove_suffix(1);  // PHPUnit closes its list with a full stop
  if (item.empty()) return false;
  if (is_digit(item[0])) {
    const auto end = skip_digits(item, 0);
    return end < item.size() && is_blank(item[end]) &&
           one_of(trim(item.substr(end)), k_tally_nouns);
  }
  if (starts_with(item, "finished in ")) return number_with_unit(item.substr(12));  // libtest
  const auto colon = item.find(':');
  return colon != std::string_view::npos && one_of(item.substr(0, colon), k_tally_labels) &&
         number_with_unit(trim(item.substr(colon + 1)));
}

// A whole count list, items apart by ',', ';' or '|' (Vitest), with a closing duration or total
// dropped: " in 1.23s" (pytest), " (3ms)" (Mocha), " (6)" (Vitest).
bool tally_list(std::string_view text) {
  text = trim(text);
  // Most lines are turned away here, at their start: a list opens with a count ("3 failed") or a
  // label ("Failures: 10", at most 12 bytes before its colon).
  if (text.empty()) return false;
  if (is_digit(text[0])) {
    const auto end = skip_digits(text, 0);
    if (end + 1 >= text.size() || !is_blank(text[end]) || !is_lower(text[end + 1])) return false;
  } else {
    const auto colon = text.substr(0, 13).find(':');
    if (colon == std::string_view::npos || !one_of(text.substr(0, colon), k_tally_labels)) return false;
  }
  if (ends_with(text, ")")) {
    const auto open = text.rfind(" (");
    if (open != std::string_view::npos &&
        number_with_unit(text.substr(open + 2, text.size() - open - 3))) {
      text = trim(text.substr(0, open));
    }
  }
  // (libtest's own closing item, "finished in 0.00s", is an item of the list.)
  const auto in = text.rfind(" in ");
  if (in != std::string_view::npos && number_with_unit(text.substr(in + 4)) &&
      !ends_with(text.substr(0, in), "finished")) {
    text = text.substr(0, in);
  }
  while (!text.empty()) {
    const auto cut = text.find_first_of(",;|");
    if (!tally_item(text.substr(0, cut))) return false;
    text = cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 1);
  }
  return true;
}

// Go's package result: "FAIL<TAB>example.com/pkg<TAB>1.234s", "ok  pkg  (cached)", a bare "FAIL".
bool go_package_result(std::string_view t) {
  if (t == "FAIL") return true;
  if (!starts_with(t, "FAIL") && !starts_with(t, "ok")) return false;
  std::array<std::string_view, 4> fields{};
  std::size_t count = 0;
  for (std::size_t at = skip_blanks(t, 0); at < t.size() && count < fields.size();
       at = skip_blanks(t, at)) {
    std::size_t end = at;
    while (end < t.size() && !is_blank(t[end])) ++end;
    fields[count++] = t.substr(at, end - at);
    at = end;
  }
  return count == 3 && (fields[0] == "FAIL" || fields[0] == "ok") &&
         (number_with_unit(fields[2]) || fields[2] == "(cached)");
}

// Surefire's header of one test's failure, "m(pkg.C)  Time elapsed: 32.5 s  <<< FAILURE!" (or
// "<<< ERROR!"): the test id is read from it, its elapsed time changes with every run, and after
// GitHub's "Error:" level column it would read as an exception named Error.
bool surefire_test_header(std::string_view t) {
  if (!ends_with(t, "!")) return false;
  const auto marker = t.find(" <<< ");
  return marker != std::string_view::npos && contains(t.substr(0, marker), "Time elapsed:");
}

// xunit heads a fatal error with its type alone ("[FATAL ERROR] System.ObjectDisposedException")
// and prints "Type : message" under it; a copy cut below the header, or another runner's report
// of the same crash, has no such line. The kind already says it.
bool names_the_kind_alone(std::string_view line, std::string_view kind) {
  constexpr std::string_view k_fatal_header = "[FATAL ERROR]";
  auto t = trim(line);
  if (starts_with(t, k_fatal_header)) t = trim(t.substr(k_fatal_header.size()));
  if (kind.empty() || t.find(' ') != std::string_view::npos || !ends_with(t, kind)) return false;
  return t.size() == kind.size() || t[t.size() - kind.size() - 1] == '.';
}

}  // namespace

bool SignatureExtractor::runner_tally(std::string_view line) {
  auto t = trim(line);
  // Every tally below opens with a digit, an upper-case word, '=', '[', "ok" or "test result".
  if (t.empty() || !(is_digit(t[0]) || is_upper(t[0]) || t[0] == '=' || t[0] == '[' || t[0] == 'o' || t[0] == 't')) {
    return false;
  }
  // Surefire's totals and class summary, under Maven's level column or GitHub's rendering of it:
  // "Error:  Tests run: 52, Failures: 10, ..., Time elapsed: 375.6 s <<< FAILURE! - in pkg.C".
  if (const auto unlevelled = without_maven_level(t); starts_with(unlevelled, "Tests run:")) {
    return tally_list(unlevelled.substr(0, unlevelled.find(" <<< ")));
  }
  // Maven's other counts follow its bracketed level ("[INFO] 1 error" under javac's list);
  // "Error: " is also how a JavaScript Error begins, so what follows it is read as it stands.
  if (t.front() == '[') t = without_maven_level(t);
  if (t.empty()) return false;
  if (go_package_result(t)) return true;
  // GitHub Actions closes a failed step with "Error: Process completed with exit code 1." (after
  // its "##[error]" marker is stripped): the runner's line, printed under any failure, and one
  // copy of a log has it where another was cut before it.
  if (starts_with(t, "Error: Process completed with exit code ") || starts_with(t, "Process completed with exit code ")) {
    return true;
  }
  // TeamCity notes in the build log that a step reported an error ("Error message is logged"),
  // wherever its stdout put the error's lines: the server's line, not the failure's.
  if (t == "Error message is logged") return true;
  // dotnet test: "Failed!  - Failed:     1, Passed:    10, ..., Duration: 2 s - X.dll (net6.0)".
  for (std::string_view verdict : {std::string_view("Failed!"), std::string_view("Passed!")}) {
    if (starts_with(t, verdict)) {
      const auto rest = trim(t.substr(verdict.size()));
      return starts_with(rest, "- ") && starts_with(trim(rest.substr(2)), "Failed:");
    }
  }
  // CTest: "50% tests passed, 1 tests failed out of 2".
  const auto percent = skip_digits(t, 0);
  if (percent > 0 && starts_with(t.substr(percent), "% tests passed")) return true;
  // pytest frames its tally in '=': "===== 2 failed, 3 passed in 1.23s =====".
  if (t.front() == '=') {
    const auto first = t.find_first_not_of('=');
    const auto last = t.find_last_not_of('=');
    return first != std::string_view::npos && tally_list(t.substr(first, last + 1 - first));
  }
  // A label in front of the list: Jest's "Tests:       1 failed, 2 passed, 3 total" and "Test
  // Suites:", Vitest's "Tests  1 failed | 5 passed (6)" and "Test Files", libtest's "test
  // result: FAILED. 1 passed; 1 failed; ...; finished in 0.00s".
  for (std::string_view label :
       {std::string_view("Test Suites:"), std::string_view("Tests:"),
        std::string_view("Snapshots:"), std::string_view("Test Files "), std::string_view("Tests "),
        std::string_view("test result: ok."), std::string_view("test result: FAILED.")}) {
    if (starts_with(t, label) && tally_list(t.substr(label.size()))) return true;
  }
  // Gradle's "52 tests completed, 10 failed, 21 skipped", Minitest's "1 runs, 1 assertions, 1
  // failures, 0 errors, 0 skips", RSpec's "3 examples, 1 failure", ExUnit's "5 tests, 1 failure",
  // Mocha's "1 failing", PHPUnit's "Tests: 5, Assertions: 8, Failures: 1.", javac's "1 error".
  return tally_list(t);
}

std::string_view SignatureExtractor::strip_prefixes(std::string_view line) {
  for (int round = 0; round < 4; ++round) {
    const auto length = prefix_length(line);
    if (length == 0) break;
    line.remove_prefix(length);
  }
  return line;
}

std::string SignatureExtractor::mask(std::string_view text) {
  std::string out;
  append_masked(text, out);
  return out;
}

FailureSignature SignatureExtractor::extract(std::string_view trace, std::string_view exception_type,
                                             std::string_view message, std::string_view test_id) const {
  Scratch& work = scratch();
  std::string_view text = trace;
  if (needs_cleaning(trace)) {
    clean_into(trace, work.cleaned);
    text = work.cleaned;
  }
  auto& lines = work.lines;
  lines.clear();
  for (std::size_t at = 0; at <= text.size();) {
    auto newline = text.find('\n', at);
    if (newline == std::string_view::npos) newline = text.size();
    auto line = strip_prefixes(text.substr(at, newline - at));
    while (!line.empty() && (line.back() == '\r' || is_blank(line.back()))) line.remove_suffix(1);
    if (!trim(line).empty()) lines.push_back(line);
    at = newline + 1;
  }

  FailureSignature signature;
  std::string_view found_test;
  std::string_view listed_test;  // pytest's long listing: "def test_x(...):", when nothing else names the test
  bool in_running_tests = false;
  Headline best;
  auto& frames = work.frames;
  frames.clear();
  auto& frame_lines = work.frame_lines;
  frame_lines.assign(lines.size(), 0);
  std::string_view rust_symbol;
  bool go_timeout = false;
  std::string_view surefire_section;  // "Failures:", "Errors:", "Flakes:" of Surefire's summary
                                      // (2.x: "Failed tests:", "Tests in error:")
  work.names.clear();

  std::string_view current_line;  // the line being read, the default quote of its headline
  // The first message block a runner prints for people where no headline names the failure
  // (pytest's "E " lines, vstest's "Error Message:", Minitest's and Catch2's location lines, a
  // Dart "[E]" line, Gradle's "Type at File.java:12"): quoted in root_cause, never in the key.
  Headline reading;
  auto offer = [&best, &current_line](Headline candidate) {
    if (candidate.quote.empty()) candidate.quote = current_line;
    // The root cause: the last "Caused by:"; otherwise the first candidate of the highest strength.
    if (candidate.caused_by && best.caused_by) {
      best = candidate;
      return;
    }
    if (candidate.strength > best.strength || (candidate.caused_by && !best.caused_by && best.strength <= 3)) {
      best = candidate;
    }
  };
  auto next_text = [&lines](std::size_t index) -> std::string_view {
    for (std::size_t j = index + 1; j < lines.size() && j <= index + 2; ++j) {
      auto t = trim(lines[j]);
      if (starts_with(t, "E ")) t = trim(t.substr(1));
      if (!t.empty()) return t;
    }
    return {};
  };

  for (std::size_t index = 0; index < lines.size(); ++index) {
    const std::string_view raw = lines[index];
    std::string_view t = trim(raw);
    current_line = t;

    // Test ids.
    if (found_test.empty()) {
      if (in_running_tests) {
        // Go's "running tests:" block lists "TestX (10m0s)" lines, the most specific last.
        const auto paren = t.find(" (");
        if (starts_with(t, "Test") && paren != std::string_view::npos) {
          signature.test_id = std::string(t.substr(0, paren));
          continue;
        }
        in_running_tests = false;
        found_test = signature.test_id;
      }
      if (t == "running tests:") {
        in_running_tests = true;
        continue;
      }
      if (const auto id = test_id_on(t, work.names); !id.empty()) found_test = id;
      if (listed_test.empty() && starts_with(t, "def test") && ends_with(t, ":")) {
        listed_test = t.substr(4, t.find('(') == std::string_view::npos ? t.size() - 5 : t.find('(') - 4);
      }
    }

    // Frames.
    Frame frame;
    frame.line = index;
    if (starts_with(t, "at ")) {
      if (parse_at_frame(t.substr(3), frame)) {
        if (frame.jvm) frame.function = async_method(frame.function, work.names);
        frames.push_back(frame);
        frame_lines[index] = 1;
      }
      continue;
    }
    if (starts_with(t, "File \"")) {  // Python
      const auto close = t.find('"', 6);
      const auto in = t.rfind(", in ");
      if (close != std::string_view::npos) {
        frame.file = t.substr(6, close - 6);
        frame.function = in == std::string_view::npos ? std::string_view{} : trim(t.substr(in + 5));
        frame.python = true;
        frames.push_back(frame);
        frame_lines[index] = 1;
      }
      continue;
    }
    if (t.size() > 2 && t[0] == '#' && is_digit(t[1])) {
      if (parse_hash_frame(t, frame)) {
        frames.push_back(frame);
        frame_lines[index] = 1;
      }
      continue;
    }
    if (const auto go = t.find(".go:"); go != std::string_view::npos && index > 0 &&
                                        (raw.front() == '\t' || raw.front() == ' ') &&
                                        skip_digits(t, go + 4) > go + 4 && go_frame_offset(t, skip_digits(t, go + 4))) {
      // Go: "\t/path/file.go:123 +0x1f" under the function's line; gopls's crash reports print
      // "\t  check.go:1247  0x93a" (no directory, the offset without '+').
      const auto function_line = trim(lines[index - 1]);
      if (!starts_with(function_line, "created by") && ends_with(function_line, ")")) {
        frame.file = t.substr(0, go + 3);
        frame.function = go_function(function_line);
        frames.push_back(frame);
        frame_lines[index] = frame_lines[index - 1] = 1;
      }
      continue;
    }
    if (const auto py = t.find(".py:"); py != std::string_view::npos && contains(t, ": in ")) {
      // pytest's short traceback: "tests/test_e2e.py:81: in test_e2e_v_3_2"
      frame.file = t.substr(0, py + 3);
      frame.function = trim(t.substr(t.find(": in ") + 5));
      frame.python = true;
      frames.push_back(frame);
      continue;
    }
    if (const auto rb = t.find(".rb:"); rb != std::string_view::npos && contains(t, ":in ")) {
      // Ruby: "from /path/file.rb:12:in `method'" and rspec "# ./spec/x_spec.rb:12:in `block ...'".
      auto path = t.substr(0, rb + 3);
      if (starts_with(path, "from ")) path.remove_prefix(5);
      if (starts_with(path, "# ")) path.remove_prefix(2);
      frame.file = path;
      auto function = t.substr(t.find(":in ") + 4);
      if (!function.empty() && (function[0] == '`' || function[0] == '\'')) function.remove_prefix(1);
      function = function.substr(0, function.find_first_of("'`"));
      frame.function = function;
      frames.push_back(frame);
      // A Ruby exception line: "file.rb:12:in `m': message (ClassName)"
      if (ends_with(t, ")") && !starts_with(t, "from ")) {
        const auto open = t.rfind(" (");
        const auto name = open == std::string_view::npos ? std::string_view{} : t.substr(open + 2, t.size() - open - 3);
        if (!exception_simple_name(name).empty() || name == "RuntimeError") {
          const auto colon = t.find("': ");
          offer({simple_kind(name), colon == std::string_view::npos ? std::string_view{} : t.substr(colon + 3, open - colon - 3),
                 {}, index, 2, false});
        }
      }
      continue;
    }
    if (t.size() > 3 && is_digit(t[0])) {
      // Rust backtrace: "12: crate::func::h0123..." then "at ./src/x.rs:12:5".
      const auto end = skip_digits(t, 0);
      if (end < t.size() && t[end] == ':' && end + 1 < t.size() && t[end + 1] == ' ') {
        auto symbol = trim(t.substr(end + 2));
        if (starts_with(symbol, "0x")) {
          const auto dash = symbol.find(" - ");
          symbol = dash == std::string_view::npos ? std::string_view{} : symbol.substr(dash + 3);
        }
        if (!symbol.empty() && contains(symbol, "::")) {
          rust_symbol = drop_rust_hash(symbol);
          // The location, when printed, follows on the next line as "at path:line:col".
          std::string_view location;
          frame_lines[index] = 1;
          if (index + 1 < lines.size() && starts_with(trim(lines[index + 1]), "at ")) {
            location = trim(lines[index + 1]).substr(3);
            ++index;
            frame_lines[index] = 1;
          }
          frame.function = rust_symbol;
          frame.file = strip_line_numbers(location);
          frames.push_back(frame);
          continue;
        }
      }
    }

    // Neither a run's tally nor a test's header is the failure's headline.
    if (runner_tally(t) || surefire_test_header(t)) continue;

    // Headlines.
    std::string_view h = t;
    bool caused_by = false;
    if (starts_with(h, "E ") || starts_with(h, "> ")) h = trim(h.substr(1));  // pytest's E column, quotes
    if (starts_with(h, "---- ")) {  // xUnit prints an inner exception as "---- Name : message"
      h = trim_left(h.substr(5));
      caused_by = !h.empty() && is_upper(h[0]);
    }
    if (starts_with(h, "Caused by: ")) {
      h = h.substr(11);
      caused_by = true;
    }
    if (starts_with(h, "{ ") && h.size() > 2 && is_upper(h[2])) {
      // Node before 12 inspects an error with properties of its own as an object literal,
      // "{ AssertionError [ERR_ASSERTION]: msg" then its frames and "  code: 'ERR_ASSERTION' }";
      // later versions print "AssertionError [ERR_ASSERTION]: msg" and the properties after the frames.
      std::string_view name, rest;
      if (parse_exception_line(h.substr(2), name, rest) && !exception_simple_name(name).empty()) h = h.substr(2);
    }
    if (starts_with(h, "Exception in thread \"")) {
      const auto close = h.find("\" ", 21);
      if (close != std::string_view::npos) h = h.substr(close + 2);
    }
    // vstest reports a test host that died of an unhandled exception on one line: "The active
    // test run was aborted. Reason: Test host process crashed : Unhandled exception. X: msg".
    constexpr std::string_view k_host_crashed = "Test host process crashed : ";
    if (const auto crashed = h.find(k_host_crashed); crashed != std::string_view::npos) {
      h = h.substr(crashed + k_host_crashed.size());
    }
    for (std::string_view lead : {std::string_view("Unhandled exception. "), std::string_view("Uncaught "),
                                  std::string_view("PHP Fatal error:  Uncaught "), std::string_view("Error: "),
                                  std::string_view("Fatal error: Uncaught ")}) {
      if (starts_with(h, lead) && h.size() > lead.size() && is_upper(h[lead.size()])) {
        std::string_view name, rest;
        if (parse_exception_line(h.substr(lead.size()), name, rest) && !exception_simple_name(name).empty()) {
          h = h.substr(lead.size());
        }
      }
    }

    current_line = h;
    if (reading.strength == 0) reading = reading_on(t, lines, index);
    if (starts_with(h, "panic: ")) {
      auto rest = h.substr(7);
      if (const auto recovered = rest.find(" [recovered]"); recovered != std::string_view::npos) {
        rest = rest.substr(0, recovered);
      }
      if (starts_with(rest, "test timed out after")) {
        go_timeout = true;
        offer({"go-test-timeout", rest, {}, index, 3, false});
      } else {
        offer({"panic", rest, {}, index, 3, false});
      }
      continue;
    }
    if (starts_with(h, "fatal error: ")) {
      offer({"go-fatal", h.substr(13), {}, index, 3, false});
      continue;
    }
    if (const auto panicked = h.find("panicked at "); panicked != std::string_view::npos && starts_with(h, "thread ")) {
      auto rest = h.substr(panicked + 12);
      std::string_view what;
      std::string_view where;
      bool continued = false;
      if (starts_with(rest, "'")) {  // old: 'message', src/x.rs:1:2
        const auto end = rest.rfind("', ");
        if (end != std::string_view::npos) {
          what = rest.substr(1, end - 1);
          where = rest.substr(end + 3);
        } else {
          what = rest.substr(1);
          // The message spans lines ("left: ...", "right: ..."); the location closes it.
          for (std::size_t j = index + 1; j < lines.size() && j <= index + 6; ++j) {
            const auto close = lines[j].rfind("', ");
            if (close != std::string_view::npos) {
              where = trim(lines[j].substr(close + 3));
              break;
            }
          }
        }
      } else {  // new: src/x.rs:1:2: message | src/x.rs:1:2:\nmessage
        std::size_t end = 0;
        while (end < rest.size() && !is_blank(rest[end])) ++end;
        where = rest.substr(0, end);
        if (ends_with(where, ":")) where.remove_suffix(1);
        what = trim(rest.substr(end));
        if (what.empty()) {
          what = next_text(index);
          continued = true;  // "assertion `left == right` failed" then "left: 3", "right: 4"
        }
      }
      Frame location;
      location.line = index;
      location.file = strip_line_numbers(where);
      location.function = "<panic>";
      if (!where.empty() && !is_library(where, {})) frames.push_back(location);
      offer({"rust-panic", what, {}, index, 3, false, what, where, continued});
      continue;
    }
    if (const auto sanitizer = h.find("Sanitizer: "); sanitizer != std::string_view::npos &&
                                                      (contains(h, "ERROR: ") || contains(h, "WARNING: "))) {
      const auto start = h.rfind(' ', sanitizer);
      auto rest = h.substr(sanitizer + 11);
      auto word_end = std::min({rest.find(" on "), rest.find(" ("), rest.find(" in "), rest.find(" at ")});
      const auto tool = h.substr(start == std::string_view::npos ? 0 : start + 1,
                                 sanitizer + 9 - (start == std::string_view::npos ? 0 : start + 1));
      offer({std::string(tool) + ":" + std::string(rest.substr(0, word_end)),
             word_end == std::string_view::npos ? std::string_view{} : trim(rest.substr(word_end + 1)), {}, index, 3,
             false});
      continue;
    }
    if (const auto runtime_error = h.find(": runtime error: "); runtime_error != std::string_view::npos) {  // UBSan
      offer({"ubsan", h.substr(runtime_error + 16), {}, index, 3, false});
      continue;
    }
    // GoogleTest "file.cc:12: Failure", the message on the next lines; a log that joins lines
    // (an annotation, a pasted summary) prints "file.cc:12: Failure Expected equality ..."; its
    // XML report, "file.cc:12" over the message.
    const auto console = gtest_failure_at(h);
    std::size_t where_end = console;
    if (console == std::string_view::npos) {
      where_end = source_location_at(h);
      if (where_end != std::string_view::npos && !opens_gtest_message(next_text(index))) where_end = std::string_view::npos;
    }
    if (where_end != std::string_view::npos) {
      const auto where = h.substr(0, where_end);
      Frame location;
      location.line = index;
      location.file = basename(strip_line_numbers(where));
      location.function = "<assert>";
      frames.push_back(location);
      const auto inline_message = console == std::string_view::npos ? std::string_view{} : trim(h.substr(console + 9));
      const auto what = inline_message.empty() ? next_text(index) : inline_message;
      offer({"gtest", what, {}, index, 2, false, what, basename(where), inline_message.empty()});
      continue;
    }
    if (nunit_expected(h, index + 1 < lines.size() ? trim(lines[index + 1]) : std::string_view{})) {
      // NUnit's "Expected: 5" / "But was:  3" (after "Test(s) failed." on TeamCity, under
      // "Error Message:" in vstest): both lines are the message.
      const auto expected = h.substr(h.find("Expected: "));
      offer({"nunit-assert", expected, trim(lines[index + 1]), index, 2, false, expected, {}, true});
      continue;
    }
    if (const auto hook = pre_commit_hook(h); !hook.empty()) {
      // pre-commit: "black....Failed", "- hook id: black", "- exit code: 1" or "- files were
      // modified by this hook", then the hook's own output, whose first line says what it found
      // ("reformatted src/x.py", "src/x.py:3:1: F401 'os' imported but unused"): the hook is the
      // kind, that line the message (a failed hook prints no exception, and "error" is all a
      // report around it says).
      const auto output = hook_output(lines, index);
      offer({"pre-commit:" + std::string(hook), output, {}, index, 2, false, output, {}, false});
      continue;
    }
    if (starts_with(h, "CMake Error")) {  // "CMake Error at file.cmake:39 (message):" then the message
      offer({"cmake-error", next_text(index), {}, index, 2, false, next_text(index), {}, true});
      continue;
    }
    if (starts_with(h, "expect(") || starts_with(h, "expect.")) {  // Jest / Vitest
      offer({"expect", h, {}, index, 2, false, h, {}, true});
      continue;
    }
    if (starts_with(h, "Assert.") && contains(h, " Failure")) {  // xUnit
      offer({"xunit-assert", h, next_text(index), index, 2, false, h, {}, true});
      continue;
    }
    if (starts_with(h, "Failed asserting that")) {
      offer({"phpunit", h, {}, index, 2, false});
      continue;
    }
    if (const auto issue = h.find(" recorded an issue"); issue != std::string_view::npos) {
      // Swift Testing: "✘ Test f() recorded an issue at File.swift:12:5: Expectation failed: (x → 1) == 2",
      // the expectation sometimes on the next line. The expectation is the failure; the location
      // is a frame (without its line, which moves with every edit).
      auto rest = h.substr(issue + 18);
      std::string_view what = rest;
      if (const auto at = rest.find(" at "); at != std::string_view::npos) {
        rest = rest.substr(at + 4);
        const auto colon = rest.find(": ");
        Frame location;
        location.line = index;
        location.file = strip_line_numbers(rest.substr(0, colon));
        location.function = "<issue>";
        if (!location.file.empty()) frames.push_back(location);
        what = colon == std::string_view::npos ? std::string_view{} : trim(rest.substr(colon + 2));
      }
      Headline headline{"swift-testing", what, {}, index, 2, false};
      if (what.empty() || ends_with(what, ":")) headline.message_next = next_text(index);
      offer(headline);
      continue;
    }
    if (const auto xct = h.find("XCTAssert"); xct != std::string_view::npos && contains(h, " failed")) {
      // XCTest prints "XCTAssertEqual failed: (\"1\") is not equal to (\"2\") - <description>"; an
      // assertion without a description leaves a bare " -", which a quote of the line drops.
      auto assertion = trim(h.substr(xct));
      if (ends_with(assertion, " -")) assertion = trim(assertion.substr(0, assertion.size() - 2));
      const auto error = h.find(": error: ");
      offer({"xctest", assertion, {}, index, 2, false, assertion,
             error == std::string_view::npos ? std::string_view{} : basename(h.substr(0, error))});
      continue;
    }
    if (starts_with(h, "Failure/Error: ")) {  // RSpec
      offer({"rspec", next_text(index), {}, index, 2, false, next_text(index), {}, true});
      continue;
    }
    if (starts_with(h, "Error:") && index > 0 &&
        [&] {
          for (std::size_t j = index; j-- > 0 && j + 5 > index;) {
            if (contains(lines[j], "Error Trace:")) return true;
          }
          return false;
        }()) {  // testify
      // Above a Go test's own log lines ("x_test.go:297: querying from .."), which some runs print
      // before the assertion and others do not.
      offer({"testify", trim(h.substr(6)), next_text(index), index, 3, false, trim(h.substr(6)), {}, true});
      continue;
    }
    if (const auto go_test = h.find("_test.go:"); go_test != std::string_view::npos && go_test < 80 &&
                                                  !contains(h.substr(0, go_test), " ")) {
      // A Go test's log line: "name_test.go:185: message".
      const auto colon = h.find(": ", go_test + 9);
      // testify's block opens with the location alone ("x_test.go:315:"): a frame, no message.
      const bool location_only = colon == std::string_view::npos && ends_with(h, ":") &&
                                 skip_digits(h, go_test + 9) == h.size() - 1;
      if (location_only || (colon != std::string_view::npos && colon + 2 < h.size())) {
        Frame location;
        location.line = index;
        location.file = h.substr(0, go_test + 8);
        // Some suites print the caller chain, "util.go:493,foo_test.go:55: msg": the test file is
        // the last entry, and the helpers' line numbers before it move with every edit.
        if (const auto comma = location.file.rfind(','); comma != std::string_view::npos) {
          location.file = location.file.substr(comma + 1);
        }
        location.function = "<test>";
        frames.push_back(location);
        if (location_only) continue;
        offer({"go-test", h.substr(colon + 2), {}, index, 2, false, h.substr(colon + 2), basename(h.substr(0, colon))});
      }
      continue;
    }
    // A rerun's "Run 1: ..." names its entry whatever column the log put in front of it, and
    // Surefire 2.x lists its entries under "Failed tests:" and "Tests in error:" with no level.
    const auto unlevelled_header = [](std::string_view line) { return line == "Failed tests:" || line == "Tests in error:"; };
    if (const auto column = without_maven_level(h); column.size() < h.size() || starts_with(h, "Run ") ||
                                                    unlevelled_header(column) || unlevelled_header(surefire_section)) {
      if (column == "Failures:" || column == "Errors:" || column == "Flakes:" || unlevelled_header(column)) {
        surefire_section = column;
        continue;
      }
      std::string_view rest;
      if (const auto chain = surefire_entry(column, rest); !chain.empty()) {
        // The chain runs from the test method to the assertion, outermost first
        // ("Test.check:96->lambda$check$2:97->Base.validate:43"): the frames are taken from its
        // end, innermost first, as a stack trace lists them. A bare "method:60" is the test class's.
        const auto first_arrow = chain.find("->");
        const auto head = strip_line_numbers(chain.substr(0, first_arrow));
        const auto split = head.find('>');
        const std::string_view test_class =
            head.substr(0, split == std::string_view::npos ? head.rfind('.') : split);
        std::string_view elements = chain;
        // Only the innermost frames are keyed: a few elements are enough, and a hostile chain of
        // thousands costs one backward scan.
        for (std::size_t taken = 0; !elements.empty() && taken < 4; ++taken) {
          const auto arrow = elements.rfind("->");
          auto element = strip_line_numbers(arrow == std::string_view::npos ? elements : elements.substr(arrow + 2));
          elements = arrow == std::string_view::npos ? std::string_view{} : elements.substr(0, arrow);
          if (elements.empty() && split != std::string_view::npos) element = element.substr(element.find('>') + 1);
          Frame frame;
          frame.line = index;
          frame.jvm = true;
          if (element.find('.') != std::string_view::npos) {
            frame.function = element;
          } else {
            work.names.push_back(std::string(test_class) + "." + std::string(element));
            frame.function = work.names.back();
          }
          frames.push_back(frame);
        }
        const bool error = starts_with(rest, "\xc2\xbb ") || surefire_section == "Errors:" ||
                           surefire_section == "Tests in error:";
        if (starts_with(rest, "\xc2\xbb ")) rest = trim(rest.substr(3));
        Headline headline{"AssertionError", rest, {}, index, 2, false};
        if (error) {
          const auto space = rest.find(' ');
          headline.kind = std::string(rest.substr(0, space));
          headline.message = space == std::string_view::npos ? std::string_view{} : trim(rest.substr(space + 1));
        }
        offer(headline);
        continue;
      }
    }
    {
      std::string_view name, rest;
      if (is_alpha(h.empty() ? ' ' : h[0]) && parse_exception_line(h, name, rest)) {
        if (const auto simple = exception_simple_name(name); !simple.empty()) {
          // .NET chains: "Outer: msg ---> Inner: msg2": the innermost is the root cause.
          while (true) {
            const auto arrow = rest.find(" ---> ");
            if (arrow == std::string_view::npos) break;
            std::string_view inner_name, inner_rest;
            if (!parse_exception_line(rest.substr(arrow + 6), inner_name, inner_rest)) break;
            name = inner_name;
            rest = inner_rest;
          }
          Headline headline{simple_kind(name), rest, {}, index, caused_by ? 3 : 2, caused_by};
          if (rest.empty() || ends_with(rest, ":")) {
            // A bare "java.lang.AssertionError" is followed by its frames, not by a message: the
            // frame is no part of it (Surefire's summary of the same failure has no message).
            // Nor is a rule of dashes (nose's "---- >> begin captured logging << ----").
            if (const auto next = next_text(index); !is_frame_line(next) && !starts_with(next, "-----")) {
              headline.message_next = next;
            }
            headline.continued = true;
          } else if (starts_with(rest, "expect(")) {
            headline.continued = true;  // Playwright: "Error: expect(locator)... failed", then the values
          }
          offer(headline);
          continue;
        }
        if (name == "Error" || name == "error" || name == "ERROR" || name == "FATAL" || name == "Fatal") {
          offer({"error", rest, {}, index, 1, false});
          continue;
        }
      }
    }
  }
  if (in_running_tests) found_test = signature.test_id;
  if (found_test.empty()) found_test = listed_test;

  // Test id: the request's, else the one the runner printed.
  signature.test_id = mask_test_id(test_id.empty() ? found_test : test_id);

  if (!exception_type.empty()) {
    auto given = trim(exception_type);
    if (const auto dot = given.find_last_of(".:"); dot != std::string_view::npos) given = given.substr(dot + 1);
    signature.exception_type = std::string(given);
  }

  std::string_view cause, cause_message;
  if (best.strength > 0 && !exception_simple_name(best.kind).empty() && kind_family(best.kind) != "Assertion") {
    cause = embedded_cause(best.message, cause_message);
    if (best.message.empty() || ends_with(best.message, ":")) {
      std::string_view below;
      if (const auto inner = embedded_cause(best.message_next, below); !inner.empty()) {
        cause = inner;
        cause_message = below;
      }
    }
  }
  if (!cause.empty()) {
    signature.kind = simple_kind(cause);
    append_message(cause_message, signature.message);
  } else if (best.strength > 0) {
    signature.kind = best.kind;
    append_message(best.message, signature.message);
    if (!best.message_next.empty() && (best.message.empty() || ends_with(best.message, ":") ||
                                       best.kind == "xunit-assert" || best.kind == "testify" ||
                                       best.kind == "nunit-assert")) {
      // A bare "java.lang.AssertionError:" has its message on the next line only: no space
      // before it, as a copy that gives that message alone keys it.
      if (!signature.message.empty()) signature.message.push_back(' ');
      append_masked(best.message_next, signature.message);
    }
  } else if (!message.empty()) {
    // A runner that sends a log line as the message sends its prefixes too (GitHub Actions'
    // timestamp, CTest's "49: "), which the trace's own lines lose above.
    auto given = trim(strip_prefixes(message));
    if (!signature.exception_type.empty() && starts_with(given, signature.exception_type)) {
      given = trim(given.substr(signature.exception_type.size()));
      if (starts_with(given, ":")) given = trim(given.substr(1));
    }
    append_masked(without_equality_hint(without_file_suffix(given.substr(0, given.find('\n')))), signature.message);
    // No headline in the trace (a report that prints the message alone): the exception type the
    // request names is its kind, as another copy's "java.lang.AssertionError: <message>" line gives.
    // Only under a test the request names: a test read from the trace may be a runner's header
    // ("Test suite failed to run"), and two defects with one exception type would share a key.
    if (!signature.exception_type.empty() && !test_id.empty()) signature.kind = signature.exception_type;
  }

  if (best.strength > 0) signature.root_cause = root_cause_line(best, lines);
  else if (reading.strength > 0) signature.root_cause = root_cause_line(reading, lines);

  bool project_frame_found = false;  // else the fallback lines are kept too
  // Frames: the project's, innermost first. Python prints the innermost last; the others first,
  // and for a root cause found mid-trace (Caused by) the frames that follow it are its own.
  if (!go_timeout) {
    bool python = false;
    for (const auto& frame : frames) python = python || frame.python;
    std::vector<const Frame*> chosen;
    auto take = [&](const Frame& frame) {
      if (chosen.size() >= k_key_frames || is_library(frame.file, frame.function)) return;
      // A recursive or re-printed frame counts once: a truncated copy of the same trace may show
      // it once or twice.
      for (const Frame* seen : chosen) {
        if (seen->file == frame.file && seen->function == frame.function) return;
      }
      chosen.push_back(&frame);
    };
    if (python) {
      const std::size_t limit = best.strength > 0 ? best.line : lines.size();
      for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
        if (it->python && it->line <= limit) take(*it);
      }
      if (chosen.empty()) {
        for (auto it = frames.rbegin(); it != frames.rend(); ++it) take(*it);
      }
    } else {
      for (const auto& frame : frames) {
        if (best.strength == 0 || frame.line >= best.line) take(frame);
      }
      if (chosen.empty()) {
        for (const auto& frame : frames) take(frame);
      }
    }
    // No frame of the project's own: the innermost installed package's frame names what failed
    // (one frame, innermost first, so a copy cut short at its outer end keys the same). The
    // failure-like lines below are kept as well: a package frame alone would be a thinner key.
    project_frame_found = !chosen.empty();
    if (!project_frame_found) {
      const Frame* dependency = nullptr;
      if (python) {
        for (auto it = frames.rbegin(); it != frames.rend() && dependency == nullptr; ++it) {
          if (is_dependency(it->file)) dependency = &*it;
        }
      } else {
        for (const auto& frame : frames) {
          if (is_dependency(frame.file)) { dependency = &frame; break; }
        }
      }
      if (dependency != nullptr) chosen.push_back(dependency);
    }
    for (const Frame* frame : chosen) {
      std::string part;
      if (frame->jvm) {
        part.append(jvm_frame_name(frame->function).substr(0, 160));
      } else {
        part.append(basename(strip_line_numbers(frame->file)));
        part.push_back(':');
        part.append((frame->v8 ? v8_frame_name(frame->function) : frame->function).substr(0, 160));
      }
      signature.frames.push_back(std::move(part));
    }
  }

  // Without frames or a test id, a kind and a message alone are thin (a compiler error, an
  // out-of-memory line): the failure-like lines are kept too, so two of them stay apart. Stack
  // frames are not among them (only the runtime's or the framework's are left by now, and one
  // copy of a log is often cut a few frames shorter than another).
  if (!project_frame_found && signature.test_id.empty()) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto line = lines[i];
      if (signature.fallback.size() >= 8) break;
      if (frame_lines[i] != 0 || !failure_like(line) || runner_tally(line)) continue;
      // The headline's line is already the kind and the message; as a fallback line it would
      // also key its layout ("X: msg", xunit's "X : msg", a wrapper's "Unhandled exception. X: msg").
      if (best.strength > 0 && i == best.line) continue;
      if (names_the_kind_alone(line, signature.kind)) continue;
      std::string masked;
      append_masked(line, masked, 160);
      if (std::find(signature.fallback.begin(), signature.fallback.end(), masked) == signature.fallback.end()) {
        signature.fallback.push_back(std::move(masked));
      }
    }
    if (signature.fallback.empty() && signature.kind.empty() && signature.message.empty()) {
      // Nothing failure-like at all: the last few lines, masked (a runner's tail is its verdict).
      const std::size_t from = lines.size() > 4 ? lines.size() - 4 : 0;
      for (std::size_t i = from; i < lines.size(); ++i) {
        std::string masked;
        append_masked(lines[i], masked, 160);
        signature.fallback.push_back(std::move(masked));
      }
    }
  }
  return signature;
}

std::string SignatureExtractor::key(const FailureSignature& signature) const {
  static const std::string version = "flakyd-sig-v" + std::to_string(k_signature_version);
  std::vector<std::string_view> parts;
  parts.reserve(8 + signature.frames.size() + signature.fallback.size());
  parts.push_back(version);
  parts.push_back(signature.test_id);
  parts.push_back(type_beyond_kind(signature.exception_type, signature.kind));
  parts.push_back(kind_family(signature.kind));
  parts.push_back(signature.message);
  parts.push_back("frames");
  // With a test id, no frame (see the header: a copy cut before its frames).
  const std::size_t keyed_frames = signature.test_id.empty() ? signature.frames.size() : 0;
  for (std::size_t i = 0; i < keyed_frames; ++i) parts.push_back(signature.frames[i]);
  parts.push_back("fallback");
  for (const auto& line : signature.fallback) parts.push_back(line);
  return sha256_hex(parts);
}

std::string FailureSignature::headline(std::size_t max_bytes) const {
  std::string line = !kind.empty() ? kind : exception_type;
  if (!message.empty()) line += line.empty() ? message : ": " + message;
  if (line.empty() && !fallback.empty()) line = fallback.front();
  if (line.size() <= max_bytes) return line;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  line.resize(cut);
  return line;
}

std::string FailureSignature::describe() const {
  std::string out;
  out += "test: " + test_id + "\n";
  out += "type: " + exception_type + "\n";
  out += "kind: " + kind + "\n";
  out += "message: " + message + "\n";
  for (const auto& frame : frames) out += "frame: " + frame + "\n";
  for (const auto& line : fallback) out += "fallback: " + line + "\n";
  return out;
}

}  // namespace flakyd::redact
