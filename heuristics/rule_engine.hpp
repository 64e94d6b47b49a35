// RuleEngine: every rule's pattern compiled once; linear passes over a failure find all matching
// rules -- one over the literal atoms the rules need, then small RE2::Sets of the candidate rules
// (support/prefiltered_set.hpp says why not one Set) -- and the winner is chosen by a documented scoring rule.
//
// Choosing among matches (the root cause wins):
//   score = rule.confidence x segment weight
//   The failure text is split at exception-chain markers. The root-cause segment is
//     - Python: the text before the first "The above exception was the direct cause of the
//       following exception" / "During handling of the above exception, another exception
//       occurred" (Python prints the original exception first);
//     - Java/Kotlin: from the last "Caused by:" to the end (the deepest cause is printed last);
//     - .NET: from the last " ---> " inner exception to its "--- End of inner exception";
//       xUnit/vstest print inner exceptions as "---- Namespace.TypeException : message" lines
//       instead: from the last such line to the end;
//     - JavaScript: from the last "[cause]:" to the end.
//   A match inside the root-cause segment weighs 1.0; outside it, when a chain exists, 0.7.
//   Without a chain every match weighs 1.0, except two kinds of line that are never the root:
//     - a CI runner's or build driver's step-exit line ("Error: Process completed with exit code
//       101.", "ERROR: Job failed: exit code 1", "make: *** [all] Error 2": rules marked `frame`)
//       only says that the step failed: it always weighs 0.7, so any cause the step printed --
//       inside a chain or not -- outranks it, and alone it still names a defect;
//     - a tool's own retry warning ("WARNING: Retrying (Retry(total=4...", "warning: spurious
//       network error (2 tries remaining)", "npm WARN retry will retry", "Attempt 1 failed"):
//       a cause on it moves to the rule's next match off such lines, or -- when the step then
//       failed with an error of its own (a package that does not exist, a compile error; not a
//       runner's step line or a bare failure marker) -- weighs 0.7: the tool retried past it, and
//       the final error is the root. A final error that repeats the cause keeps full weight, and
//       so does a rule written for the retry log's own words ("detached from the DOM, retrying").
//   The request's exception_type/message (the outermost exception a runner saw) count as outside
//   the root when a chain exists.
//   Go's wrapped errors ("fetch config: read tcp ...: connection reset by peer") carry the
//   root cause as the last phrase of one line, and rules match that phrase directly.
//   Evidence on the same line as, and after, an assertion failure (a rule with `asserts`) is
//   that assertion's message -- "AssertionError: expected connection reset" -- and weighs 0.5.
//   Evidence inside the expected side of an assertion ("expected:<SocketTimeoutException> but
//   was:<...>", "Expected substring: \"connect ECONNREFUSED\"", "want timeout") is what the test
//   wanted, not what happened, and scores 0 (so does a Jest asymmetric matcher, "StringMatching
//   /ECONNREFUSED/", which only ever prints what a test wanted); the observed side ("but was",
//   "got", "Received") stays evidence. So are words in a test's title line ("--- FAIL:
//   TestReadTimeout", "1) client retries on Faraday::TimeoutError", Surefire's "readTimeout(com.
//   acme.ClientTest)  Time elapsed" and its class lines, TAP's "not ok 1 - retries on ECONNRESET"):
//   a name says what a test is about, not what happened. Where a runner prints more
//   after the name on the same line (pytest's "FAILED t.py::test_reset - <message>", Swift
//   Testing's "✘ Test fetch() recorded an issue at ...: <issue>") only the name is quoted; Mocha's
//   title over several lines ("  1) client\n       retries on ECONNRESET:"), xUnit's "[xUnit.net
//   00:00:01] Tests.Retries_On_TimeoutException [FAIL]" and the test-case banner Catch2 prints
//   between two rules of dashes are names too. So is source code printed beside a failure: a code
//   frame's numbered line ("> 12 |   nock(...)"), the line under a Python traceback's `File "x.py",
//   line 3`, pytest's listing of the failing function, a stack frame ("\tat com.acme.ClientTest
//   .retriesOnSocketTimeoutException(ClientTest.java:42)", "x.rb:12:in `on_timeout'"), and the
//   failing expression a runner quotes
//   above its values (RSpec's "Failure/Error: expect { get }.to raise_error(Net::ReadTimeout)",
//   ExUnit's "code: assert ...", GoogleTest's expressions under "Expected equality of these
//   values:" and its "Value of:", Catch2's "REQUIRE( ... )"). So is the expected side of a diff
//   whose header, within 2 KiB above, names its sign: Jest's "- Expected" / "- Snapshot",
//   PHPUnit's "--- Expected", Node assert's "+ actual - expected", Mocha's "+ expected - actual";
//   and AssertJ's lines under a "to contain:" or "Expecting actual throwable to be an instance of:"
//   header; and what follows testify's "does not contain" ("Error \"bad port\" does not contain
//   \"connection refused\""), pytest.raises(match=)'s "Regex: 'connection reset'" line, and the
//   call Mockito prints under "Wanted but not invoked:".
//   A hit in quoted text moves to the rule's next match outside quotes, or scores 0.
//   Highest score wins; ties go to the higher confidence, then the earlier rule in the pack.
//   Below `min_score` the verdict is Category::unknown.
// Confidences encode specificity: the failure's own exception type outranks a word in its
// message, so an AssertionError whose message mentions "timeout" stays deterministic.
//
// Thread-safety: a compiled engine is immutable; classify() may run from any number of threads.
// Errors: compile() returns RuleError naming the rule and the pattern position; classify()
// never fails (an RE2 out-of-memory during matching makes it try the candidate rules one by one:
// slower, the same verdict; reported in Verdict::matcher_error).
#pragma once

