#include "heuristics/rule_engine.hpp"

#include "heuristics/assertion_diff.hpp"
#include "support/prefiltered_set.hpp"
#include "support/re2_options.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>

namespace flakyd::heuristics {

// Exception-chain markers ride along in the rule Set (after the rules), so learning whether a
// trace holds a chain costs no extra pass; only present markers are then located with memmem.
constexpr std::array<std::string_view, 6> k_chain_markers = {
    "The above exception was the direct cause of the following exception",
    "During handling of the above exception, another exception occurred",
    "Caused by:",
    " ---> ",
    "[cause]:",
    "---- ",  // xUnit/vstest inner exceptions; only lines that qualify (is_xunit_inner) count
};
constexpr std::size_t k_xunit_marker = 5;
constexpr unsigned k_all_markers = (1u << k_chain_markers.size()) - 1;

// The lines a tool prints when it retries on its own before giving up: pip/urllib3's "WARNING:
// Retrying (Retry(total=4, ...)) after connection broken by ...", cargo's "warning: spurious
// network error (2 tries remaining): ...", npm's "npm WARN retry will retry, error on last
// attempt: ...", pnpm's "Will retry in 10 seconds. 2 retries left.", Yarn's "Retrying...",
// Bundler's "Retrying fetcher due to error (2/4): ...", NuGet's "Retrying 'FindPackagesByIdAsync'
// for source ...", Nix's "...; retrying in 275 ms", cpanm's "Download ... failed. Retrying ...",
// npm's and @actions/tool-cache's "Trying again" / "Waiting 15 seconds before trying again", and a
// retry action's "Attempt 1 failed. Reason: ...". What such a line names is an error the tool
// recovered from or retried past; the error the step finally failed with is printed after it.
// The pattern rides in the rule Set as one more marker (bit k_retry_marker).
constexpr std::string_view k_retry_warning =
    R"((?i)\bretrying\b|\bwill retry\b|\btries remaining\b|\bretries left\b|\btrying again\b|\battempt \d+ failed\b)";
constexpr std::size_t k_retry_marker = k_chain_markers.size();

// Every rule's alternatives (a rule file's `patterns`, each on its own), then the chain markers
// and the retry warning, in one PrefilteredSet: one pass over the literal atoms, then small Sets
// of the candidate alternatives (support/prefiltered_set.hpp says why not one RE2::Set). Matched
// one by one, an alternative is a candidate only when its own literals are in the text, and a
// group's DFA holds a few phrases rather than a few whole rules: on failures never seen before
// the engine builds a third of the DFA states it did (BM_ClassifyCorpus/0). `owner` maps each
// alternative back to its rule (or marker); `locators` holds each rule's whole pattern, which
// finds its span.
struct RuleEngine::Compiled {
  PrefilteredSet pieces{byte_pattern_options()};
  std::vector<int> owner;
  std::vector<std::unique_ptr<re2::RE2>> locators;
};

namespace {

constexpr double k_outside_root_weight = 0.7;
constexpr double k_assertion_message_weight = 0.5;
constexpr std::size_t k_max_evidence = 120;

std::string describe_pattern_error(const std::string& pattern, const std::string& error,
                                   const std::string& fragment) {
  std::string message = "invalid pattern: " + error;
  if (!fragment.empty()) {
    const auto offset = pattern.find(fragment);
    if (offset != std::string::npos) {
      message += " (at byte " + std::to_string(offset) + ": '" + fragment + "')";
    }
  }
  return message;
}

flakyd::expected<void, RuleError> validate(const Rule& rule) {
  if (rule.id.empty()) return flakyd::unexpected(RuleError{"", "rule without an id"});
  if (!(rule.confidence >= 0.0 && rule.confidence <= 1.0)) {
    return flakyd::unexpected(RuleError{rule.id, "confidence must be within [0, 1]"});
  }
  if (rule.pattern.empty()) return flakyd::unexpected(RuleError{rule.id, "empty pattern"});
  return {};
}

void mix(std::uint64_t& hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  hash ^= 0xff;  // field separator
  hash *= 0x100000001b3ULL;
}

std::string digest_of(const std::vector<Rule>& rules) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& rule : rules) {
    mix(hash, rule.id);
    mix(hash, to_string(rule.category));
    mix(hash, rule.pattern);
    mix(hash, std::to_string(rule.confidence));
    mix(hash, std::to_string(rule.languages));
    mix(hash, rule.marker ? "marker" : "");  // changes how cached reasons are worded
    mix(hash, rule.frame ? "frame" : "");    // changes how its matches are weighed
    mix(hash, std::to_string(rule.advice.base_delay_s.value_or(-1)));
    mix(hash, std::to_string(rule.advice.max_delay_s.value_or(-1)));
  }
  mix(hash, k_assertion_diff_version);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string printable_evidence(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), k_max_evidence));
  for (char c : text.substr(0, k_max_evidence)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u >= 0x7f ? ' ' : c);
  }
  if (text.size() > k_max_evidence) out += "...";
  return out;
}

std::size_t indentation(std::string_view line) {
  return std::min(line.find_first_not_of(" \t"), line.size());
}

std::string_view line_around(std::string_view text, std::size_t at);

// Where an assertion's message ends: its line, or -- when the line stops at the exception name
// ("     NoMethodError:" as RSpec prints it) -- the next non-blank line.
std::size_t assertion_message_end(std::string_view text, const Hit& assertion) {
  auto line_end = text.find('\n', assertion.end);
  if (line_end == std::string_view::npos) return line_end;
  const auto rest = text.substr(assertion.end, line_end - assertion.end);
  if (rest.find_first_not_of(" \t\r:") != std::string_view::npos) return line_end;
  // Only an exception name introduces a message; "The following tests FAILED:" heads a list.
  auto name = assertion.matched;
  while (!name.empty() && (name.back() == ':' || name.back() == ' ')) name.remove_suffix(1);
  if (!name.ends_with("Error") && !name.ends_with("Exception")) return line_end;
  const auto next = text.find_first_not_of(" \t\r\n", line_end);
  return next == std::string_view::npos ? line_end : text.find('\n', next);
}

