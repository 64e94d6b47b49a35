// support/prefiltered_set.hpp: the same answer as one RE2::Set of the same patterns, whatever
// mix of atom-bearing and atomless patterns, groups and language filters.
#include "support/prefiltered_set.hpp"
#include "support/line_confined.hpp"
#include "support/re2_options.hpp"
#include "heuristics/rule.hpp"
#include "corpus.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace flakyd;

namespace {

// Patterns of every shape the rule packs use: literals, case-insensitive words, alternations,
// counted repetitions, anchors, and ones with no literal of three bytes (no atom at all).
const std::vector<std::string> k_patterns = {
    "ConnectionResetError", "(?i:connection reset)", R"(\bECONNRESET\b)", "Caused by: java\\.net\\.\\w+",
    R"((?m)^\s*(?:FAIL|FAILED)\b)", R"(\bE\d{4}\b)", R"(\d+ passed, \d+ failed)", "(?i)timed? ?out",
    R"([A-Z]{2}\d\d)", "--- FAIL: Test\\w+", R"(\A\w+Error\b)", "panicked at '", "(?:OOM|oom)-?killed",
    "exit code 137", R"((?i)no space left on device)", R"(ab|cd)", "segfault|SIGSEGV", R"(x{3,5}y)",
    "deadlock detected", "Too many open files", "EADDRINUSE", R"(port \d+ (?:is )?already in use)",
    "error\\[E\\d+\\]", "AssertionError"};

const std::vector<std::string> k_words = {
    "ConnectionResetError", "connection RESET", "ECONNRESET", "Caused by: java.net.SocketTimeout",
    "FAILED", "E0425", "3 passed, 1 failed", "Timed out", "AB12", "--- FAIL: TestRetry", "ValueError",
    "panicked at '", "OOM-killed", "exit code 137", "No space left on device", "ab", "SIGSEGV",
    "xxxxy", "deadlock detected", "Too many open files", "EADDRINUSE", "port 8080 already in use",
    "error[E0308]", "AssertionError", "ok", "\n", "  ", "the", "random words", "12345", "#!"};

std::vector<int> one_set_answer(const std::vector<std::string>& patterns, const std::string& text) {
  re2::RE2::Set set(byte_pattern_options(), re2::RE2::UNANCHORED);
  for (const auto& pattern : patterns) REQUIRE(set.Add(pattern, nullptr) >= 0);
  REQUIRE(set.Compile());
  std::vector<int> matches;
  set.Match(text, &matches);
  std::sort(matches.begin(), matches.end());
  return matches;
}

// The built-in rules in one PrefilteredSet, and each rule's own RE2 (the reference answer).
struct BuiltinRules {
  PrefilteredSet set{byte_pattern_options()};
  std::vector<std::unique_ptr<re2::RE2>> each;
  BuiltinRules() {
    for (const auto& rule : heuristics::builtin_rules()) {
      REQUIRE(set.add(rule.pattern));
      each.push_back(std::make_unique<re2::RE2>(rule.pattern, byte_pattern_options()));
    }
    REQUIRE(set.compile());
  }
};

}  // namespace

TEST_CASE("prefiltered set: the same matches as one RE2::Set on random texts") {
  PrefilteredSet set(byte_pattern_options());
  for (const auto& pattern : k_patterns) REQUIRE(set.add(pattern));
  REQUIRE(set.compile());
  CHECK(set.size() == static_cast<int>(k_patterns.size()));
  std::mt19937 random(20261202);
  std::size_t texts_with_matches = 0;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int words = 1 + static_cast<int>(random() % 12);
    for (int word = 0; word < words; ++word) text += k_words[random() % k_words.size()] + (random() % 3 ? " " : "\n");
    std::vector<int> matches;
    CHECK(set.match(text, matches));
    CHECK_MESSAGE(matches == one_set_answer(k_patterns, text), text);
    texts_with_matches += !matches.empty();
  }
  CHECK(texts_with_matches > 200);
}