#include <cstddef>
#include "support/expected.hpp"
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "heuristics/language.hpp"
#include "heuristics/rule.hpp"

namespace re2 {
class RE2;
}  // namespace re2

namespace flakyd::heuristics {

struct RuleError {
  std::string rule_id;
  std::string message;  // includes the offending fragment and its byte offset in the pattern
};

// What a runner tells us about one failure (already redacted).
struct FailureText {
  std::string_view trace;
  std::string_view exception_type;
  std::string_view message;
  Language language = Language::any;
  bool want_spans = false;  // locate every hit (for --explain); otherwise only the winner
};

enum class Origin { trace, headline };

struct Hit {
  const Rule* rule = nullptr;
  Origin origin = Origin::trace;
  std::size_t begin = 0;  // byte span of the first match in `origin`
  std::size_t end = 0;
  std::string_view matched;  // views the caller's FailureText: valid while it is
  bool in_root_cause = true;
  bool in_assertion_message = false;
  bool quoted = false;  // found only in an expected value or a test's name: scores 0
  bool quote_checked = false;
  bool located = false;         // begin/end/matched are filled
  bool retried_past = false;    // a cause named only on a tool's retry warning, before a final error
  std::string_view source_text; // the text the hit was found in (caller's memory)
  double score = 0.0;
};

struct Verdict {
  const Rule* rule = nullptr;  // nullptr: nothing matched well enough (Category::unknown)
  Category category = Category::unknown;
  double confidence = 0.0;
  std::string evidence;        // the matched text, shortened and made printable
  std::vector<Hit> hits;       // every matching rule, best first
  bool matcher_error = false;
};

struct EngineOptions {
  // Below this the verdict is unknown. Low enough that a failure marker found outside the
  // root-cause segment of a chain (0.52 x 0.7) still names the failure a defect.
  double min_score = 0.35;
};

// The root-cause span of an exception chain (see the header comment); chained == false and the
// whole text when the text holds no chain marker.
struct RootCauseSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool chained = false;
};
class RuleEngine {
 public:
  static flakyd::expected<RuleEngine, RuleError> compile(std::vector<Rule> rules,
                                                      EngineOptions options = {});
  RuleEngine(RuleEngine&&) noexcept;
  RuleEngine& operator=(RuleEngine&&) noexcept;
  ~RuleEngine();

  Verdict classify(const FailureText& failure) const;

  const std::vector<Rule>& rules() const { return m_rules; }
  // The rule with this id, or nullptr.
  const Rule* find(std::string_view id) const;
  // Stable digest of every rule's id, category, pattern, confidence and advice: part of cache
  // keys, so editing a rule invalidates the answers it gave.
  const std::string& pack_digest() const { return m_pack_digest; }

 private:
  struct Compiled;  // the atom prefilter, the rule groups and one RE2 per rule (keeps RE2 out of this header)
  RuleEngine() = default;
  const re2::RE2& locator_of(const Rule& rule) const;
  // Rule indices matching `text` (language-filtered, ascending); chain markers found go to `*markers`.
  std::vector<int> matching_rules(std::string_view text, Language language, bool& matcher_error,
                                  unsigned* markers) const;
  bool locate(Hit& hit, std::string_view text, const RootCauseSpan& root) const;
  void skip_quoted(Hit& hit, std::string_view text, const RootCauseSpan& root) const;
  bool locate_leader(Hit& hit, const RootCauseSpan& root) const;
  void move_off_retry_warnings(Hit& hit, const RootCauseSpan& root) const;

  std::vector<Rule> m_rules;
  std::unique_ptr<Compiled> m_compiled;
  EngineOptions m_options;
  std::string m_pack_digest;
};

RootCauseSpan find_root_cause(std::string_view text);
// The same, checking only the markers whose bit is set in `present_markers` (the rule Set found
// them): 0 Python direct cause, 1 Python during handling, 2 "Caused by:", 3 " ---> ", 4 "[cause]:",
// 5 an xUnit "---- Type : message" inner-exception line.
RootCauseSpan find_root_cause(std::string_view text, unsigned present_markers);

}  // namespace flakyd::heuristics