// `hit` (moved within its text) lies in the message of a located assertion of the same text.
void demote_if_after_assertion(Hit& hit, std::span<const Hit> hits) {
  for (const Hit& assertion : hits) {
    if (!assertion.rule->asserts || !assertion.located || &assertion == &hit ||
        assertion.source_text.data() != hit.source_text.data() || hit.begin <= assertion.begin) {
      continue;
    }
    const auto end = assertion_message_end(hit.source_text, assertion);
    if (end != std::string_view::npos && hit.begin > end) continue;
    hit.in_assertion_message = true;
    hit.score *= k_assertion_message_weight;
    return;
  }
}

// Evidence after an assertion on the same line is the assertion's own message.
void demote_assertion_messages(std::string_view text, std::span<Hit> hits) {
  for (const Hit& assertion : hits) {
    if (!assertion.rule->asserts) continue;
    const auto line_end = assertion_message_end(text, assertion);
    for (Hit& hit : hits) {
      if (hit.rule->asserts || hit.in_assertion_message || hit.begin <= assertion.begin) continue;
      if (line_end != std::string_view::npos && hit.begin > line_end) continue;
      hit.in_assertion_message = true;
      hit.score *= k_assertion_message_weight;
    }
  }
}

// The expected side of an assertion says what the test wanted, not what happened:
// "expected:<java.net.SocketTimeoutException> but was:<...>", "Expected substring: \"connect
// ECONNREFUSED\"", "... != expected(connection refused)", "got nil, want timeout", "DID NOT RAISE
// <class 'TimeoutError'>". A word that opens an expectation starts the span; the word that
// introduces the observed value ("but", "got", "received", "actual", "was", "found", "instead")
// or the end of the line closes it. The observed side stays evidence. Jest prints an asymmetric
// matcher -- expect.stringMatching(/.../), expect.stringContaining("...") -- as "StringMatching
// /connect ECONNREFUSED/" or "StringContaining \"socket hang up\"", and only ever as what the test
// wanted, so the matcher's name opens an expectation too, with or without the diff's header.
// Go's table tests (the gotests template) name the wanted error "wantErr": "Claim() error =
// <nil>, wantErr \"database is locked\"". testify's Contains and ErrorContains print "Error
// \"<actual>\" does not contain \"<wanted>\"", so the phrase opens what the test wanted the same
// way; so does pytest.raises(match=)'s "Regex pattern did not match.\n Regex: 'connection
// reset'\n Input: 'bad header'".
constexpr std::array<std::string_view, 9> k_expectation_openers = {
    "expected", "expecting", "want", "wanterr", "did not raise", "does not contain", "regex:",
    "stringmatching", "stringcontaining"};
constexpr std::array<std::string_view, 7> k_observation_words = {"but", "got", "received", "actual",
                                                                 "was", "found", "instead"};

const re2::RE2& retry_warning_line() {
  static const re2::RE2 k_pattern(re2::StringPiece(k_retry_warning.data(), k_retry_warning.size()),
                                  byte_pattern_options());
  return k_pattern;
}

std::string_view line_around(std::string_view text, std::size_t at);

// `at` lies on a line a tool printed while retrying on its own (see k_retry_warning). Cypress's
// "CypressError: Timed out retrying after 4000ms: ..." is the final error of a command that
// retried until its deadline, not a warning the run went on past.
bool on_retry_warning(std::string_view text, std::size_t at) {
  static const re2::RE2 k_final_error("(?i)timed out retrying", byte_pattern_options());
  const auto line = line_around(text, at);
  const re2::StringPiece piece(line.data(), line.size());
  return re2::RE2::PartialMatch(piece, retry_warning_line()) && !re2::RE2::PartialMatch(piece, k_final_error);
}

// Evidence for a cause a rerun may not meet again -- not a runner's frame, an assertion, a defect
// or a setting of the host (a certificate it does not trust fails every attempt alike): the only
// kind a tool's retries can get past.
bool names_retryable_cause(const Rule& rule) {
  return default_advice(rule.category).retry && !rule.asserts && !rule.frame;
}

// A hit inside the root-cause segment weighs as the root cause, unless its rule reads a runner's
// step-exit line (`frame`), which never is the root.
bool weighs_as_root(const Rule& rule, bool inside_root) { return inside_root && !rule.frame; }

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `word` occurs case-insensitively at `at` in `line` as a whole word.
bool word_at(std::string_view line, std::size_t at, std::string_view word) {
  if (at + word.size() > line.size()) return false;
  if (at > 0 && is_word_char(line[at - 1])) return false;
  if (at + word.size() < line.size() && is_word_char(line[at + word.size()])) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[at + i])) != word[i]) return false;
  }
  return true;
}

// Where the expectation opened at `from` ends: the next observation word, or the line's end.
std::size_t expectation_end(std::string_view line, std::size_t from) {
  for (std::size_t at = from; at < line.size(); ++at) {
    for (auto word : k_observation_words) {
      if (word_at(line, at, word)) return at;
    }
  }
  return line.size();
}


// `line` is the line of `text` that holds `at` (line_around's answer), here and below.
bool in_expected_value(std::string_view text, std::string_view line, std::size_t at) {
  const std::size_t offset = at - static_cast<std::size_t>(line.data() - text.data());
  for (std::size_t open = 0; open < offset; ++open) {
    for (auto opener : k_expectation_openers) {
      if (!word_at(line, open, opener)) continue;
      if (offset < expectation_end(line, open + opener.size())) return true;
    }
  }
  return false;
}