// Long repetitive texts made of a few lines, read through the distinct lines (one-line patterns),
// the runs holding every distinct pair of neighbours (two-line patterns), and an anchored Set (\A
// patterns): the answers must be one Set's. The lines come back in random order and number, so a
// pair of neighbours first seen late, a line seen once at the end, and a text with or without its
// last newline all occur.
TEST_CASE("prefiltered set: two-line and anchored patterns read repetitive text exactly") {
  const std::vector<std::string> patterns = {
      R"((?m)^- at 10:00\n\+ at 11:00$)", R"((?m)^a:\n[^\S\n]+Error)", R"((?m)^b\nc$)", R"(c\nd)",
      R"((?m)^d$)", R"(\A(?:a:\n)+)", R"(\Ad\z)", R"((?m)^\s*b\n\s*\+ at)", R"(\Aa:|d)", "Error"};
  for (const char* two_lines : {R"((?m)^- at 10:00\n\+ at 11:00$)", R"((?m)^a:\n[^\S\n]+Error)", R"(c\nd)"}) {
    CHECK(lines_spanned(two_lines) == 2);
  }
  for (const char* any : {R"(\A(?:a:\n)+)", R"((?m)^\s*b\n\s*\+ at)", R"((?:a\n)+b)", "a\\n+b", "a\\n\\nb",
                          R"((?m)^a\n^b\n^c)", R"((?m)^a\n^\s*b)", R"((?m)^a\s*$\nb)"}) {
    CAPTURE(std::string(any));
    CHECK(lines_spanned(any) == 0);
  }
  PrefilteredSet set(byte_pattern_options());
  for (const auto& pattern : patterns) REQUIRE(set.add(pattern));
  REQUIRE(set.compile());
  const std::vector<std::string> lines = {"a:", "  Error here", "b", "c", "d", "- at 10:00", "+ at 11:00", "", "  + at"};
  std::mt19937 random(20261204);
  std::size_t texts_with_two_line_matches = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text;
    const std::size_t cycle = 2 + random() % 5;
    std::vector<std::string> chosen;
    for (std::size_t i = 0; i < cycle; ++i) chosen.push_back(lines[random() % lines.size()]);
    while (text.size() < 1500) text += chosen[random() % (chosen.size() - 1)] + "\n";  // the last line rarely
    for (int tail = 0; tail < 3; ++tail) text += lines[random() % lines.size()] + "\n";
    if (random() % 2) text.pop_back();
    std::vector<int> matches;
    set.match(text, matches);
    CHECK_MESSAGE(matches == one_set_answer(patterns, text), text);
    texts_with_two_line_matches += std::count_if(matches.begin(), matches.end(), [](int index) { return index < 4; }) > 0;
  }
  CHECK(texts_with_two_line_matches > 100);
}

TEST_CASE("prefiltered set: atomless patterns run on every text, a filter skips what the caller does not want") {
  PrefilteredSet set(byte_pattern_options());
  REQUIRE(set.add(R"([A-Z]{2}\d\d)"));      // no literal: no atom
  REQUIRE(set.add("ConnectionResetError"));  // atom-bearing
  REQUIRE(set.add(R"(\d+ms)"));              // atom "ms" is too short: atomless
  REQUIRE(set.compile());
  std::vector<int> matches;
  set.match("took 15ms on AB12", matches);
  CHECK(matches == std::vector<int>{0, 2});
  set.match("ConnectionResetError after 15ms", matches, [](int index) { return index != 2; });
  CHECK(matches == std::vector<int>{1});
  set.match("", matches);
  CHECK(matches.empty());
  CHECK(set.pattern(1).pattern() == "ConnectionResetError");
}

TEST_CASE("prefiltered set: an invalid pattern is refused") {
  PrefilteredSet set(byte_pattern_options());
  CHECK_FALSE(set.add("(unclosed"));
  CHECK(set.add("fine"));
  CHECK(set.compile());
  CHECK(set.size() == 1);
}

// A repeated log is read through its distinct lines only by patterns confined to one line:
// "a\n\nFile" matches (?m)^\s+File through its empty line, but its distinct lines ("", "b", "a",
// "File x") no longer hold the empty line next to "File".
TEST_CASE("prefiltered set: a blank line's newline read by ^\\s+ is not lost to the distinct lines") {
  PrefilteredSet set(byte_pattern_options());
  REQUIRE(set.add(R"((?m)^\s+File x)"));
  REQUIRE(set.add(R"((?m)^\s*File x)"));
  REQUIRE(set.compile());
  std::string text;
  for (int repeat = 0; repeat < 400; ++repeat) text += "\nb\n";
  text += "a\n\nFile x\n";
  std::vector<int> matches;
  set.match(text, matches);
  CHECK(matches == std::vector<int>{0, 1});
}

