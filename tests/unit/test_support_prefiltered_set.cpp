// support/prefiltered_set.hpp: the same answer as one RE2::Set of the same patterns, whatever
// mix of atom-bearing and atomless patterns, groups and language filters.
#include "support/prefiltered_set.hpp"
#include "support/re2_options.hpp"

#include <doctest/doctest.h>

#include <random>
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