// A test's title line names what the test is about, not what happened to it: "  1) Client retry
// re-raises when throwing Faraday::TimeoutError", "--- FAIL: TestConnectionTimeout (1.00s)",
// "[ RUN      ] Pool.Timeout", "___ test_read_timeout ___", "Suite > connectTimeout() FAILED",
// Surefire's "[ERROR] readTimeout(com.acme.ClientTest)  Time elapsed: 0.01 s  <<< FAILURE!", the
// JUnit console launcher's "JUnit Jupiter:ClientTest:readTimeout()", cargo test's "---- tests::reset
// stdout ----", Jest's " FAIL  test/econnreset.test.js", Go's "FAIL\texample.com/net/timeout\t0.2s"
// and xUnit's "[xUnit.net 00:00:01.20]     Tests.Client.Retries_On_TimeoutException [FAIL]".
// Also the class lines Surefire prints around a test class ("[INFO] Running com.acme.
// SocketTimeoutTest", "Tests run: 3, Failures: 1, ... <<< FAILURE! - in com.acme.SocketTimeoutTest"),
// TAP's "not ok 3 - retries on ECONNRESET" (tap, node:test, libuv's runner) and node:test's spec
// reporter's "✖ retries on ECONNRESET (1.2ms)".
const re2::RE2& test_title_line() {
  static const re2::RE2 k_pattern(
      R"(^\s*(?:\d+\) \S|(?:\x{25CF}|\x{2715}|\x{2716}|\x{00D7}|\x{2717}) |not ok \d+ - \S|(?:\[INFO\] )?Running (?:[\w$]+\.)+[\w$]+\s*$|(?:\[?(?i:error|info|warning)\]?:? +)?Tests run: \d+,.*<<< (?:FAILURE|ERROR)! -{1,2} in \S|-{4} \S+ std(?:out|err) -{4}|(?:---|===) (?:FAIL|RUN|PASS|SKIP|PAUSE|CONT)\b|\[\s+(?:RUN|FAILED|OK)\s+\] |_{3,} \S.* _{3,}\s*$|Test Case '-?\[|test \S+ \.\.\. |FAIL\s+\S.* > |\S.* > \S.* FAILED\s*$|(?:\[(?:ERROR|INFO|WARNING)\] )?\S+\(\S+\)\s+Time elapsed:|(?:\[(?:ERROR|INFO|WARNING)\] )?[\w.$]+\s+Time elapsed: .*<<< (?:FAILURE|ERROR)!|JUnit (?:Jupiter|Vintage|Platform Suite):\S|MethodSource \[|(?:FAIL|PASS) +\S+\.(?:[cm]?[jt]sx?|vue|svelte)(?: \(\d[^)]*\))?\s*$|(?:FAIL|ok)\s+\S+\s+(?:[\d.]+s|\(cached\))\s*$|\[xUnit\.net [\d:.]+\]\s+\S+ \[(?:FAIL|SKIP)\]))",
      quiet_utf8_options());  // UTF-8: the bullets runners print are multi-byte
  return k_pattern;
}

std::string_view line_around(std::string_view text, std::size_t at) {
  const auto newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t begin = newline == std::string_view::npos ? 0 : newline + 1;
  const auto end = text.find('\n', at);
  return text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
}

// The lines next to `line` (a line of `text`, as line_around returns it); nothing at the edges.
std::optional<std::string_view> line_above(std::string_view text, std::string_view line) {
  const auto begin = static_cast<std::size_t>(line.data() - text.data());
  if (begin == 0) return std::nullopt;
  return line_around(text, begin - 1);
}

std::optional<std::string_view> line_below(std::string_view text, std::string_view line) {
  const auto next = static_cast<std::size_t>(line.data() - text.data()) + line.size() + 1;
  if (next >= text.size()) return std::nullopt;
  return line_around(text, next);
}

// Runners that print a test's name at the start of a line and then something else on it: the
// name ends where the match ends, and what follows is evidence again. pytest's short summary
// "FAILED tests/test_net.py::test_reset - ConnectionResetError: ..." and verbose "tests/
// test_net.py::test_reset FAILED"; RSpec's rerun list "rspec ./spec/client_spec.rb:12 # Client
// retries on Net::ReadTimeout"; unittest's "FAIL: test_read_timeout (tests.test_client.Test)";
// Minitest's "ClientTest#test_timeout [test/client_test.rb:12]:"; `dotnet test`'s "  Failed
// Tests.Client.Retries_On_TimeoutException [12 ms]" (MSTest's with more spaces); Dart's "00:02 +3 -1: retries on
// TimeoutException [E]"; Surefire's summary "[ERROR]   ClientTest.readTimeout:42 expected:<3> but was:<2>";
// Playwright's and PHPUnit testdox's "✘ 1 [chromium] › retries on ECONNRESET" (the whole line) and
// Swift Testing's "✘ Test fetch() recorded an issue at ...: <the issue>" (only the name; esbuild's
// "✘ [ERROR] ..." is an error, not a name); cargo nextest's "FAIL [ 0.004s] crate tests::reset".
const re2::RE2& test_name_prefix() {
  static const re2::RE2 k_pattern(
      R"(^(?:(?:FAILED|ERROR|XPASS|XFAIL) +\S+::\S+|\S+::\S+ (?:FAILED|ERROR)\b|rspec \./\S+:\d+ # .*|(?:FAIL|ERROR): \w+ \([\w.]+\)|\[(?:ERROR|WARNING)\]\s+[\w.$]+:\d+\b|\s*\S+#\S+ \[[^\]\n]+:\d+\]:|\s*Failed +\S.* \[[<\d. ]*m?s\]|\d+:\d+ \+\d+(?: ~\d+)?(?: -\d+)?: .*|\s*\x{2718} +Test (?:"[^"\n]*"|\S+)|\s*\x{2718} +[^\[\s].*|\s*FAIL \[\s*[\d.]+s\] .*))",
      quiet_utf8_options());
  return k_pattern;
}

// A title line ends in the one colon it holds ("retries on ECONNRESET:"); a message has a colon
// inside ("expected Client::Error, got #<Errno::ECONNREFUSED: ...> with backtrace:").
bool ends_with_colon(std::string_view line) {
  const auto last = line.find_last_not_of(" \t\r");
  return last != std::string_view::npos && line[last] == ':' && line.find(": ") > last;
}

bool holds_colon(std::string_view line) { return line.find(": ") != std::string_view::npos; }

