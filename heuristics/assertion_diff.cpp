#include "heuristics/assertion_diff.hpp"
#include "support/re2_options.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace flakyd::heuristics {

namespace {

// ---------------------------------------------------------------------------------------------
// Extraction: one RE2 holding every documented single- or two-line format, two groups each.
// ---------------------------------------------------------------------------------------------

// What a CI log puts before a runner's line: indentation, an ISO or clock timestamp, a tag
// ("[junit]", "[INFO]"), pytest's "E", Perl TAP's "#".
#define FLAKYD_PFX R"([ \t]*(?:\d{4}-\d\d-\d\dT[\d:.]+Z?[ \t]+)?(?:\d\d:\d\d:\d\d(?:\.\d+)?[ \t]+)?(?:\[[\w.-]+\][ \t]*)?(?:[E#][ \t]+)?[ \t]*)"
#define FLAKYD_V R"(([^\n]*))"
#define FLAKYD_LAZY R"(([^\n]*?))"
#define FLAKYD_EOL R"([ \t\r]*(?:\n|$))"

struct Format {
  const char* pattern;  // exactly two capture groups
  bool actual_first;    // group 1 is the actual value
  Relation relation;
};

// Each runner's documented wording (the rows of tests/data/host-diffs-documented.jsonl cite them).
constexpr std::array<Format, 37> k_formats = {{
    // JUnit 4 ComparisonFailure, Kotest: expected:<a> but was:<b>
    {R"(expected:<)" FLAKYD_V R"(> but was:<)" FLAKYD_V R"(>)", false, Relation::equals},
    // JUnit 5 / opentest4j / AssertJ: expected: <a> but was: <b>
    {R"(expected: <)" FLAKYD_V R"(> but was: <)" FLAKYD_V R"(>)", false, Relation::equals},
    // kotlin.test: Expected <a>, actual <b>.
    {R"(Expected <)" FLAKYD_V R"(>, actual <)" FLAKYD_V R"(>\.?)", false, Relation::equals},
    // TestNG: expected [a] but found [b]
    {R"(expected \[)" FLAKYD_V R"(\] but found \[)" FLAKYD_V R"(\])", false, Relation::equals},
    // MSTest: Expected:<a>. Actual:<b>.
    {R"(Expected:<)" FLAKYD_V R"(>\. Actual:<)" FLAKYD_V R"(>\.)", false, Relation::equals},
    // Jest's toContain-like "Expected substring: / Received string:" (observed must contain it)
    {R"((?m)^)" FLAKYD_PFX R"(Expected substring: *)" FLAKYD_V R"(\n)" FLAKYD_PFX R"(Received string: *)" FLAKYD_V,
     false, Relation::contains},
    // clojure.test: expected: (= a (f)) / actual: (not (= "a" "b"))  (before the generic two lines)
    {R"((?m)^[ \t]*expected: \(=[^\n]*\n[ \t]*actual: \(not \(= ("[^"\n]*") ("[^"\n]*")\)\))", false,
     Relation::equals},
    // Two labelled lines: Hamcrest "Expected: / but: was", NUnit "Expected: / But was:", xUnit,
    // Minitest, Dart "Expected: / Actual:", Jest "Expected: / Received:", RSpec "expected: /
    // got:", testify "expected: / actual  :", HSpec "expected: / but got:", Go "want: / got:" is
    // below (reversed). Hamcrest's is() matcher prints "Expected: is <a>" over "but: was <b>".
    {R"((?m)^)" FLAKYD_PFX R"((?:Expected|expected)(?: value)?: *(?:is )?)" FLAKYD_V R"(\n)" FLAKYD_PFX
     R"((?:but: was|[Bb]ut was:|[Bb]ut got:|Actual:|actual *:|Received:|got:) *)" FLAKYD_V,
     false, Relation::equals},
    // Rust assert_eq!, ExUnit: left: a / right: b
    {R"((?m)^)" FLAKYD_PFX R"(left: *)" FLAKYD_V R"(\n)" FLAKYD_PFX R"(right: *)" FLAKYD_V, true, Relation::equals},
    // Perl Test::More: got: a / expected: b; Go's "got: a / want: b"
    {R"((?m)^)" FLAKYD_PFX R"(got: *)" FLAKYD_V R"(\n)" FLAKYD_PFX R"((?:expected|want): *)" FLAKYD_V, true,
     Relation::equals},
    // GoogleTest: Expected equality of these values: / x / Which is: a / y / Which is: b
    {R"((?m)^[ \t]*Which is: )" FLAKYD_V R"(\n[^\n]*\n[ \t]*Which is: )" FLAKYD_V, true, Relation::equals},
    // R testthat: x[1]: a / y[1]: b
    {R"((?m)^)" FLAKYD_PFX R"(x\[1\]: *)" FLAKYD_V R"(\n)" FLAKYD_PFX R"(y\[1\]: *)" FLAKYD_V, true, Relation::equals},
    // Catch2: with expansion: / a == b, or for long values a / == / b on three lines
    {R"((?m)with expansion:[ \t\r]*\n[ \t]*)" FLAKYD_LAZY R"( == )" FLAKYD_V, true, Relation::equals},
    {R"((?m)with expansion:[ \t\r]*\n[ \t]*)" FLAKYD_V R"(\n[ \t]*==[ \t\r]*\n[ \t]*)" FLAKYD_V, true, Relation::equals},
    // doctest: values: CHECK( a == b )
    {R"(values: [A-Z_]+\( )" FLAKYD_LAZY R"( == )" FLAKYD_LAZY R"( \))", true, Relation::equals},
    // Boost.Test: check a == b has failed [a != b]
    {R"(has failed \[)" FLAKYD_LAZY R"( != )" FLAKYD_LAZY R"(\])", true, Relation::equals},
    // FluentAssertions 7.1+ (and 8): Expected x to be [equivalent to ]the same string, but they
    // differ at index n: | on line l and column c (index n): / \u2193 (actual) / "actual excerpt" /
    // "expected excerpt" / \u2191 (expected). Before the older wording, which would read the
    // sentence itself as the pair.
    {R"(Expected [^\n]*?, but they differ (?:at index \d+|on line \d+ and column \d+ \(index \d+\)):[ \t\r]*\n)"
     "[ \\t]*\xE2\x86\x93 \\(actual\\)[ \\t\\r]*\\n[ \\t]*" FLAKYD_V R"(\n[ \t]*)" FLAKYD_V
     "\\n[ \\t]*\xE2\x86\x91 \\(expected\\)",
     true, Relation::equals},
    // FluentAssertions: Expected x to be [equivalent to ]a[ with a length of n], but [found ]b
    // has/differs near/.
    {R"(Expected [\w.\[\]()]+ to be (?:equivalent to )?)" FLAKYD_LAZY R"((?: with a length of \d+)?, but (?:found )?)" FLAKYD_LAZY
     R"((?: has a length of| differs near|\.?[ \t\r]*(?:\n|$)))", false, Relation::equals},
    // FluentAssertions: Expected string a to contain b.
    {R"(Expected (?:string|[\w.]+) )" FLAKYD_LAZY R"( to contain )" FLAKYD_LAZY R"(\.?[ \t\r]*(?:\n|$))", true,
     Relation::contains},
    // PHPUnit: Failed asserting that a matches expected b. / is identical to b.
    {R"(Failed asserting that )" FLAKYD_LAZY R"( (?:matches expected|is identical to|is equal to) )" FLAKYD_LAZY
     R"(\.[ \t\r]*(?:\n|$))", true, Relation::equals},
    // PHPUnit's StringContains and ExceptionMessageIsOrContains: Failed asserting that 'a' contains
    // "b". / that exception message 'a' contains 'b'.
    {R"(Failed asserting that (?:exception message )?)" FLAKYD_LAZY R"( contains )" FLAKYD_LAZY
     R"(\.[ \t\r]*(?:\n|$))", true, Relation::contains},
    // XCTest: XCTAssertEqual failed: ("a") is not equal to ("b")
    {R"(\()" FLAKYD_LAZY R"(\) is not equal to \()" FLAKYD_LAZY R"(\))", true, Relation::equals},
    // Nimble: expected to equal <a>, got <b>
    {R"(expected to equal <)" FLAKYD_LAZY R"(>, got <)" FLAKYD_LAZY R"(>)", false, Relation::equals},
    // ScalaTest: a did not equal b
    {R"((?m)^)" FLAKYD_PFX FLAKYD_LAZY R"( did not equal )" FLAKYD_LAZY FLAKYD_EOL, true, Relation::equals},
    // pytest: [E] [AssertionError: ]assert a == b (never the quoted source line, which is indented)
    {R"((?m)^(?:E[ \t]+)?(?:AssertionError: )?assert )" FLAKYD_LAZY R"( == )" FLAKYD_LAZY FLAKYD_EOL, true,
     Relation::equals},
    // pytest's sequence explanation: At index n diff: a != b (left, the actual value, first)
    {R"((?m)^(?:E[ \t]+)?At index \d+ diff: )" FLAKYD_LAZY R"( != )" FLAKYD_LAZY FLAKYD_EOL, true, Relation::equals},
    // unittest: AssertionError: [Tuples differ: ]a != b
    {R"(AssertionError: (?:\w+ differ: )?)" FLAKYD_LAZY R"( != )" FLAKYD_LAZY FLAKYD_EOL, true, Relation::equals},
    // node:assert short values: a !== b   (a code frame's "12 | if (a !== b)" has a bar)
    {R"((?m)^)" FLAKYD_PFX R"(([^\n|]+?) !== ([^\n|]+?))" FLAKYD_EOL, true, Relation::equals},
    // Pester "Expected 'a', but got 'b'."; Cypress "expected <el> to contain text 'a', but the
    // text was 'b'"
    {R"([Ee]xpected )" FLAKYD_LAZY R"(, but (?:got|was|found) )" FLAKYD_LAZY R"(\.?[ \t\r]*(?:\n|$))", false,
     Relation::equals},
    {R"([Ee]xpected [^\n]*? to (?:contain|have) text )" FLAKYD_LAZY R"(, but the text was )" FLAKYD_LAZY R"([ \t\r]*(?:\n|$))", false,
     Relation::equals},
    // Go's convention (Go wiki, Test comments: "Foo(x) = y, want z"; "got y, want z")
    {R"((?:\) = |\bgot:? ))" FLAKYD_LAZY R"(,? want:? )" FLAKYD_LAZY R"([ \t\r]*(?:\n|$))", true, Relation::equals},
    // Shouldly: should be / "a" / but was / "b"
    {R"((?m)should be[ \t\r]*\n[ \t]*)" FLAKYD_V R"(\n[ \t]*but was[ \t\r]*\n[ \t]*)" FLAKYD_V, false, Relation::equals},
    // Swift Testing: Expectation failed: (expr \u2192 a) == b
    {"Expectation failed: \\([^\\n]*? \xE2\x86\x92 " FLAKYD_LAZY R"(\) == )" FLAKYD_LAZY R"([ \t\r]*(?:\n|$))", true,
     Relation::equals},
    // busted: Passed in: / (string) 'b' / Expected: / (string) 'a'
    {R"(Passed in:[ \t\r]*\n\(\w+\) )" FLAKYD_V R"(\nExpected:[ \t\r]*\n\(\w+\) )" FLAKYD_V, true, Relation::equals},
    // elm-test: actual / \u2577 / \u2502 Expect.equal / \u2575 / expected
    {"(?m)^[ \\t]*" FLAKYD_V "\\n[ \\t]*\xE2\x95\xB7[ \\t\\r]*\\n[ \\t]*\xE2\x94\x82 Expect\\.equal[ \\t\\r]*\\n[ \\t]*\xE2\x95\xB5[ \\t\\r]*\\n[ \\t]*" FLAKYD_V,
     true, Relation::equals},
    // Zig std.testing.expectEqualStrings: expected this output / instead found this
    {R"((?s)expected this output: =+\r?\n(.*?)\n=+ instead found this: =+\r?\n(.*?)\n={10,})", false,
     Relation::equals},
    // Jasmine / Chai / RSpec / Minitest: expected a to [deeply ]equal|include|contain b
    {R"([Ee]xpected )" FLAKYD_LAZY R"( to (?:(?:deeply |strictly )?equal|(include|contain)) )" FLAKYD_LAZY
     R"(\.?[ \t\r]*(?:\n|$))", true, Relation::equals},
}};
#undef FLAKYD_PFX
#undef FLAKYD_V
#undef FLAKYD_LAZY
#undef FLAKYD_EOL

// The joined format patterns need more than RE2's default 8 MiB.
re2::RE2::Options latin1() { return byte_pattern_options(int64_t{16} << 20); }

// The Jasmine/Chai format has a third group (include|contain) that turns it into `contains`.
constexpr std::size_t k_include_format = k_formats.size() - 1;

// A diff block's header and which sign marks the expected side: Jest "- Expected / + Received"
// (and "- Snapshot"), PHPUnit and Minitest "--- Expected / +++ Actual", a golden-file harness's
// diff of two files named so (curl's "--- log/check-expected / +++ log/check-generated",
// pg_regress's "--- ../expected/x.out / +++ ../results/x.out"), node:assert "+ actual -
// expected", Mocha/Chai "+ expected - actual". Group 1 is the header, group 2 is set when '+'
// marks the expected side. It rides in the same alternation as the formats: one pass.
constexpr const char* k_diff_header =
    R"(((?m)^[ \t]*(?:- (?:Expected|Snapshot)\b[^\n]*\n[ \t]*\+ Received\b[^\n]*|--- [Ee]xpected\b[^\n]*\n[ \t]*\+\+\+ [Aa]ctual\b[^\n]*|--- [^\s]*\bexpected\b[^\n]*\n[ \t]*\+\+\+ [^\s]*\b(?:generated|results?|output|actual)\b[^\n]*|\+ actual - expected|(\+) expected - actual)[ \t\r]*\n))";

// pytest's ndiff lines under an assertion ("E         - expected", "E         ? ^", "E         +
// actual", "E           context"): its first signed line. Group 1 runs from the line's start
// through the "E" (its width is the column every line of the block repeats), group 2 is the
// indentation before the signs.
constexpr const char* k_ndiff_header =
    R"(((?m)^[ \t]*(?:\d{4}-\d\d-\d\dT[\d:.]+Z?[ \t]+)?E)([ \t]{3,})[-+](?: |$))";

struct CompiledFormats {
  std::unique_ptr<re2::RE2> any;  // every format and the diff headers as one alternation
  std::vector<int> first_group;   // each format's first group index in `any`
  int diff_group = 0;             // the diff header's group
  int ndiff_group = 0;            // pytest's ndiff line's first group
  int groups = 0;
};

const CompiledFormats& formats() {
  static const CompiledFormats compiled = [] {
    CompiledFormats result;
    std::string joined;
    int group = 1;
    for (std::size_t i = 0; i < k_formats.size(); ++i) {
      if (!joined.empty()) joined += '|';
      joined += "(?:";
      joined += k_formats[i].pattern;
      joined += ')';
      result.first_group.push_back(group);
      group += i == k_include_format ? 3 : 2;
    }
    joined += "|(?:";
    joined += k_diff_header;
    joined += ')';
    result.diff_group = group;
    group += 2;
    joined += "|(?:";
    joined += k_ndiff_header;
    joined += ')';
    result.ndiff_group = group;
    group += 2;
    result.any = std::make_unique<re2::RE2>(joined, latin1());
    result.groups = group - 1;
    return result;
  }();
  return compiled;
}

std::string_view trim(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  return value;
}

// A quoted value ends at its last matching quote: annotations a runner adds after it ("(U+2019)",
// "(rounded from ...)", a trailing comma) are not the value.
std::string_view unwrap(std::string_view value) {
  value = trim(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'' || value.front() == '`')) {
    const auto last = value.rfind(value.front());
    if (last > 0) value = value.substr(0, last + 1);
  }
  return value;
}