// A two-line pattern whose ^\s* follows its newline can run over a blank line: "a\n\nb" matches
// (?m)^a\n^\s*b over three lines. Its pairs of neighbours ("a"/"", ""/"b") are first seen apart,
// so no run of new pairs holds the three lines together: the pattern must read the whole text.
TEST_CASE("prefiltered set: a blank line read by ^\\s* after a newline is not lost to the runs of pairs") {
  PrefilteredSet set(byte_pattern_options());
  REQUIRE(set.add(R"((?m)^a\n^\s*b)"));
  REQUIRE(set.compile());
  std::string text = "a\n\nz\ny\n\nb\n";
  for (int repeat = 0; repeat < 600; ++repeat) text += "q\n";
  text += "a\n\nb\n";
  std::vector<int> matches;
  set.match(text, matches);
  CHECK(matches == std::vector<int>{0});
}

TEST_CASE("line_confined: only patterns that cannot match a newline or the text's ends") {
  for (const char* confined : {"ConnectionResetError", R"((?i)\bECONNRESET\b)", R"((?m)^--- FAIL: \w+)",
                               R"((?m)^\s*FAILED\s*$)", R"((?m:^\s*Failure/Error:))", R"([^\n]*timed out)",
                               R"(\d+ passed, [^\s]+ failed)", R"((?i:connection reset))", "a.b"}) {
    CAPTURE(std::string(confined));
    CHECK(line_confined(confined));
  }
  for (const char* spans : {R"(Expected\n\s+Actual)", R"(foo\s+bar)", R"('[^']+')", R"((?s)a.b)", R"(\Afoo)",
                            R"(^foo)", R"(foo$)", R"(\Wfoo)", R"([[:space:]]x)", R"(a\x0ab)", R"((?m:^a)|^b)",
                            R"((?m)^\s*-\s+a\n\s*\+)", "a\nb",
                            R"((?m)^\s+File)", R"((?m)a\s+$)", R"((?m)\^\s*a)"}) {
    CAPTURE(std::string(spans));
    CHECK_FALSE(line_confined(spans));
  }
}

// The built-in rules read a log whose lines repeat (a retry loop, a recursion) through its
// distinct lines wherever they cannot span lines: every rule must answer as it does on the whole
// text. Each text is a corpus trace's lines in shuffled order, then the trace itself, so the
// distinct lines are the shuffled copy: a rule that spans lines and matches only the ordered copy
// would be lost if it were read through them. The reference is each rule's own RE2 on the text.
TEST_CASE("prefiltered set: repeated lines give the built-in rules' own answers") {
  const auto& rules = heuristics::builtin_rules();
  const BuiltinRules built_in;
  const PrefilteredSet& set = built_in.set;
  const auto& each = built_in.each;
  std::vector<std::string> traces;
  for (const char* file : {"corpus/python.jsonl", "corpus/go.jsonl", "corpus/java.jsonl", "corpus/ci.jsonl",
                           "corpus/rust.jsonl", "corpus/javascript.jsonl", "corpus/csharp.jsonl", "corpus/dart.jsonl"}) {
    for (const auto& row : testing::read_jsonl(file)) {
      const auto trace = row["trace"].get<std::string>();
      if (trace.size() >= 700) traces.push_back(trace);
    }
  }
  REQUIRE(traces.size() > 300);
  std::mt19937 random(20261204);
  std::size_t with_matches = 0, multi_line_matches = 0;
  for (std::size_t pick = 0; pick < traces.size(); pick += 3) {
    const std::string& trace = traces[pick];
    std::vector<std::string> lines;
    std::istringstream in(trace);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::shuffle(lines.begin(), lines.end(), random);
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    text += trace;
    std::vector<int> matches;
    set.match(text, matches);
    std::vector<int> expected;
    for (std::size_t index = 0; index < each.size(); ++index) {
      if (!re2::RE2::PartialMatch(text, *each[index])) continue;
      expected.push_back(static_cast<int>(index));
      multi_line_matches += !line_confined(rules[index].pattern);
    }
    CHECK_MESSAGE(matches == expected, text);
    with_matches += !expected.empty();
  }
  CHECK(with_matches > 90);
  CHECK(multi_line_matches > 50);  // the check would see a rule that spans lines being lost
}