// Mocha prints a failing test's title as its suites and name, one a line, each indented deeper
// than the last, the name ending in ":" -- "  1) client\n       retries on ECONNRESET:". Lines
// of that block below the numbered line are title too. RSpec aligns the lines under "  1) " with
// the title's text, so its "Failure/Error:" and exception lines never qualify.
bool in_mocha_title(std::string_view text, std::string_view line) {
  constexpr int k_max_levels = 8;
  if (line.empty() || indentation(line) == line.size()) return false;
  bool numbered_above = false;
  std::string_view upper = line;
  for (int up = 0; up < k_max_levels; ++up) {
    const auto above = line_above(text, upper);
    if (!above) break;
    const auto previous = *above;
    if (indentation(previous) >= indentation(upper) || indentation(previous) == previous.size() ||
        ends_with_colon(previous) || holds_colon(previous)) {
      break;
    }
    // Mocha indents the next level past the title's text; RSpec aligns its lines with it.
    static const re2::RE2 k_numbered(R"(^(\s*\d+\) )\S)", byte_pattern_options());
    re2::StringPiece prefix;
    if (re2::RE2::PartialMatch(re2::StringPiece(previous.data(), previous.size()), k_numbered, &prefix)) {
      numbered_above = indentation(upper) > prefix.size();
      break;
    }
    upper = previous;
  }
  if (!numbered_above) return false;
  std::string_view lower = line;
  for (int down = 0; down < k_max_levels; ++down) {
    if (ends_with_colon(lower)) return true;
    if (holds_colon(lower)) return false;
    const auto below = line_below(text, lower);
    if (!below) return false;
    const auto following = *below;
    if (indentation(following) <= indentation(lower) || indentation(following) == following.size()) return false;
    lower = following;
  }
  return false;
}

// Catch2 prints a failing test case's name and sections between two rules of dashes, then the
// test's file:line and a rule of dots:
//   -------------------------------------------------------------------------------
//   Client times out when the server hangs
//     Given: a server that never answers
//   -------------------------------------------------------------------------------
//   /src/test/client.cpp:12
//   ...............................................................................
bool in_catch2_title(std::string_view text, std::string_view line) {
  constexpr int k_max_lines = 6;
  const auto is_rule = [](std::string_view candidate, char c) {
    while (!candidate.empty() && candidate.back() == '\r') candidate.remove_suffix(1);
    return candidate.size() >= 40 && candidate.find_first_not_of(c) == std::string_view::npos;
  };
  if (is_rule(line, '-')) return false;
  std::optional<std::string_view> upper = line;
  for (int up = 0;; ++up) {
    if (up == k_max_lines || !(upper = line_above(text, *upper))) return false;
    if (is_rule(*upper, '-')) break;
  }
  std::optional<std::string_view> lower = line;
  for (int down = 0;; ++down) {
    if (down == k_max_lines || !(lower = line_below(text, *lower))) return false;
    if (is_rule(*lower, '-')) break;
  }
  const auto where = line_below(text, *lower);
  static const re2::RE2 k_location(R"(^\S.*:\d+\r?$)", byte_pattern_options());
  if (!where || !re2::RE2::PartialMatch(re2::StringPiece(where->data(), where->size()), k_location)) return false;
  const auto dots = line_below(text, *where);
  return dots && is_rule(*dots, '.');
}

bool on_test_title_line(std::string_view text, std::string_view line, std::size_t at) {
  const re2::StringPiece piece(line.data(), line.size());
  if (re2::RE2::PartialMatch(piece, test_title_line()) || in_mocha_title(text, line) || in_catch2_title(text, line)) {
    return true;
  }
  re2::StringPiece name;
  if (!test_name_prefix().Match(piece, 0, line.size(), re2::RE2::ANCHOR_START, &name, 1)) return false;
  const std::size_t offset = at - static_cast<std::size_t>(line.data() - text.data());
  return offset < name.size();
}

std::size_t find_first(std::string_view text, std::string_view needle, std::size_t from = 0);

// A code frame's source line: Jest/Vitest/Babel/TypeScript ("    > 12 |     nock(...)
// .replyWithError({ code: 'ECONNRESET' })"), rustc, GCC and Clang ("   12 |   if (timed_out)").
const re2::RE2& code_frame_line() {
  static const re2::RE2 k_pattern(R"(^\s*>?\s*\d+\s*\|)", byte_pattern_options());
  return k_pattern;
}