std::string_view strip_quotes(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'' || value.front() == '`') &&
      value.back() == value.front()) {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

std::string_view context_before(std::string_view text, std::size_t at) {
  constexpr std::size_t k_context = 512;
  const std::size_t begin = at > k_context ? at - k_context : 0;
  return text.substr(begin, at - begin);
}

ValuePair make_pair(std::string_view text, std::size_t begin, std::string_view expected, std::string_view actual,
                    Relation relation) {
  ValuePair pair;
  pair.relation = relation;
  pair.context = context_before(text, begin);
  pair.begin = begin;
  pair.oversized = expected.size() > k_max_value || actual.size() > k_max_value;
  if (pair.oversized) return pair;
  pair.expected = std::string(unwrap(expected));
  pair.actual = std::string(unwrap(actual));
  // NUnit's "Expected: String containing \"x\"" and the contains relations: the needle is the
  // wanted text without its quotes.
  if (pair.relation == Relation::equals && pair.expected.starts_with("String containing ")) {
    pair.expected.erase(0, std::string_view("String containing ").size());
    pair.relation = Relation::contains;
  }
  if (pair.relation == Relation::contains) pair.expected = std::string(strip_quotes(pair.expected));
  return pair;
}

// A pair whose sides were rebuilt from a diff block's lines (kept as printed: no quotes to unwrap).
ValuePair rebuilt_pair(std::string_view text, std::size_t begin, std::string expected, std::string actual) {
  ValuePair pair;
  pair.context = context_before(text, begin);
  pair.begin = begin;
  pair.oversized = expected.size() > k_max_value || actual.size() > k_max_value;
  pair.expected = std::move(expected);
  pair.actual = std::move(actual);
  return pair;
}

// Lines of a diff block after its header, until a blank line after content, a stack frame or a
// line that is neither context nor a signed line.
void read_diff_block(std::string_view text, std::size_t from, bool plus_is_expected, std::size_t header_begin,
                     std::vector<ValuePair>& pairs) {
  constexpr int k_max_lines = 60;
  std::string expected, actual;
  bool content = false, changed = false;
  std::size_t at = from;
  for (int lines = 0; lines < k_max_lines && at < text.size(); ++lines) {
    const auto end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view body = trim(line);
    if (body.empty()) {
      if (content) break;
      continue;
    }
    if (body.starts_with("@@") || body.starts_with("\\ No newline")) continue;
    if (body.starts_with("at ")) break;
    const auto indent = line.find_first_not_of(" \t");
    const char sign = line[indent];
    auto value = line.substr(indent + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (sign == '-' || sign == '+') {
      const bool is_expected = (sign == '+') == plus_is_expected;
      std::string& side = is_expected ? expected : actual;
      if (!side.empty()) side += '\n';
      side.append(value);
      changed = true;
    } else if (indent >= 1) {
      for (std::string* side : {&expected, &actual}) {
        if (!side->empty()) *side += '\n';
        side->append(body);
      }
    } else {
      break;
    }
    content = true;
    if (expected.size() > k_max_value || actual.size() > k_max_value) break;
  }
  if (!changed) return;
  pairs.push_back(rebuilt_pair(text, header_begin, std::move(expected), std::move(actual)));
}

// pytest's ndiff block from its first signed line at `from`: every line repeats the "E" at column
// `column` and the indentation `indent` before its two-character code ("- ", "+ ", "? ", "  ").
// '-' marks the expected (right-hand) side since pytest 5.4, '+' the actual one (unittest's own
// ndiff under pytest signs its first argument '-': the sides swap, which no comparison here minds);
// "?" hint lines are skipped; context lines go to both sides. The block ends at a line without
// the "E" column, a line indented less (the next assertion's explanation) or an operand's "+
// where" line. Returns where it ends.
std::size_t read_ndiff_block(std::string_view text, std::size_t from, std::size_t column, std::size_t indent,
                             std::vector<ValuePair>& pairs) {
  constexpr int k_max_lines = 60;
  std::string expected, actual;
  bool changed = false;
  std::size_t at = from, block_end = from;
  for (int lines = 0; lines < k_max_lines && at < text.size(); ++lines, block_end = std::min(at, text.size())) {
    const auto end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() <= column || line[column] != 'E') break;
    const std::string_view rest = line.substr(column + 1);
    if (trim(rest).empty()) {  // an empty context line (its trailing blanks are often cut)
      for (std::string* side : {&expected, &actual}) side->push_back('\n');
      continue;
    }
    if (rest.size() <= indent || rest.substr(0, indent).find_first_not_of(" \t") != std::string_view::npos) break;
    const char code = rest[indent];
    const std::string_view value = rest.size() > indent + 2 ? rest.substr(indent + 2) : std::string_view{};
    if (code == '?') continue;
    // pytest's own explanation of an operand ("+  where 2 = len(x)", "+    and   ..."), not a diff.
    if (rest.substr(indent).starts_with("+  where ") || rest.substr(indent).starts_with("+    and ")) break;
    if (code == '-' || code == '+') {
      std::string& side = code == '-' ? expected : actual;
      side.append(value).push_back('\n');
      changed = true;
    } else if (code == ' ' && (rest.size() == indent + 1 || rest[indent + 1] == ' ')) {
      for (std::string* side : {&expected, &actual}) side->append(value).push_back('\n');
    } else {
      break;
    }
    if (expected.size() > k_max_value || actual.size() > k_max_value) break;
  }
  if (!changed) return block_end;
  pairs.push_back(rebuilt_pair(text, from, std::move(expected), std::move(actual)));
  return block_end;
}

// ---------------------------------------------------------------------------------------------
// Normalisations.
// ---------------------------------------------------------------------------------------------

// Ellipses runners print where they cut a value: xUnit's "···", JUnit's "...", "…".
constexpr std::array<std::string_view, 3> k_cut_marks = {"\xC2\xB7\xC2\xB7\xC2\xB7", "...", "\xE2\x80\xA6"};

struct Cut {
  std::string_view value;
  bool front = false;
  bool back = false;
};

Cut cut_marks(std::string_view value) {
  Cut cut{value};
  for (auto mark : k_cut_marks) {
    // A quote may sit outside the mark: "\"abc···" or "···abc\"".
    if (cut.value.starts_with(mark)) {
      cut.value.remove_prefix(mark.size());
      cut.front = true;
    } else if (cut.value.size() > mark.size() && (cut.value[0] == '"' || cut.value[0] == '\'') &&
               cut.value.substr(1).starts_with(mark)) {
      cut.value.remove_prefix(mark.size() + 1);
      cut.front = true;
    }
    if (cut.value.ends_with(mark)) {
      cut.value.remove_suffix(mark.size());
      cut.back = true;
    } else if (cut.value.size() > mark.size() && (cut.value.back() == '"' || cut.value.back() == '\'') &&
               cut.value.substr(0, cut.value.size() - 1).ends_with(mark)) {
      cut.value.remove_suffix(mark.size() + 1);
      cut.back = true;
    }
  }
  return cut;
}

// Equal, or -- where a runner cut either value -- equal up to the cut.
bool same(std::string_view expected, std::string_view actual, Relation relation, bool front, bool back) {
  if (relation == Relation::contains) return !expected.empty() && actual.find(expected) != std::string_view::npos;
  if (!front && !back) return expected == actual;
  const auto n = std::min(expected.size(), actual.size());
  if (n == 0) return false;
  if (back && !front) return expected.substr(0, n) == actual.substr(0, n);
  if (front && !back) return expected.substr(expected.size() - n) == actual.substr(actual.size() - n);
  return expected.find(actual) != std::string_view::npos || actual.find(expected) != std::string_view::npos;
}

std::string replace_all(std::string_view value, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t at = 0; at < value.size();) {
    if (value.substr(at).starts_with(from)) {
      out.append(to);
      at += from.size();
    } else {
      out.push_back(value[at++]);
    }
  }
  return out;
}

