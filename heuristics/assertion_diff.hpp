// Assertion diffs that only a host explains: an assertion failure whose expected and actual
// values differ ONLY in a host-dependent way -- line endings, decimal or digit-grouping
// separators, path separators, a whole-hour time-zone shift, the date order, month or weekday language or
// 12/24-hour clock of a locale -- fails on that host every run and passes elsewhere. That is environmental (stop),
// not a defect in the code under test.
//
// Contract:
//   extract_value_pairs(text): the (expected, actual) pairs of the diff formats runners document:
//     JUnit 4/Kotest "expected:<a> but was:<b>", JUnit 5/AssertJ/opentest4j "expected: <a> but
//     was: <b>", Hamcrest "Expected: a / but: was b" (and is()'s "Expected: is a"), NUnit
//     "Expected: a / But was: b", xUnit,
//     Minitest and Dart "Expected: a / Actual: b", Jest "Expected: a / Received: b" (and
//     "Expected substring: / Received string:"), RSpec "expected: a / got: b" and "expected a to
//     include b", testify "expected: a / actual  : b", Rust and ExUnit "left: a / right: b",
//     GoogleTest's two "Which is:" lines, Catch2's "with expansion:" line "a == b" (or "a", "==", "b"
//     on three lines when the values are long), MSTest
//     "Expected:<a>. Actual:<b>.", FluentAssertions "Expected x to be a, but b ..." and "Expected
//     string a to contain b", PHPUnit "Failed asserting that a matches expected b" and
//     "... that [exception message ]a contains b", XCTest "(a) is
//     not equal to (b)", pytest "assert a == b", unittest "a != b", node's "a !== b",
//     Jasmine/Chai "expected a to equal b" / "to include b", FluentAssertions 7.1+'s "but they
//     differ at index n:" / "on line l and column c (index n):" with its "\u2193 (actual)" excerpt
//     line above the expected one, pytest's "At index n diff: a != b", and the diff blocks under
//     "- Expected / + Received", "--- Expected / +++ Actual", "+ actual - expected", "+ expected -
//     actual", and pytest's ndiff lines ("E   - expected", "E   + actual", its "?" hints skipped;
//     pytest 5.4+ signs: '-' is the right-hand, expected side).
//     Copies (a diff block's sides are rebuilt from its lines); at most k_max_pairs pairs from its first k_max_scan bytes, each value at
//     most k_max_value bytes (a longer one is returned as `oversized`, and never explains).
//   host_difference(pair): which host-dependent aspect alone separates the two values, or
//     HostDifference::none (equal values, any other difference, an oversized value). Zone names
//     that differ count beside their clock only when both name the same instant ("16:53 CET" /
//     "10:53 EST"); a clock shift of whole hours, of half hours (from 2.5 h) or of hours and 45
//     minutes (Nepal, Chatham; from 4.75 h) counts alone; Python's "datetime.datetime(2015, 11,
//     24, 19, 29, 5" reprs are date-times. locale_symbols: a no-break or narrow no-break space
//     (ICU 72 puts U+202F before AM/PM) for a space, '\u221e' for "Infinity", a culture's NaN ("n.
//     def."), U+2212 for '-' before a number; with separators too it is number_separators. A value the
//     runner truncated ("···", "...", "…" at an end) is compared up to the cut. A date or weekday
//     alone one day off counts only when the text before the pair names a zone ("timezone", "TZ", "UTC",
//     "DST"...): otherwise it is as likely an off-by-one; the overload without a pair has no such
//     text, so there it never counts.
//   find_host_difference(text): the first pair's difference when EVERY extracted pair differs
//     only host-wise (one real difference among them keeps the failure a defect); none without
//     pairs.
//   apply_host_difference(failure, verdict): the rule engine's hook, run on its chosen verdict.
//     A deterministic verdict becomes environmental under the rule of the difference found
//     (host_difference_rule), whose reason says what differed: a move between two stop
//     categories, so no retry advice ever changes. The new rule's Hit goes in front of the
//     verdict's hits for --explain. Other verdicts are left alone (a pattern rule's "a rendered
//     time differs" too, however far apart the times: the .cpp says why).
// Patterns are RE2, compiled once on first use; everything is linear in the bytes scanned.
// Thread-safe: no mutable state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heuristics/rule.hpp"
#include "heuristics/rule_engine.hpp"

namespace flakyd::heuristics {

inline constexpr std::size_t k_max_scan = 64 * 1024;
inline constexpr std::size_t k_max_pairs = 8;
inline constexpr std::size_t k_max_value = 4096;
// Mixed into the rule pack's digest: cached verdicts made before this check changed are stale.
inline constexpr std::string_view k_assertion_diff_version = "assertion-diff-4";

enum class HostDifference {
  none,
  line_endings,
  number_separators,
  path_separators,
  time_zone,
  date_format,
  locale_symbols
};

// `equals`: the values should be equal; `contains`: `actual` should contain `expected`.
enum class Relation { equals, contains };

struct ValuePair {
  std::string expected;  // unwrapped: a quoted value ends at its closing quote
  std::string actual;
  Relation relation = Relation::equals;
  std::string_view context;  // up to 512 bytes of the text before the pair (what a runner quotes)
  std::size_t begin = 0;     // where the pair's lines start in the text
  bool oversized = false;
};

std::vector<ValuePair> extract_value_pairs(std::string_view text);

HostDifference host_difference(const ValuePair& pair);
HostDifference host_difference(std::string_view expected, std::string_view actual,
                               Relation relation = Relation::equals);

struct HostDifferenceFinding {
  HostDifference kind = HostDifference::none;
  ValuePair pair;
};
std::optional<HostDifferenceFinding> find_host_difference(std::string_view text);

// The environmental rule naming `kind` (not part of any pack; id "env.host-diff.<kind>").
const Rule& host_difference_rule(HostDifference kind);

void apply_host_difference(const FailureText& failure, Verdict& verdict);

}  // namespace flakyd::heuristics