// Lines a runner prints that are code, not events. The failing expression it quotes above its
// values: RSpec's "Failure/Error: expect { get }.to raise_error(Net::ReadTimeout)", ExUnit's "code:
// assert ... == {:error, :timeout}", GoogleTest's "Value of: Connect(\"ETIMEDOUT\")", Catch2's
// "REQUIRE( status == kTimedOut )". And a stack frame: a test method
// "retriesOnSocketTimeoutException" in "\tat com.acme.ClientTest.retriesOnSocketTimeoutException(
// ClientTest.java:42)" -- JVM, .NET and JavaScript "at" frames, Python's `File "x.py", line 3, in
// test_reset`, Ruby's "from x.rb:12:in `retry_on_timeout'" (not its first line, "x.rb:3:in `get':
// execution expired (Net::OpenTimeout)", which is the exception), PHP's "#0 /app/Client.php(40):
// Client->onTimeout()", Elixir's "(app 0.1.0) lib/client.ex:40: Client.on_timeout/1" and native
// "#3 0x4005b4 in on_timeout".
const re2::RE2& runner_code_line() {
  static const re2::RE2 k_pattern(
      R"(^\s*(?:Failure/Error: |code:\s+(?:assert|refute)\w*\b|Value of: |(?:REQUIRE|CHECK)(?:_\w+)?\( |at [\w$.<>\[\]`/@|:+-]+ ?\(|at \S+:\d+:\d+\)?\s*$|File "[^"]+", line \d+, in |(?:# |from )\S+:\d+:in [`']|\S+:\d+:in [`'][^'\n]*'\s*$|#\d+ \S+\(\d+\): |\([\w-]+(?: [\w.+-]+)?\) \S+:\d+: |#\d+\s+0x[0-9a-fA-F]+ in ))",
      byte_pattern_options());
  return k_pattern;
}

// GoogleTest prints the two compared expressions under "Expected equality of these values:",
// indented by two spaces, each followed by its value ("    Which is: 14"): the expressions are
// source, the values are not.
bool in_gtest_expression(std::string_view text, std::string_view line) {
  if (!line.starts_with("  ") || line.size() < 3 || line[2] == ' ' || line[2] == '\t') return false;
  std::optional<std::string_view> previous = line;
  for (int up = 0; up < 8 && (previous = line_above(text, *previous)); ++up) {
    if (previous->starts_with("Expected equality of these values:")) return true;
    if (!previous->starts_with("  ")) return false;
  }
  return false;
}

// AssertJ prints each side under its own header line, the observed one first: "Expecting actual:\n
// \"Connection refused\"\nto contain:\n  \"timed out\"". The lines indented under a "to ...:" header
// are what the test wanted; so are those under assertThatThrownBy's "Expecting actual throwable to
// be an instance of:" (its observed throwable follows under "but was:").
bool in_assertj_expected(std::string_view text, std::string_view line) {
  constexpr int k_max_lines = 12;
  const std::size_t indent = indentation(line);
  if (indent == 0 || indent == line.size()) return false;
  std::optional<std::string_view> upper = line;
  for (int up = 0; up < k_max_lines && (upper = line_above(text, *upper)); ++up) {
    if (indentation(*upper) == upper->size()) return false;
    if (indentation(*upper) >= indent) continue;
    static const re2::RE2 k_header(R"(^\s*(?:Expecting actual throwable )?to [\w ,'-]{1,60}:\s*$)", byte_pattern_options());
    return re2::RE2::PartialMatch(re2::StringPiece(upper->data(), upper->size()), k_header);
  }
  return false;
}

// Mockito prints the invocation a test wanted on the line under its header ("Wanted but not
// invoked:\nclient.setConnectTimeout(5000);", "Argument(s) are different! Wanted:\n..."): code the
// test named, not an event.
bool in_mockito_wanted_call(std::string_view text, std::string_view line) {
  const auto above = line_above(text, line);
  return above && (above->ends_with("Wanted but not invoked:") || above->ends_with("are different! Wanted:"));
}

// A diff's header says which sign marks the expected side: Jest's "- Expected" and "- Snapshot",
// PHPUnit's "--- Expected", Node assert's "+ actual - expected", Mocha and Chai's "+ expected -
// actual". Group 1 or 2 holds that sign.
const re2::RE2& diff_header() {
  static const re2::RE2 k_pattern(
      R"((?m)^\s*(?:([-+])(?:[-+]{2})? (?:Expected|expected|Snapshot)\b|[-+] (?:actual|Actual|Received|received) ([-+]) expected\b))",
      byte_pattern_options());
  return k_pattern;
}

// A line on the expected side of a diff whose header the runner printed above it.
bool in_expected_diff_line(std::string_view text, std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || (line[first] != '-' && line[first] != '+')) return false;
  // A header further up belongs to another failure (a Playwright call log's "  - waiting for").
  constexpr std::size_t k_header_reach = 2048;
  const std::size_t line_begin = static_cast<std::size_t>(line.data() - text.data());
  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece groups[3];
  char sign = 0;
  for (std::size_t from = line_begin > k_header_reach ? line_begin - k_header_reach : 0;
       from < line_begin && diff_header().Match(piece, from, line_begin, re2::RE2::UNANCHORED, groups, 3);
       from = static_cast<std::size_t>(groups[0].data() - text.data()) + groups[0].size()) {
    sign = !groups[1].empty() ? groups[1][0] : groups[2][0];  // the last header above the line
  }
  return sign == line[first];
}

// The source a runner prints next to a failure is code, not an event ("raise TimeoutError(...)",
// "side_effect=ConnectionResetError(...)"): a code frame's numbered line; the failing expression
// a runner quotes above its values; the line under a Python traceback's `File "x.py", line 3, in
// f`; and pytest's listing of the failing function -- the ">" line and the indented lines leading
// up to it, in output that has pytest's "E   " lines.
bool in_source_excerpt(std::string_view text, std::string_view line) {
  const re2::StringPiece line_piece(line.data(), line.size());
  if (re2::RE2::PartialMatch(line_piece, code_frame_line()) ||
      re2::RE2::PartialMatch(line_piece, runner_code_line()) || in_gtest_expression(text, line)) {
    return true;
  }
  if (const auto above = line_above(text, line)) {
    const auto indent = indentation(*above);
    const auto trimmed = above->substr(indent);
    // The source sits indented under its File line; an exception line starts at the margin.
    if (trimmed.starts_with("File \"") && trimmed.find("\", line ") != std::string_view::npos &&
        indentation(line) > indent && indentation(line) < line.size()) {
      return true;
    }
  }
  if (find_first(text, "\nE  ") == std::string_view::npos) return false;
  // pytest aligns the failing line under its function's body: ">" and at least three spaces
  // (Gradle's "> Task :app:test" has one).
  if (line.starts_with(">   ")) return true;
  if (!line.starts_with("    ")) return false;
  // An indented run of lines is the failing function's source when it ends at pytest's ">" line.
  for (auto following = line_below(text, line); following; following = line_below(text, *following)) {
    if (!following->starts_with(" ") && !following->starts_with("\t") && !following->empty()) {
      return following->starts_with(">   ");
    }
  }
  return false;
}

// Quoted text -- an assertion's expected value, a test's name, source code -- is no evidence of
// the failure.
bool quoted(std::string_view text, std::size_t at) {
  const auto line = line_around(text, at);
  return in_expected_value(text, line, at) || in_expected_diff_line(text, line) || in_assertj_expected(text, line) ||
         in_mockito_wanted_call(text, line) || on_test_title_line(text, line, at) || in_source_excerpt(text, line);
}

// glibc's memmem is a two-way search with SIMD skips; string_view::find/rfind compare byte by
// byte from every candidate position and showed up as a quarter of classification time.
std::size_t find_first(std::string_view text, std::string_view needle, std::size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* found = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data())
               : std::string_view::npos;
}

std::size_t find_last(std::string_view text, std::string_view needle) {
  std::size_t last = std::string_view::npos;
  for (auto at = find_first(text, needle); at != std::string_view::npos;
       at = find_first(text, needle, at + 1)) {
    last = at;
  }
  return last;
}