// CR bytes and what runners print for them: the escape "\r", Zig's visible U+240D.
std::string without_carriage_returns(std::string_view value) {
  return replace_all(replace_all(replace_all(value, "\r", ""), "\\r", ""), "\xE2\x90\x8D", "");
}

// Backslashes (one, or escaped as two) become '/'.
std::string forward_slashes(std::string_view value) {
  return replace_all(replace_all(value, "\\\\", "/"), "\\", "/");
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A separator between two digits, as locales print them: ',' '.' '\'' and the UTF-8 ’ (U+2019),
// NBSP (U+00A0), narrow NBSP (U+202F), thin space (U+2009); its length in bytes, or 0.
std::size_t separator_at(std::string_view value, std::size_t at) {
  static constexpr std::array<std::string_view, 7> k_separators = {
      ",", ".", "'", "\xE2\x80\x99", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89"};
  for (auto separator : k_separators) {
    if (value.substr(at).starts_with(separator)) return separator.size();
  }
  return 0;
}

// Every separator between two digits becomes '#'.
std::string canonical_separators(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t at = 0; at < value.size();) {
    const std::size_t length = at > 0 && is_digit(value[at - 1]) ? separator_at(value, at) : 0;
    if (length > 0 && at + length < value.size() && is_digit(value[at + length])) {
      out.push_back('#');
      at += length;
    } else {
      out.push_back(value[at++]);
    }
  }
  return out;
}

// What a locale or a runtime's ICU prints for plain characters, rewritten to them: a no-break
// space (U+00A0), a narrow no-break space (U+202F: CLDR 42 / ICU 72 put it before AM/PM) or a thin
// space (U+2009) for ' '; U+2212 MINUS SIGN for '-' before a digit or infinity; '\u221e' (.NET
// Core 3+, ICU, Java's DecimalFormat) for "Infinity"; a culture's NaN symbol (Windows' "n. def."
// for de-DE, "\u043d\u0435 \u0447\u0438\u0441\u043b\u043e" for ru-RU) for "NaN".
std::string locale_symbols(std::string_view value) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_symbols = {{
      {"\xC2\xA0", " "},
      {"\xE2\x80\xAF", " "},
      {"\xE2\x80\x89", " "},
      {"\xE2\x88\x9E", "Infinity"},
      {"n. def.", "NaN"},
      {"\xD0\xBD\xD0\xB5 \xD1\x87\xD0\xB8\xD1\x81\xD0\xBB\xD0\xBE", "NaN"},
  }};
  constexpr std::string_view k_minus = "\xE2\x88\x92", k_infinity = "\xE2\x88\x9E";
  std::string out;
  out.reserve(value.size());
  for (std::size_t at = 0; at < value.size();) {
    const auto rest = value.substr(at);
    if (rest.starts_with(k_minus) && rest.size() > k_minus.size() &&
        (is_digit(rest[k_minus.size()]) || rest.substr(k_minus.size()).starts_with(k_infinity))) {
      out.push_back('-');
      at += k_minus.size();
      continue;
    }
    const auto symbol = std::find_if(k_symbols.begin(), k_symbols.end(), [&](const auto& s) { return rest.starts_with(s.first); });
    if (symbol != k_symbols.end()) {
      out.append(symbol->second);
      at += symbol->first.size();
    } else {
      out.push_back(value[at++]);
    }
  }
  return out;
}