// A group of one-line patterns reads only the lines that hold one of its members' atoms, joined:
// a pattern needing two atoms finds them on two different lines (a candidate, but no match), an
// atom differs in case from the text, the line holding it is the last one without its newline,
// or it sits next to lines that would complete a match if lines were joined without '\n'. Two
// sets take turns on one thread, so the memory kept between calls serves sets of different sizes.
TEST_CASE("prefiltered set: one-line groups read only the lines holding their atoms, exactly") {
  const std::vector<std::string> patterns = {
      R"(timeout.*exceeded)", R"((?i)connection REFUSED)", R"(\bfoo\w*bar\b)", R"((?m)^ERROR: \w+$)",
      R"(panic: .+ nil map)", R"(exit code \d+)", R"(\w+Exception\b)", R"((?m)^FAIL$)", R"(at line \d+)",
      R"((?i)\bsegfault\b)", R"(no such (?:file|host))", R"(\[x\])"};
  const std::vector<std::string> pieces = {
      "timeout", "exceeded", "timeout exceeded", "Connection refused", "CONNECTION REFUSED", "foo", "bar",
      "foobar", "fooxbar", "ERROR: disk", "ERROR: disk full", "panic: write to nil map", "exit code 3",
      "IOException", "FAIL", "FAILED", "at line 7", "SegFault", "no such host", "no such", "[x]", "x", "",
      "  "};
  PrefilteredSet set(byte_pattern_options());
  for (const auto& pattern : patterns) REQUIRE(set.add(pattern));
  REQUIRE(set.compile());
  PrefilteredSet other(byte_pattern_options());
  REQUIRE(other.add("ConnectionResetError"));
  REQUIRE(other.add(R"((?m)^FAIL$)"));
  REQUIRE(other.compile());
  std::mt19937 random(20261205);
  std::size_t texts_with_matches = 0, texts_without = 0;
  for (int round = 0; round < 600; ++round) {
    std::string text;
    const int lines = 1 + static_cast<int>(random() % 30);
    for (int line = 0; line < lines; ++line) {
      const int words = static_cast<int>(random() % 3);
      for (int word = 0; word <= words; ++word) text += pieces[random() % pieces.size()] + (word < words ? " " : "");
      if (line + 1 < lines || random() % 2) text += "\n";
    }
    if (round % 5 == 0) {
      const std::string once = text;
      while (text.size() < 1500) text += once + "\n";  // repetitive: read through its distinct lines
    }
    std::vector<int> matches;
    CHECK(set.match(text, matches));
    CHECK_MESSAGE(matches == one_set_answer(patterns, text), text);
    (matches.empty() ? texts_without : texts_with_matches) += 1;
    std::vector<int> other_matches;
    other.match(text, other_matches);
    CHECK_MESSAGE(other_matches == one_set_answer({"ConnectionResetError", R"((?m)^FAIL$)"}, text), text);
  }
  CHECK(texts_with_matches > 300);
  CHECK(texts_without > 5);
}

// The built-in rules on real failures as they come (no repetition): each group of one-line
// alternatives reads only the lines holding its atoms, and every rule must answer as its own RE2.
TEST_CASE("prefiltered set: the built-in rules' own answers on real failures") {
  const BuiltinRules built_in;
  const PrefilteredSet& set = built_in.set;
  const auto& each = built_in.each;
  std::size_t traces = 0, with_matches = 0;
  for (const char* file : {"corpus/python.jsonl", "corpus/go.jsonl", "corpus/java.jsonl", "corpus/ci.jsonl",
                           "corpus/rust.jsonl", "corpus/javascript.jsonl", "corpus/cpp.jsonl", "corpus/ruby.jsonl"}) {
    const auto rows = testing::read_jsonl(file);
    for (std::size_t pick = 0; pick < rows.size(); pick += 4) {
      const auto text = rows[pick]["trace"].get<std::string>();
      std::vector<int> matches;
      set.match(text, matches);
      std::vector<int> expected;
      for (std::size_t index = 0; index < each.size(); ++index) {
        if (re2::RE2::PartialMatch(text, *each[index])) expected.push_back(static_cast<int>(index));
      }
      CHECK_MESSAGE(matches == expected, text);
      ++traces;
      with_matches += !expected.empty();
    }
  }
  CHECK(traces > 500);
  CHECK(with_matches * 10 > traces * 9);
}