// xUnit and vstest print an inner exception on its own line as "---- Namespace.TypeException :
// message" (eight dashes for the next level down). A run of dashes that merely draws a rule
// ("---- Captured stdout ----") has no dotted type name followed by " : ".
bool is_xunit_inner(std::string_view text, std::size_t at) {
  std::size_t line = at;
  while (line > 0 && text[line - 1] == '-') --line;
  while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) --line;
  if (line > 0 && text[line - 1] != '\n') return false;
  std::size_t i = at + 5;
  const std::size_t name_begin = i;
  bool dotted = false;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '.') {
      dotted = true;
    } else if (!std::isalnum(c) && c != '_' && c != '`') {
      break;
    }
  }
  return i > name_begin && dotted && text.substr(i, 3) == " : ";
}

std::size_t find_last_xunit_inner(std::string_view text) {
  std::size_t last = std::string_view::npos;
  for (auto at = find_first(text, k_chain_markers[k_xunit_marker]); at != std::string_view::npos;
       at = find_first(text, k_chain_markers[k_xunit_marker], at + 1)) {
    if (is_xunit_inner(text, at)) last = at;
  }
  return last;
}

}  // namespace

RootCauseSpan find_root_cause(std::string_view text, unsigned present_markers) {
  auto present = [&](std::size_t marker) { return (present_markers >> marker) & 1u; };
  std::size_t first_python = std::string_view::npos;
  for (std::size_t marker : {0u, 1u}) {
    if (present(marker)) first_python = std::min(first_python, find_first(text, k_chain_markers[marker]));
  }
  if (first_python != std::string_view::npos) return {0, first_python, true};

  if (const auto java = present(2) ? find_last(text, k_chain_markers[2]) : std::string_view::npos;
      java != std::string_view::npos) {
    return {java, text.size(), true};
  }
  if (const auto dotnet = present(3) ? find_last(text, k_chain_markers[3]) : std::string_view::npos;
      dotnet != std::string_view::npos) {
    const auto end = find_first(text, "--- End of inner exception", dotnet);
    return {dotnet, end == std::string_view::npos ? text.size() : end, true};
  }
  if (const auto xunit = present(k_xunit_marker) ? find_last_xunit_inner(text) : std::string_view::npos;
      xunit != std::string_view::npos) {
    return {xunit, text.size(), true};
  }
  if (const auto js = present(4) ? find_last(text, k_chain_markers[4]) : std::string_view::npos;
      js != std::string_view::npos) {
    return {js, text.size(), true};
  }
  return {0, text.size(), false};
}

RootCauseSpan find_root_cause(std::string_view text) { return find_root_cause(text, k_all_markers); }

flakyd::expected<RuleEngine, RuleError> RuleEngine::compile(std::vector<Rule> rules,
                                                         EngineOptions options) {
  std::erase_if(rules, [](const Rule& rule) { return !rule.enabled; });
  RuleEngine engine;
  engine.m_options = options;
  engine.m_compiled = std::make_unique<Compiled>();
  auto& compiled = *engine.m_compiled;
  const auto add_piece = [&](std::string_view piece, int owner) {
    compiled.owner.push_back(owner);
    return compiled.pieces.add(piece);
  };
  for (const auto& rule : rules) {
    if (auto valid = validate(rule); !valid) return flakyd::unexpected(valid.error());
    auto locator = std::make_unique<re2::RE2>(rule.pattern, byte_pattern_options());
    if (!locator->ok()) {
      return flakyd::unexpected(RuleError{
          rule.id, describe_pattern_error(rule.pattern, locator->error(), locator->error_arg())});
    }
    const int owner = static_cast<int>(compiled.locators.size());
    compiled.locators.push_back(std::move(locator));
    // Each alternative compiled alone, as its rule's pattern holds it in a group "(?:...)".
    const auto& alternatives = rule.alternatives.empty() ? std::vector<std::string>{rule.pattern} : rule.alternatives;
    for (const auto& alternative : alternatives) {
      if (!add_piece(alternative, owner)) {
        return flakyd::unexpected(RuleError{rule.id, "an alternative failed to compile alone: " + alternative});
      }
    }
  }
  const int rule_count = static_cast<int>(rules.size());
  for (std::size_t marker = 0; marker < k_chain_markers.size(); ++marker) {
    const auto text = k_chain_markers[marker];
    if (!add_piece(re2::RE2::QuoteMeta(re2::StringPiece(text.data(), text.size())), rule_count + static_cast<int>(marker))) {
      return flakyd::unexpected(RuleError{"", "internal chain marker failed to compile"});
    }
  }
  if (!add_piece(k_retry_warning, rule_count + static_cast<int>(k_retry_marker))) {
    return flakyd::unexpected(RuleError{"", "internal retry-warning marker failed to compile"});
  }
  if (!compiled.pieces.compile()) {
    return flakyd::unexpected(RuleError{"", "the rule set exceeds RE2's memory budget"});
  }
  engine.m_pack_digest = digest_of(rules);
  engine.m_rules = std::move(rules);
  return engine;
}

const Rule* RuleEngine::find(std::string_view id) const {
  const auto found = std::find_if(m_rules.begin(), m_rules.end(), [&](const Rule& rule) { return rule.id == id; });
  return found == m_rules.end() ? nullptr : &*found;
}

RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;
RuleEngine::~RuleEngine() = default;

const re2::RE2& RuleEngine::locator_of(const Rule& rule) const {
  return *m_compiled->locators[static_cast<std::size_t>(&rule - m_rules.data())];
}

std::vector<int> RuleEngine::matching_rules(std::string_view text, Language language,
                                           bool& matcher_error, unsigned* markers) const {
  std::vector<int> matched;
  if (text.empty()) return matched;
  const auto rule_count = static_cast<int>(m_rules.size());
  const auto& owner = m_compiled->owner;
  const auto wanted = [&](int piece) {
    const int index = owner[static_cast<std::size_t>(piece)];
    return index < rule_count ? applies_to(m_rules[static_cast<std::size_t>(index)].languages, language)
                              : markers != nullptr;
  };
  if (!m_compiled->pieces.match(text, matched, wanted)) matcher_error = true;
  // Pieces ascend with their owners, so owners come out ascending, the markers (added after the
  // rules) last; a rule with two matching alternatives appears once.
  for (int& index : matched) index = owner[static_cast<std::size_t>(index)];
  matched.erase(std::unique(matched.begin(), matched.end()), matched.end());
  while (!matched.empty() && matched.back() >= rule_count) {
    *markers |= 1u << (matched.back() - rule_count);
    matched.pop_back();
  }
  return matched;
}