// ---- Time: dates, times, epochs, offsets, zone names and weekdays become placeholders. --------

enum class TimeKind { datetime, date, time, epoch_s, epoch_ms, offset, zone, weekday };

struct TimeValue {
  TimeKind kind;
  std::int64_t value;  // seconds (datetime, time, epochs in their unit), days (date), minutes
                       // (offset), table index (zone, weekday)
  int form = 0;        // weekday: 0 full name, 1 abbreviation
};

// Zone abbreviations with the UTC offsets (minutes east) they name: an abbreviation several
// zones print lists each (CST: US Central and China; IST: Israel, India, Ireland). Standard and
// daylight names of one zone share a `zone` number.
struct ZoneName {
  std::string_view name;
  int zone;
  std::array<int, 3> offsets;
  int count;
};
constexpr std::array<ZoneName, 43> k_zone_names = {{
    {"EST", 0, {-300}, 1},  {"EDT", 0, {-240}, 1},  {"CST", 1, {-360, 480}, 2}, {"CDT", 1, {-300}, 1},
    {"MST", 2, {-420}, 1},  {"MDT", 2, {-360}, 1},  {"PST", 3, {-480}, 1},      {"PDT", 3, {-420}, 1},
    {"AKST", 4, {-540}, 1}, {"AKDT", 4, {-480}, 1}, {"HST", 5, {-600}, 1},      {"HDT", 5, {-540}, 1},
    {"AST", 6, {-240, 180}, 2}, {"ADT", 6, {-180}, 1}, {"NST", 7, {-210}, 1},   {"NDT", 7, {-150}, 1},
    {"CET", 8, {60}, 1},    {"CEST", 8, {120}, 1},  {"EET", 9, {120}, 1},       {"EEST", 9, {180}, 1},
    {"WET", 10, {0}, 1},    {"WEST", 10, {60}, 1},  {"GMT", 11, {0}, 1},        {"BST", 11, {60}, 1},
    {"AEST", 12, {600}, 1}, {"AEDT", 12, {660}, 1}, {"ACST", 13, {570}, 1},     {"ACDT", 13, {630}, 1},
    {"AWST", 14, {480}, 1}, {"AWDT", 14, {540}, 1}, {"NZST", 15, {720}, 1},     {"NZDT", 15, {780}, 1},
    {"IST", 16, {120, 330, 60}, 3}, {"IDT", 16, {180}, 1}, {"MSK", 17, {180}, 1}, {"JST", 18, {540}, 1},
    {"KST", 19, {540}, 1},  {"HKT", 20, {480}, 1},  {"SGT", 21, {480}, 1},      {"NPT", 22, {345}, 1},
    {"UTC", 23, {0}, 1},    {"MSD", 17, {240}, 1},  {"CAT", 24, {120}, 1},
}};
constexpr std::array<std::string_view, 7> k_weekdays = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                        "Friday", "Saturday", "Sunday"};

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::size_t digits_at(std::string_view s, std::size_t at) {
  std::size_t n = 0;
  while (at + n < s.size() && is_digit(s[at + n])) ++n;
  return n;
}

int number(std::string_view s, std::size_t at, std::size_t n) {
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + (s[at + i] - '0');
  return value;
}

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A space, a no-break space or a narrow no-break space (ICU 72's before AM/PM) at `at`: its length
// in bytes, or 0.
std::size_t space_at(std::string_view s, std::size_t at) {
  const auto rest = s.substr(std::min(at, s.size()));
  if (rest.starts_with(' ')) return 1;
  if (rest.starts_with("\xC2\xA0")) return 2;
  if (rest.starts_with("\xE2\x80\xAF")) return 3;
  return 0;
}

// "HH:MM[:SS][ AM|PM]" at `at`: seconds of the day and the end, or nullopt.
std::optional<std::pair<std::int64_t, std::size_t>> time_at(std::string_view s, std::size_t at) {
  const auto h = digits_at(s, at);
  if (h < 1 || h > 2 || at + h + 3 > s.size() || s[at + h] != ':' || digits_at(s, at + h + 1) != 2) {
    return std::nullopt;
  }
  int hours = number(s, at, h);
  const int minutes = number(s, at + h + 1, 2);
  std::size_t end = at + h + 3;
  int seconds = 0;
  if (end + 2 < s.size() + 0 && s[end] == ':' && digits_at(s, end + 1) == 2) {
    seconds = number(s, end + 1, 2);
    end += 3;
  }
  if (hours > 24 || minutes > 59 || seconds > 60) return std::nullopt;
  if (const auto gap = space_at(s, end); gap > 0 && end + gap + 1 < s.size() &&
                                         (s[end + gap + 1] == 'M' || s[end + gap + 1] == 'm') &&
                                         (end + gap + 2 >= s.size() || !is_alnum(s[end + gap + 2]))) {
    const char half = static_cast<char>(std::toupper(static_cast<unsigned char>(s[end + gap])));
    if ((half == 'A' || half == 'P') && hours >= 1 && hours <= 12) {
      hours = hours % 12 + (half == 'P' ? 12 : 0);
      end += gap + 2;
    }
  }
  return std::pair{static_cast<std::int64_t>(hours) * 3600 + minutes * 60 + seconds, end};
}

struct Skeleton {
  std::string text;
  std::vector<TimeValue> values;
};

constexpr char k_slot = '\x01';

// A date at `at`: "YYYY-MM-DD", "M/D/YYYY" (D/M/YYYY when the first field exceeds 12) or
// "D.M.YYYY"; days since the epoch and the end.
std::optional<std::pair<std::int64_t, std::size_t>> date_at(std::string_view s, std::size_t at) {
  const auto first = digits_at(s, at);
  if (first == 4 && at + 10 <= s.size() && s[at + 4] == '-' && digits_at(s, at + 5) == 2 && s[at + 7] == '-' &&
      digits_at(s, at + 8) == 2) {
    const int m = number(s, at + 5, 2), d = number(s, at + 8, 2);
    if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
    return std::pair{days_from_civil(number(s, at, 4), static_cast<unsigned>(m), static_cast<unsigned>(d)), at + 10};
  }
  if (first < 1 || first > 2 || at + first >= s.size()) return std::nullopt;
  const char separator = s[at + first];
  if (separator != '/' && separator != '.') return std::nullopt;
  const auto second_at = at + first + 1;
  const auto second = digits_at(s, second_at);
  if (second < 1 || second > 2 || second_at + second >= s.size() || s[second_at + second] != separator ||
      digits_at(s, second_at + second + 1) != 4) {
    return std::nullopt;
  }
  int a = number(s, at, first), b = number(s, second_at, second);
  const int year = number(s, second_at + second + 1, 4);
  int month = separator == '/' && a <= 12 ? a : b;
  int day = month == a ? b : a;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return std::pair{days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)),
                   second_at + second + 5};
}