bool RuleEngine::locate(Hit& hit, std::string_view text, const RootCauseSpan& root) const {
  const re2::RE2& locator = locator_of(*hit.rule);
  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece span;
  const bool in_root = locator.Match(piece, root.begin, root.end, re2::RE2::UNANCHORED, &span, 1);
  if (!in_root && !locator.Match(piece, 0, text.size(), re2::RE2::UNANCHORED, &span, 1)) {
    return false;  // the set and the locator disagree only on resource exhaustion
  }
  hit.begin = static_cast<std::size_t>(span.data() - text.data());
  hit.end = hit.begin + span.size();
  hit.matched = std::string_view(span.data(), span.size());
  hit.in_root_cause = weighs_as_root(*hit.rule, in_root || !root.chained);
  hit.located = true;
  return true;
}

// A cause found on a tool's retry warning moves to the rule's next match off such lines (the
// error the tool finally gave up with usually repeats it); with none left it stays where it is
// and weighs as evidence outside the root cause: the tool retried past it, and whatever the step
// finally failed with -- a package that does not exist, a compile error -- is the root. A match
// that itself holds the retry words is the retry log's own wording and is left alone.
void RuleEngine::move_off_retry_warnings(Hit& hit, const RootCauseSpan& root) const {
  constexpr int k_max_moves = 8;
  const std::string_view text = hit.source_text;
  if (!names_retryable_cause(*hit.rule) || !on_retry_warning(text, hit.begin)) return;
  // A rule written for the retry log itself (Playwright's call log "element was detached from
  // the DOM, retrying") reads why the tool kept retrying until its deadline: it keeps its weight.
  if (re2::RE2::PartialMatch(re2::StringPiece(hit.matched.data(), hit.matched.size()), retry_warning_line())) return;
  const re2::RE2& locator = locator_of(*hit.rule);
  const re2::StringPiece piece(text.data(), text.size());
  std::size_t from = hit.begin;
  for (int moves = 0; moves < k_max_moves; ++moves) {
    const auto line_end = text.find('\n', from);
    re2::StringPiece span;
    if (line_end == std::string_view::npos ||
        !locator.Match(piece, line_end, text.size(), re2::RE2::UNANCHORED, &span, 1)) {
      break;
    }
    from = static_cast<std::size_t>(span.data() - text.data());
    if (on_retry_warning(text, from)) continue;
    hit.begin = from;
    hit.end = from + span.size();
    hit.matched = std::string_view(span.data(), span.size());
    hit.in_root_cause = !root.chained || (hit.begin >= root.begin && hit.begin < root.end);
    return;
  }
  hit.retried_past = hit.in_root_cause;
  hit.in_root_cause = false;
}

// A tool that retried past an error and then failed with something else has named its root
// cause in that final error; one whose retries ran out before a generic failure line (a runner's
// step exit, a failure marker such as "Something went wrong", "Aborting...") has not, and what
// it retried on is the cause after all. `hits` are one text's hits, located.
namespace {
void keep_retried_causes_without_final_error(std::span<Hit> hits) {
  const auto is_final_error = [](const Hit& hit, const Hit& retried) {
    const Rule& rule = *hit.rule;
    return hit.located && !hit.retried_past && hit.begin > retried.begin && !rule.frame &&
           (!rule.marker || rule.asserts) && !on_retry_warning(hit.source_text, hit.begin);
  };
  for (Hit& retried : hits) {
    if (!retried.retried_past) continue;
    if (std::any_of(hits.begin(), hits.end(), [&](const Hit& hit) { return is_final_error(hit, retried); })) {
      continue;
    }
    retried.retried_past = false;
    retried.in_root_cause = true;
  }
}
}  // namespace

// Failures end with their verdict line more often than not: look in the tail first (any unquoted
// occurrence will do), and scan the whole text only when the evidence is elsewhere.
bool RuleEngine::locate_leader(Hit& hit, const RootCauseSpan& root) const {
  constexpr std::size_t k_tail = 1024;
  const std::size_t size = hit.source_text.size();
  const std::size_t tail_begin = std::max(size > k_tail ? size - k_tail : 0, root.begin);
  if (tail_begin < root.end && locate(hit, hit.source_text, {tail_begin, root.end, root.chained})) {
    hit.in_root_cause = weighs_as_root(*hit.rule, !root.chained || hit.begin >= root.begin);
    return true;
  }
  return locate(hit, hit.source_text, root);
}

// A hit located in quoted text moves to the rule's next match outside quotes; with none left it
// scores 0.
void RuleEngine::skip_quoted(Hit& hit, std::string_view text, const RootCauseSpan& root) const {
  constexpr int k_max_moves = 8;
  // Only evidence for a cause is quoted; the failure markers a title line carries ("--- FAIL:")
  // are the frame, not a quotation.
  if (hit.rule->asserts || hit.rule->category == Category::deterministic) return;
  const re2::RE2& locator = locator_of(*hit.rule);
  const re2::StringPiece piece(text.data(), text.size());
  for (int moves = 0; quoted(text, hit.begin); ++moves) {
    const auto line_end = text.find('\n', hit.begin);
    re2::StringPiece span;
    if (moves == k_max_moves || line_end == std::string_view::npos ||
        !locator.Match(piece, line_end, text.size(), re2::RE2::UNANCHORED, &span, 1)) {
      hit.quoted = true;
      hit.score = 0.0;
      return;
    }
    hit.begin = static_cast<std::size_t>(span.data() - text.data());
    hit.end = hit.begin + span.size();
    hit.matched = std::string_view(span.data(), span.size());
    hit.in_root_cause = weighs_as_root(*hit.rule, !root.chained || (hit.begin >= root.begin && hit.begin < root.end));
    hit.score = hit.rule->confidence * (hit.in_root_cause ? 1.0 : k_outside_root_weight);
  }
}

Verdict RuleEngine::classify(const FailureText& failure) const {
  Verdict verdict;
  unsigned markers = 0;
  auto trace_matches = matching_rules(failure.trace, failure.language, verdict.matcher_error, &markers);
  const RootCauseSpan trace_root = find_root_cause(failure.trace, markers);
  // The headline is the outermost exception the runner saw: outside the root when chained.
  const RootCauseSpan headline_root{0, trace_root.chained ? 0 : std::string_view::npos,
                                    trace_root.chained};
  struct Source {
    std::string_view text;
    Origin origin;
    RootCauseSpan root;
  };
  const Source sources[] = {
      {failure.trace, Origin::trace, trace_root},
      {failure.exception_type, Origin::headline, headline_root},
      {failure.message, Origin::headline, headline_root},
  };
  auto root_for = [&](const Source& source) {
    RootCauseSpan root = source.root;
    root.end = std::min(root.end, source.text.size());
    return root;
  };

  std::vector<std::pair<const Source*, std::vector<int>>> candidates;
  bool any_assertion = false;
  for (const auto& source : sources) {
    auto matched = source.origin == Origin::trace
                       ? std::move(trace_matches)
                       : matching_rules(source.text, failure.language, verdict.matcher_error, nullptr);
    for (int index : matched) any_assertion |= m_rules[static_cast<std::size_t>(index)].asserts;
    candidates.emplace_back(&source, std::move(matched));
  }
  // Spans change scores only in a chain or next to an assertion; otherwise only the winner's
  // span is needed, which saves one scan of the text per matching rule.
  const bool retry_warnings = (markers >> k_retry_marker) & 1u;
  const bool spans_matter = trace_root.chained || any_assertion || retry_warnings || failure.want_spans;
  for (const auto& [source, matched] : candidates) {
    const std::size_t first_new = verdict.hits.size();
    for (int index : matched) {
      Hit hit;
      hit.rule = &m_rules[static_cast<std::size_t>(index)];
      hit.origin = source->origin;
      hit.source_text = source->text;
      if (spans_matter && !locate(hit, source->text, root_for(*source))) continue;
      if (retry_warnings && source->origin == Origin::trace) move_off_retry_warnings(hit, trace_root);
      hit.in_root_cause = weighs_as_root(*hit.rule, hit.in_root_cause);  // also when not located
      verdict.hits.push_back(hit);
    }
    const auto fresh = std::span(verdict.hits).subspan(first_new);
    if (retry_warnings && source->origin == Origin::trace) keep_retried_causes_without_final_error(fresh);
    for (Hit& hit : fresh) hit.score = hit.rule->confidence * (hit.in_root_cause ? 1.0 : k_outside_root_weight);
    if (spans_matter) demote_assertion_messages(source->text, fresh);
  }

  // The headline message is the headline exception's own message: when that exception is an
  // assertion or a programming error, evidence in its message is quoted like on its line.
  const bool headline_asserts = std::any_of(candidates[1].second.begin(), candidates[1].second.end(),
                                            [&](int index) { return m_rules[static_cast<std::size_t>(index)].asserts; });
  if (headline_asserts) {
    for (Hit& hit : verdict.hits) {
      if (hit.origin == Origin::headline && hit.source_text.data() == failure.message.data() &&
          !hit.rule->asserts && !hit.in_assertion_message) {
        hit.in_assertion_message = true;
        hit.score *= k_assertion_message_weight;
      }
    }
  }
  // Best first: score, then confidence, then pack order (pointer order is pack order).
  const auto best_first = [&] {
    std::stable_sort(verdict.hits.begin(), verdict.hits.end(), [](const Hit& a, const Hit& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.rule->confidence != b.rule->confidence) return a.rule->confidence > b.rule->confidence;
      return a.rule < b.rule;
    });
  };
  best_first();
  // Quoting only ever discounts evidence for a cause, and only the leading hit decides: check
  // the best cause hit, re-rank, repeat until the leader is a defect marker or unquoted. Usually
  // one hit is located instead of every one, and only its own line is read.
  {
    const auto is_cause = [](const Hit& hit) {
      return hit.rule->category != Category::deterministic && !hit.rule->asserts;
    };
    for (std::size_t rounds = 0; rounds < verdict.hits.size(); ++rounds) {
      Hit& leader = verdict.hits.front();
      if (!is_cause(leader) || leader.quote_checked) break;
      RootCauseSpan root = leader.origin == Origin::trace ? trace_root : headline_root;
      root.end = std::min(root.end, leader.source_text.size());
      const std::size_t was_at = leader.begin;
      const bool was_located = leader.located;
      if (leader.located || locate_leader(leader, root)) {
        skip_quoted(leader, leader.source_text, root);
        // Located in the tail and quoted there: an earlier, unquoted occurrence may exist.
        if (leader.quoted && !was_located && locate(leader, leader.source_text, root)) {
          leader.quoted = false;
          leader.score = leader.rule->confidence * (leader.in_root_cause ? 1.0 : k_outside_root_weight);
          skip_quoted(leader, leader.source_text, root);
        }
        // Moved next to an assertion: the assertion's message demotion applies afresh.
        if (leader.score > 0.0 && was_located && leader.begin != was_at) {
          leader.in_assertion_message = false;
          demote_if_after_assertion(leader, verdict.hits);
        }
      }
      leader.quote_checked = true;
      best_first();
    }
  }
  // Keep one hit per rule (the better one when trace and headline both match).
  std::vector<Hit> unique;
  for (const auto& hit : verdict.hits) {
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const Hit& seen) { return seen.rule == hit.rule; })) {
      unique.push_back(hit);
    }
  }
  verdict.hits = std::move(unique);
  if (verdict.hits.empty() || verdict.hits.front().score < m_options.min_score) return verdict;

  Hit& best = verdict.hits.front();
  if (!best.located) {
    // Failures end with their verdict line more often than not: look in the tail first, and
    // scan the whole text only when the evidence is elsewhere.
    constexpr std::size_t k_tail = 1024;
    const std::size_t size = best.source_text.size();
    const RootCauseSpan tail{size > k_tail ? size - k_tail : 0, size, false};
    if (!locate(best, best.source_text, tail)) locate(best, best.source_text, {0, size, false});
  }
  verdict.rule = best.rule;
  verdict.category = best.rule->category;
  verdict.confidence = best.score;
  verdict.evidence = printable_evidence(best.matched);
  apply_host_difference(failure, verdict);  // values that differ only as hosts print them
  return verdict;
}

}  // namespace flakyd::heuristics