// "+03:00", "-0700" right after a digit: minutes east of UTC.
std::optional<std::pair<std::int64_t, std::size_t>> offset_at(std::string_view s, std::size_t at) {
  if (at == 0 || !is_digit(s[at - 1]) || (s[at] != '+' && s[at] != '-')) return std::nullopt;
  std::size_t end = at + 1;
  if (digits_at(s, end) == 2 && end + 5 <= s.size() && s[end + 2] == ':' && digits_at(s, end + 3) == 2) {
    end += 5;
  } else if (digits_at(s, end) == 4) {
    end += 4;
  } else {
    return std::nullopt;
  }
  const auto digits = replace_all(s.substr(at + 1, end - at - 1), ":", "");
  const int minutes = number(digits, 0, 2) * 60 + number(digits, 2, 2);
  return std::pair{static_cast<std::int64_t>(s[at] == '-' ? -minutes : minutes), end};
}

// A zone name ("EST", "CEST") or a weekday ("Wednesday", "Wed").
std::optional<TimeValue> time_word(std::string_view word) {
  const auto zone = std::find_if(k_zone_names.begin(), k_zone_names.end(), [&](const ZoneName& z) { return z.name == word; });
  if (zone != k_zone_names.end()) return TimeValue{TimeKind::zone, zone - k_zone_names.begin()};
  for (std::size_t day = 0; day < k_weekdays.size(); ++day) {
    if (word == k_weekdays[day]) return TimeValue{TimeKind::weekday, static_cast<std::int64_t>(day), 0};
    if (word.size() == 3 && k_weekdays[day].starts_with(word)) {
      return TimeValue{TimeKind::weekday, static_cast<std::int64_t>(day), 1};
    }
  }
  return std::nullopt;
}

// Python's reprs of its date and time objects: "datetime.datetime(2015, 11, 24, 19, 29, 5",
// "datetime.date(2018, 5, 10", "datetime.time(19, 29" -- the fields after the opening parenthesis
// at `at`, up to the seconds (microseconds stay text, compared as they are).
std::optional<std::pair<TimeValue, std::size_t>> python_repr_at(std::string_view s, std::size_t at) {
  const auto before = s.substr(0, at);
  const bool datetime = before.ends_with("datetime("), time = !datetime && before.ends_with("time(");
  const bool date = !datetime && !time && before.ends_with("date(");
  if (!datetime && !time && !date) return std::nullopt;
  const std::size_t max_fields = datetime ? 6 : 3;
  std::array<int, 6> fields{};
  std::size_t count = 0, end = at;
  for (std::size_t next = at; count < max_fields;) {
    const auto n = digits_at(s, next);
    if (n == 0 || n > 4) break;
    fields[count++] = number(s, next, n);
    end = next + n;
    if (!s.substr(end).starts_with(", ")) break;
    next = end + 2;
  }
  if (time) {
    if (count < 2 || fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
    return std::pair{TimeValue{TimeKind::time, fields[0] * 3600 + fields[1] * 60 + fields[2]}, end};
  }
  if (count < 3 || fields[1] < 1 || fields[1] > 12 || fields[2] < 1 || fields[2] > 31) return std::nullopt;
  const auto days = days_from_civil(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2]));
  if (date || count == 3) return std::pair{TimeValue{TimeKind::date, days}, end};
  if (fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return std::nullopt;
  return std::pair{TimeValue{TimeKind::datetime, days * 86400 + fields[3] * 3600 + fields[4] * 60 + fields[5]}, end};
}

Skeleton time_skeleton(std::string_view s) {
  Skeleton out;
  for (std::size_t at = 0; at < s.size();) {
    const bool word_start = at == 0 || !is_alnum(s[at - 1]);
    if (is_digit(s[at]) && word_start) {
      if (auto repr = python_repr_at(s, at)) {
        out.values.push_back(repr->first);
        out.text.push_back(k_slot);
        at = repr->second;
        continue;
      }
      if (auto date = date_at(s, at)) {
        std::size_t end = date->second;
        std::optional<std::pair<std::int64_t, std::size_t>> time;
        if (end + 1 < s.size() && (s[end] == 'T' || s[end] == ' ')) time = time_at(s, end + 1);
        else if (end + 2 < s.size() && s[end] == ',' && s[end + 1] == ' ') time = time_at(s, end + 2);
        if (time) {
          out.values.push_back({TimeKind::datetime, date->first * 86400 + time->first});
          end = time->second;
        } else {
          out.values.push_back({TimeKind::date, date->first});
        }
        out.text.push_back(k_slot);
        at = end;
        continue;
      }
      // A lone "9:30" is as often a duration (m:ss) as a clock time: only "09:30", "9:30 PM" count.
      auto time = time_at(s, at);
      if (time && digits_at(s, at) == 1 && s[time->second - 1] != 'M' && s[time->second - 1] != 'm') time.reset();
      if (time) {
        out.values.push_back({TimeKind::time, time->first});
        out.text.push_back(k_slot);
        at = time->second;
        continue;
      }
      const auto n = digits_at(s, at);
      if ((n == 10 || n == 13) && (s[at] == '1' || s[at] == '2') && (at + n == s.size() || !is_alnum(s[at + n]))) {
        out.values.push_back({n == 10 ? TimeKind::epoch_s : TimeKind::epoch_ms, std::atoll(std::string(s.substr(at, n)).c_str())});
        out.text.push_back(k_slot);
        at += n;
        continue;
      }
      out.text.append(s.substr(at, n));
      at += n;
      continue;
    }
    if (auto offset = offset_at(s, at)) {
      out.values.push_back({TimeKind::offset, offset->first});
      out.text.push_back(k_slot);
      at = offset->second;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(s[at])) && word_start) {
      std::size_t end = at;
      while (end < s.size() && std::isalpha(static_cast<unsigned char>(s[end]))) ++end;
      const auto word = s.substr(at, end - at);
      const auto value = end == s.size() || !is_alnum(s[end]) ? time_word(word) : std::nullopt;
      if (value) {
        out.values.push_back(*value);
        out.text.push_back(k_slot);
      } else {
        out.text.append(word);
      }
      at = end;
      continue;
    }
    out.text.push_back(s[at++]);
  }
  return out;
}

// Two aligned time values differ as one host's clock differs from another's: a whole-hour shift
// of at most 14 h (times, date-times, epochs; or a half-hour zone's, at least 2.5 h), a day
// (dates, and date-times at midnight), a standard/daylight name of one
// zone, an adjacent weekday, a UTC offset a whole or half hour apart.
bool host_shift(const TimeValue& expected, const TimeValue& actual) {
  constexpr std::int64_t k_max_hours = 14;
  if (expected.kind != actual.kind) return false;
  const std::int64_t d = actual.value - expected.value;
  const auto whole_hours = [&](std::int64_t delta, std::int64_t hour) {
    return delta % hour == 0 && std::llabs(delta) <= k_max_hours * hour;
  };
  // Zones a half hour off (India +5:30, Iran +3:30, Newfoundland -3:30) lie at least 2.5 h from
  // UTC: a 30-minute or 90-minute gap is a wrong time, not a zone.
  // Nepal (+5:45), Chatham (+12:45) and Eucla (+8:45) lie 45 minutes off the hour: such a gap
  // counts from 4.75 h (Nepal / Central Europe) on.
  const auto zone_gap = [&](std::int64_t delta) {
    return whole_hours(delta, 3600) || (whole_hours(delta, 1800) && std::llabs(delta) >= 9000) ||
           (std::llabs(delta) % 3600 == 2700 && std::llabs(delta) >= 17100 && std::llabs(delta) <= k_max_hours * 3600);
  };
  switch (expected.kind) {
    // A date-time printed at local midnight moves by a whole day when the zone moves the date.
    case TimeKind::datetime:
      return zone_gap(d) || (std::llabs(d) == 86400 && expected.value % 86400 == 0 && actual.value % 86400 == 0);
    case TimeKind::date: return std::llabs(d) == 1;
    case TimeKind::time: {
      const std::int64_t circular = std::min((d % 86400 + 86400) % 86400, (-d % 86400 + 86400) % 86400);
      return zone_gap(circular);
    }
    case TimeKind::epoch_s: return zone_gap(d);
    case TimeKind::epoch_ms: return d % 1000 == 0 && zone_gap(d / 1000);
    case TimeKind::offset: return whole_hours(d, 30);
    case TimeKind::zone:
      return k_zone_names[static_cast<std::size_t>(expected.value)].zone ==
             k_zone_names[static_cast<std::size_t>(actual.value)].zone;
    case TimeKind::weekday: return expected.form == actual.form && (std::llabs(d) == 1 || std::llabs(d) == 6);
  }
  return false;
}

bool differently_named_zones(const TimeValue& expected, const TimeValue& actual) {
  return expected.kind == TimeKind::zone && actual.kind == TimeKind::zone &&
         k_zone_names[static_cast<std::size_t>(expected.value)].zone !=
             k_zone_names[static_cast<std::size_t>(actual.value)].zone;
}

// Two clocks (date-times, or times of day) read in the zones named after them name one instant,
// for some offset each abbreviation stands for.
bool same_instant(const TimeValue& expected, const TimeValue& expected_zone, const TimeValue& actual,
                  const TimeValue& actual_zone) {
  if (expected.kind != actual.kind || (expected.kind != TimeKind::datetime && expected.kind != TimeKind::time)) {
    return false;
  }
  const auto& a = k_zone_names[static_cast<std::size_t>(expected_zone.value)];
  const auto& b = k_zone_names[static_cast<std::size_t>(actual_zone.value)];
  for (int i = 0; i < a.count; ++i) {
    for (int j = 0; j < b.count; ++j) {
      std::int64_t gap = (expected.value - a.offsets[static_cast<std::size_t>(i)] * 60) -
                         (actual.value - b.offsets[static_cast<std::size_t>(j)] * 60);
      if (expected.kind == TimeKind::time) gap %= 86400;
      if (gap == 0) return true;
    }
  }
  return false;
}

// The two values hold the same text around dates, times, epochs, zone names and weekdays, and
// every one of those that differs is a host's shift (at least one does).
// A date or weekday alone one day off is as often an off-by-one defect as a zone: it counts only
// beside a clock's shift or when `dates_alone` (the test names a zone; see names_a_zone).
bool differ_by_time_zone(const Cut& expected, const Cut& actual, Relation relation, bool dates_alone) {
  const auto want = time_skeleton(expected.value);
  const auto got = time_skeleton(actual.value);
  if (want.values.empty() || got.values.empty()) return false;
  std::size_t first_got = 0;  // the value of `got` aligned with want.values[0]
  bool from_end = false;
  if (relation == Relation::contains) {
    const auto at = got.text.find(want.text);
    if (want.text.empty() || at == std::string::npos) return false;
    first_got = static_cast<std::size_t>(std::count(got.text.begin(), got.text.begin() + static_cast<std::ptrdiff_t>(at), k_slot));
  } else if (!same(want.text, got.text, relation, expected.front || actual.front, expected.back || actual.back)) {
    return false;
  } else {
    from_end = expected.front || actual.front;
  }
  const std::size_t n = relation == Relation::contains ? want.values.size() : std::min(want.values.size(), got.values.size());
  if (first_got + n > got.values.size() || n > want.values.size()) return false;
  const auto want_at = [&](std::size_t i) -> const TimeValue& {
    return from_end ? want.values[want.values.size() - n + i] : want.values[i];
  };
  const auto got_at = [&](std::size_t i) -> const TimeValue& {
    return from_end ? got.values[got.values.size() - n + i] : got.values[first_got + i];
  };
  bool shifted = false, clock_shifted = false;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& w = want_at(i);
    const auto& g = got_at(i);
    // A clock followed by two zones' names: the same instant told in each zone ("16:53 CET" /
    // "10:53 EST") is the host's zone, whatever the shift.
    if (i + 1 < n && differently_named_zones(want_at(i + 1), got_at(i + 1))) {
      if (!same_instant(w, want_at(i + 1), g, got_at(i + 1))) return false;
      shifted = clock_shifted = true;
      ++i;
      continue;
    }
    if (w.kind == g.kind && w.value == g.value && w.form == g.form) continue;
    if (!host_shift(w, g)) return false;
    shifted = true;
    clock_shifted = clock_shifted || (w.kind != TimeKind::date && w.kind != TimeKind::weekday);
  }
  return shifted && (clock_shifted || dates_alone);
}

// A clock time printed on the 12-hour clock: "4:59:59 PM", "9:30am".
bool has_meridiem(std::string_view s) {
  for (std::size_t at = 1; at + 1 < s.size(); ++at) {
    const char half = static_cast<char>(std::toupper(static_cast<unsigned char>(s[at])));
    if ((half != 'A' && half != 'P') || std::toupper(static_cast<unsigned char>(s[at + 1])) != 'M') continue;
    std::size_t before = at;  // where a space before the half might start
    for (std::size_t length = 1; length <= 3 && length <= at; ++length) {
      if (space_at(s, at - length) == length) before = at - length;
    }
    const bool after_digit = before >= 1 && is_digit(s[before - 1]);
    const bool word_ends = at + 2 == s.size() || !is_alnum(s[at + 2]);
    if (after_digit && word_ends) return true;
  }
  return false;
}

// The two values hold the same dates and times, one on a 12-hour clock and the other on a
// 24-hour one ("8/15/2000 4:59:59 PM" / "8/15/2000 16:59:59"): the host's culture formats the
// same instant (CLDR's time patterns differ by locale), the value is not wrong.
bool same_times_other_clock(std::string_view expected, std::string_view actual) {
  if (has_meridiem(expected) == has_meridiem(actual)) return false;
  const auto want = time_skeleton(expected);
  const auto got = time_skeleton(actual);
  if (want.values.empty() || want.text != got.text || want.values.size() != got.values.size()) return false;
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    if (want.values[i].kind != got.values[i].kind || want.values[i].value != got.values[i].value) return false;
  }
  return true;
}

// unittest's "AssertionError: 3600 != 0" under a test of tm_gmtoff / utcoffset(): two whole-hour
// counts of seconds, when the quoted expression above names a UTC offset.
bool differ_as_utc_offsets(const ValuePair& pair) {
  const auto seconds = [](std::string_view value) -> std::optional<std::int64_t> {
    if (value.empty() || value.size() > 6) return std::nullopt;
    std::size_t at = value.front() == '-' ? 1 : 0;
    if (at == value.size() || digits_at(value, at) != value.size() - at) return std::nullopt;
    const std::int64_t n = number(value, at, value.size() - at);
    return at == 1 ? -n : n;
  };
  const auto a = seconds(pair.expected), b = seconds(pair.actual);
  if (!a || !b || *a == *b || *a % 3600 != 0 || *b % 3600 != 0 || std::llabs(*a - *b) > 14 * 3600) return false;
  static const re2::RE2 k_offset_words(R"((?i)gmtoff|utcoffset|utc_offset|tzoffset|timezoneoffset)", latin1());
  return re2::RE2::PartialMatch(re2::StringPiece(pair.context.data(), pair.context.size()), k_offset_words);
}

// ---- Dates a locale orders or names differently: "Mar 2, 1976" / "2 mar 1976" / "2. März 1976".

struct MonthName {
  std::string_view name;  // lower case, UTF-8
  int month;
};
constexpr MonthName k_month_names[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
    {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sep", 9},
    {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    // German
    {"januar", 1}, {"februar", 2}, {"m\xC3\xA4rz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"dezember", 12}, {"j\xC3\xA4n", 1}, {"m\xC3\xA4r", 3}, {"okt", 10}, {"dez", 12},
    // French
    {"janvier", 1}, {"f\xC3\xA9vrier", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6}, {"juillet", 7},
    {"ao\xC3\xBBt", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"d\xC3\xA9" "cembre", 12},
    {"janv", 1}, {"f\xC3\xA9vr", 2}, {"avr", 4}, {"juil", 7}, {"d\xC3\xA9" "c", 12},
    // Spanish, Italian, Portuguese, Dutch
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
    {"agosto", 8}, {"septiembre", 9}, {"octubre", 10}, {"noviembre", 11}, {"diciembre", 12}, {"ene", 1},
    {"abr", 4}, {"ago", 8}, {"dic", 12}, {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5},
    {"giugno", 6}, {"luglio", 7}, {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1},
    {"mag", 5}, {"giu", 6}, {"lug", 7}, {"ott", 10}, {"janeiro", 1}, {"fevereiro", 2}, {"mar\xC3\xA7o", 3},
    {"maio", 5}, {"junho", 6}, {"julho", 7}, {"setembro", 9}, {"outubro", 10}, {"novembro", 11},
    {"dezembro", 12}, {"fev", 2}, {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5},
    {"augustus", 8}, {"mrt", 3}};

int month_of(std::string_view word) {
  for (const auto& entry : k_month_names) {
    if (entry.name == word) return entry.month;
  }
  return 0;
}

// Weekday names by language, full and abbreviated (lower case, UTF-8), as bits of the days they
// may name: "mar" is Tuesday in French, Spanish and Italian, so a token names a set of days.
struct WeekdayName {
  std::string_view name;
  int day;  // 0 = Monday
};
constexpr WeekdayName k_weekday_names[] = {
    {"monday", 0}, {"tuesday", 1}, {"wednesday", 2}, {"thursday", 3}, {"friday", 4}, {"saturday", 5},
    {"sunday", 6}, {"mon", 0}, {"tue", 1}, {"tues", 1}, {"wed", 2}, {"thu", 3}, {"thur", 3}, {"thurs", 3},
    {"fri", 4}, {"sat", 5}, {"sun", 6},
    // German
    {"montag", 0}, {"dienstag", 1}, {"mittwoch", 2}, {"donnerstag", 3}, {"freitag", 4}, {"samstag", 5},
    {"sonntag", 6}, {"mo", 0}, {"di", 1}, {"mi", 2}, {"do", 3}, {"fr", 4}, {"sa", 5}, {"so", 6},
    // French
    {"lundi", 0}, {"mardi", 1}, {"mercredi", 2}, {"jeudi", 3}, {"vendredi", 4}, {"samedi", 5},
    {"dimanche", 6}, {"lun", 0}, {"mar", 1}, {"mer", 2}, {"jeu", 3}, {"ven", 4}, {"sam", 5}, {"dim", 6},
    // Spanish, Italian, Portuguese, Dutch
    {"lunes", 0}, {"martes", 1}, {"mi\xC3\xA9rcoles", 2}, {"jueves", 3}, {"viernes", 4},
    {"s\xC3\xA1" "bado", 5}, {"domingo", 6}, {"mi\xC3\xA9", 2}, {"jue", 3}, {"vie", 4}, {"s\xC3\xA1" "b", 5},
    {"dom", 6}, {"luned\xC3\xAC", 0}, {"marted\xC3\xAC", 1}, {"mercoled\xC3\xAC", 2},
    {"gioved\xC3\xAC", 3}, {"venerd\xC3\xAC", 4}, {"sabato", 5}, {"domenica", 6}, {"gio", 3}, {"sab", 5},
    {"segunda", 0}, {"ter\xC3\xA7" "a", 1}, {"quarta", 2}, {"quinta", 3}, {"sexta", 4}, {"seg", 0},
    {"ter", 1}, {"qua", 2}, {"qui", 3}, {"sex", 4}, {"maandag", 0}, {"dinsdag", 1}, {"woensdag", 2},
    {"donderdag", 3}, {"vrijdag", 4}, {"zaterdag", 5}, {"zondag", 6}, {"ma", 0}, {"wo", 2}, {"vr", 4},
    {"za", 5}, {"zo", 6}};

unsigned weekdays_named(std::string_view word) {
  unsigned days = 0;
  for (const auto& entry : k_weekday_names) {
    if (entry.name == word) days |= 1u << entry.day;
  }
  return days;
}

// Two words that name one weekday in two languages ("Tue" / "mar."), not two spellings in one
// ("Tue" / "Tuesday"). The day they share, or -1.
int same_weekday_renamed(const std::string& a, const std::string& b) {
  if (a.starts_with(b) || b.starts_with(a)) return -1;
  const unsigned shared = weekdays_named(a) & weekdays_named(b);
  return shared == 0 ? -1 : std::countr_zero(shared);
}

// Words and numbers: runs of ASCII letters or digits or non-ASCII bytes, lower-cased.
std::vector<std::string> date_tokens(std::string_view value) {
  std::vector<std::string> tokens;
  const auto word_byte = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; };
  for (std::size_t at = 0; at < value.size();) {
    if (!word_byte(value[at])) {
      ++at;
      continue;
    }
    std::string token;
    while (at < value.size() && word_byte(value[at])) {
      token.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(value[at]))));
      ++at;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool is_day_number(std::string_view token) {
  return !token.empty() && token.size() <= 2 && digits_at(token, 0) == token.size() && number(token, 0, token.size()) >= 1 &&
         number(token, 0, token.size()) <= 31;
}

// Same words and numbers, where only a month name and a day number trade places, or a month or
// a weekday is named in another language ("May" / "Mai", "Tue" / "mar."; not "Mar" / "March" or
// "Tue" / "Tuesday", which one locale prints both).
bool differ_in_date_format(std::string_view expected, std::string_view actual) {
  const auto want = date_tokens(expected), got = date_tokens(actual);
  if (want.size() != got.size() || want.empty()) return false;
  const auto canonical = [](const std::string& token) {
    const int month = month_of(token);
    return month ? "\x02" + std::to_string(month) : token;
  };
  std::vector<std::string> want_canonical, got_canonical;
  bool month_moved = false, day_moved = false, renamed = false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    want_canonical.push_back(canonical(want[i]));
    got_canonical.push_back(canonical(got[i]));
    if (want[i] == got[i]) continue;
    if (const int day = same_weekday_renamed(want[i], got[i]); day >= 0) {
      want_canonical.back() = got_canonical.back() = "\x03" + std::to_string(day);
      renamed = true;
      continue;
    }
    const int a = month_of(want[i]), b = month_of(got[i]);
    if (a && b && a == b) {
      if (want[i].starts_with(got[i]) || got[i].starts_with(want[i])) return false;
      renamed = true;
      continue;
    }
    for (const auto* token : {&want[i], &got[i]}) {
      if (month_of(*token)) month_moved = true;
      else if (is_day_number(*token)) day_moved = true;
      else return false;
    }
  }
  auto sorted_want = want_canonical, sorted_got = got_canonical;
  std::sort(sorted_want.begin(), sorted_want.end());
  std::sort(sorted_got.begin(), sorted_got.end());
  if (sorted_want != sorted_got) return false;
  return (month_moved && day_moved) || (renamed && !month_moved && !day_moved);
}

// ---- Rules: one per difference, each with its reason. ----------------------------------------

Rule make_rule(std::string id, std::string reason) {
  Rule rule;
  rule.id = std::move(id);
  rule.category = Category::environmental;
  rule.pattern = "(assertion values compared, not a pattern)";
  rule.confidence = 0.8;
  rule.reason = std::move(reason);
  rule.origin = "heuristics/assertion_diff.cpp";
  return rule;
}

std::string printable(std::string_view value) {
  constexpr std::size_t k_side = 56;
  std::string out;
  for (char c : value.substr(0, k_side)) {
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += ' ';
    else out.push_back(c);
  }
  if (value.size() > k_side) out += "...";
  return out;
}

}  // namespace

std::vector<ValuePair> extract_value_pairs(std::string_view text) {
  std::vector<ValuePair> pairs;
  text = text.substr(0, k_max_scan);
  const auto& compiled = formats();
  if (!compiled.any->ok()) return pairs;
  const re2::StringPiece piece(text.data(), text.size());
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(compiled.groups) + 1);
  for (std::size_t from = 0; pairs.size() < k_max_pairs && from < text.size();) {
    if (!compiled.any->Match(piece, from, text.size(), re2::RE2::UNANCHORED, groups.data(), compiled.groups + 1)) break;
    const auto begin = static_cast<std::size_t>(groups[0].data() - text.data());
    from = std::max(begin + groups[0].size(), begin + 1);
    if (const auto diff = static_cast<std::size_t>(compiled.diff_group); groups[diff].data() != nullptr) {
      read_diff_block(text, from, groups[diff + 1].data() != nullptr, begin, pairs);
      continue;
    }
    if (const auto ndiff = static_cast<std::size_t>(compiled.ndiff_group); groups[ndiff].data() != nullptr) {
      // The block is read from its first line again: the header matched that line's sign only.
      from = std::max(from, read_ndiff_block(text, begin, groups[ndiff].size() - 1, groups[ndiff + 1].size(), pairs));
      continue;
    }
    for (std::size_t i = 0; i < k_formats.size(); ++i) {
      const auto g = static_cast<std::size_t>(compiled.first_group[i]);
      const bool include = i == k_include_format;
      const auto& first = groups[g];
      const auto& second = groups[include ? g + 2 : g + 1];
      if (first.data() == nullptr || second.data() == nullptr) continue;
      const auto& format = k_formats[i];
      const std::string_view a(first.data(), first.size()), b(second.data(), second.size());
      const Relation relation = include && groups[g + 1].data() != nullptr ? Relation::contains : format.relation;
      pairs.push_back(make_pair(text, begin, format.actual_first ? b : a, format.actual_first ? a : b, relation));
      break;
    }
  }
  return pairs;
}

namespace {

// The text before a pair (the test's name, the expression a runner quotes) names a time zone.
bool names_a_zone(std::string_view context) {
  static const re2::RE2 k_zone_words(
      R"((?i)time ?zone|timezone|\btz\b|\butc\b|\bgmt\b|\bdst\b|daylight|utcoffset|gmtoff|getTimezoneOffset)", latin1());
  return re2::RE2::PartialMatch(re2::StringPiece(context.data(), context.size()), k_zone_words);
}

HostDifference difference(std::string_view expected, std::string_view actual, Relation relation, bool dates_alone);

}  // namespace

HostDifference host_difference(const ValuePair& pair) {
  if (pair.oversized) return HostDifference::none;
  if (pair.relation == Relation::equals && differ_as_utc_offsets(pair)) return HostDifference::time_zone;
  return difference(pair.expected, pair.actual, pair.relation, names_a_zone(pair.context));
}

HostDifference host_difference(std::string_view expected, std::string_view actual, Relation relation) {
  return difference(expected, actual, relation, false);
}

namespace {

HostDifference difference(std::string_view expected, std::string_view actual, Relation relation, bool dates_alone) {
  if (expected.size() > k_max_value || actual.size() > k_max_value) return HostDifference::none;
  const Cut want = cut_marks(expected), got = cut_marks(actual);
  const bool front = want.front || got.front, back = want.back || got.back;
  if (same(want.value, got.value, relation, front, back)) return HostDifference::none;
  using Normaliser = std::string (*)(std::string_view);
  constexpr std::pair<HostDifference, Normaliser> k_normalisers[] = {
      {HostDifference::line_endings, without_carriage_returns},
      {HostDifference::number_separators, canonical_separators},
      {HostDifference::path_separators, forward_slashes},
  };
  for (const auto& [kind, normalise] : k_normalisers) {
    if (same(normalise(want.value), normalise(got.value), relation, front, back)) return kind;
  }
  // A locale's symbols, alone or beside its separators; dates and times are read through them.
  const std::string want_symbols = locale_symbols(want.value), got_symbols = locale_symbols(got.value);
  if (want_symbols != want.value || got_symbols != got.value) {
    if (same(want_symbols, got_symbols, relation, front, back)) return HostDifference::locale_symbols;
    if (same(locale_symbols(canonical_separators(want.value)), locale_symbols(canonical_separators(got.value)), relation,
             front, back)) {
      return HostDifference::number_separators;
    }
  }
  const Cut want_time{want_symbols, want.front, want.back}, got_time{got_symbols, got.front, got.back};
  if (differ_by_time_zone(want_time, got_time, relation, dates_alone)) return HostDifference::time_zone;
  if (relation == Relation::equals && want.front == got.front && want.back == got.back &&
      (differ_in_date_format(want_symbols, got_symbols) || same_times_other_clock(want_symbols, got_symbols))) {
    return HostDifference::date_format;
  }
  return HostDifference::none;
}

}  // namespace

std::optional<HostDifferenceFinding> find_host_difference(std::string_view text) {
  auto pairs = extract_value_pairs(text);
  if (pairs.empty()) return std::nullopt;
  std::optional<HostDifferenceFinding> found;
  for (auto& pair : pairs) {
    const auto kind = host_difference(pair);
    if (kind == HostDifference::none) return std::nullopt;
    if (!found) found = HostDifferenceFinding{kind, std::move(pair)};
  }
  return found;
}

const Rule& host_difference_rule(HostDifference kind) {
  static const std::array<Rule, 7> k_rules = {
      make_rule("env.host-diff.none", "expected and actual differ"),
      make_rule("env.host-diff.line-endings",
                "expected and actual differ only in line endings: the host's newline convention, not the code"),
      make_rule("env.host-diff.number-separators",
                "expected and actual differ only in decimal or digit-grouping separators: the host's locale "
                "formats numbers, not the code"),
      make_rule("env.host-diff.path-separators",
                "expected and actual differ only in path separators ('\\' and '/'): the host's file-system "
                "convention, not the code"),
      make_rule("env.host-diff.time-zone",
                "expected and actual differ only by a whole-hour shift, one day, an adjacent weekday or a "
                "standard/daylight zone name: the host's time zone, not the code"),
      make_rule("env.host-diff.date-format",
                "expected and actual hold the same date or time in another order, month language or clock "
                "(12- or 24-hour): the host's locale formats dates, not the code"),
      make_rule("env.host-diff.locale-symbols",
                "expected and actual differ only in the characters a locale or ICU version prints: a "
                "no-break or narrow no-break space for a space, '\xE2\x88\x9E' for Infinity, a culture's NaN, a "
                "Unicode minus sign: the host's runtime formats, not the code"),
  };
  return k_rules[static_cast<std::size_t>(kind)];
}

namespace {

// The verdict now rests on `rule`, with its hit (the pair's first line) in front for --explain.
void rest_on(Verdict& verdict, const Rule& rule, std::string_view source, Origin origin, std::size_t begin,
             std::string evidence) {
  Hit hit;
  hit.rule = &rule;
  hit.origin = origin;
  hit.begin = std::min(begin, source.size());
  const auto line_end = source.find('\n', hit.begin);
  hit.end = std::min({source.size(), hit.begin + 200, line_end});
  hit.matched = source.substr(hit.begin, hit.end - hit.begin);
  hit.located = true;
  hit.source_text = source;
  hit.score = rule.confidence;
  verdict.hits.insert(verdict.hits.begin(), hit);
  verdict.rule = &rule;
  verdict.category = rule.category;
  verdict.confidence = rule.confidence;
  verdict.evidence = std::move(evidence);
}

}  // namespace

void apply_host_difference(const FailureText& failure, Verdict& verdict) {
  // A pattern rule's "a rendered time differs" (env.rendered-time-diff*) stays as it is even when
  // the times differ by more than a zone's shift: a shift across midnight, "24:59" for "00:59",
  // or a clock read twice moves the skeleton too, and none of the 8 corpus failures a
  // refutation by skeleton turned into defects was one (5 a host's zone or culture, 3 a race or
  // an earlier test's state).
  if (!verdict.rule || verdict.category != Category::deterministic) return;
  for (const auto& [source, origin] : {std::pair{failure.trace, Origin::trace}, std::pair{failure.message, Origin::headline}}) {
    if (const auto found = find_host_difference(source)) {
      rest_on(verdict, host_difference_rule(found->kind), source, origin, found->pair.begin,
              "expected " + printable(found->pair.expected) + " but was " + printable(found->pair.actual));
      return;
    }
  }
}

}  // namespace flakyd::heuristics
