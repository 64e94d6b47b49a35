// Failure signatures: what identifies "the same failure" across CI runs, before it is hashed.
//
// A trace is usually a piece of a CI log: log-line prefixes, colours and unrelated lines around a
// failure that the runner printed in its own shape. The extractor first strips, line by line,
// ANSI escapes and the prefixes CI systems add (ISO and clock timestamps, `[2024-...Z]` Jenkins
// and `[02:23:38]` TeamCity columns, `[gw3]` xdist workers, `84: ` CTest test numbers,
// `[xUnit.net 00:00:06.91]` (and the `|` gutter a test's logged output has under it),
// `[Step 2/2]`, `##[error]`, `job-name | ` and `step:<TAB>` columns, the Open Build Service's
// `[  405s]`,
// GitHub's `[572](https://...)` line links), then reads the failure's parts:
//
//   test id    the request's test id when given, else the first one the runner printed
//              (`--- FAIL: TestX`, `● A › b`, `FAIL: test_x (m.C.test_x)` -- and Python < 3.11's
//              `FAIL: test_x (m.C)` as the same `m.C.test_x` --, `[  FAILED  ] S.T` (not the
//              closing list's `N tests, listed below:`),
//              `C > m() FAILED`, surefire `m(pkg.C)  Time elapsed`, pytest `____ test ____`,
//              `X [FAIL]`, `1) C::testM`, XCTest `Test Case '-[M.C t]' failed`, Go's
//              "running tests:" list, TAP's `not ok 37 parallel/test-x`; last, pytest's listed
//              `def test_x(...):`); seeds, uuids,
//              hex ids and long numbers are masked. A dotted JVM, .NET or Python unittest id
//              ("org.x.C.m", "pkg.C#m", Gradle's "C > m()" or "pkg.C > m") is keyed as "C.m":
//              classes move between packages and one report prints the package another leaves
//              out; a test file's ".ts", ".mjs", ".tsx" (or Kibana's "·ts") as ".js": suites
//              move from JavaScript to TypeScript with their tests. A parametrised case
//              ("test_x[0]") keys as its test, a method's "()" and a TAP id's suite
//              directory ("parallel/") are dropped, Surefire's inherited "Runner>Base.method"
//              keys as "Runner.method".
//   kind       the root-cause exception type (the last `Caused by:`, the innermost `--->`, the
//              first exception line otherwise; a JVM wrapper whose message carries its cause's
//              `pkg.NameException: message`, as Spark's "Job aborted due to stage failure: ...:
//              org.x.FetchFailedException: msg" does, is read as that cause, the "Caused by:" it
//              stands for; Node's inspected `{ AssertionError [ERR_ASSERTION]: msg` and vstest's
//              "Test host process crashed : Unhandled exception. X: msg" are exception lines)
//              or the runner's failure kind (`panic`,
//              `go-test-timeout`, `rust-panic`, `AddressSanitizer:heap-use-after-free`, `gtest`
//              (also with its message on the header's line, as logs that join lines print it),
//              `expect`, `testify`, `xunit-assert`, `nunit-assert` (`Expected: x` / `But was: y`),
//              `phpunit`, `xctest` (without the bare " -" an empty description leaves),
//              `swift-testing` (a recorded issue's expectation),
//              `pre-commit:<hook>` (a failed hook; its message the first line of the hook's
//              output, "reformatted src/x.py"),
//              ...); the request's exception type, when given, is kept beside it. A bare
//              exception line's message is never the frame printed under it.
//   message    the failure message's skeleton: numbers (a sign opening one with it), hex ids,
//              uuids, generated ids ("x9n97"), long quoted values masked, paths cut to their
//              last component, the redactor's "[REDACTED:ip-address]" masked as an address;
//              words (and short quoted names) stay.
//   frames     up to two frames of the project under test, file and function without line
//              numbers, innermost first: Python tracebacks and pytest's short form, JVM `at`
//              frames (after the root cause; keyed as `SimpleClass.method`, the form Surefire's
//              summary uses), .NET `at X` (keyed the same way, with or without its ` in
//              file:line`, which only a build with symbols prints; an async method's state machine
//              `C.<M>d__4.MoveNext` as `C.M`, a generic `M[T]` as `M`), V8 `at f (file:l:c)` (an anonymous
//              `Object.<member>` as `Object`: source maps rename it after the call site),
//              Go goroutine dumps and test log lines (of a caller chain `a.go:1,x_test.go:2:`
//              the test file only), Rust backtraces, C/C++ `#N 0x.. in f file:l` (sanitizers,
//              gdb), Swift Testing issue locations, Ruby, PHP. Library and runtime frames are skipped (site-packages, /usr/lib,
//              java.*, org.junit, node_modules, node:internal, Go's runtime/ and testing/,
//              std::, libc, vendor/, gems ...); a failure with no frame of the project's
//              own keys the innermost frame of an installed package (node_modules,
//              site-packages, gems, Go modules, crates, vendor/) instead, beside its
//              failure-like lines: the runtime's frames under it are the same for any caller;
//              System.* and Microsoft.* frames count as the project's when a namespace or class
//              ends in Tests/Test (dotnet/runtime's and aspnetcore's own test code). A Go test
//              timeout keeps no frames: its goroutine dump is the state of every goroutine, not
//              the failure. With a test id the key takes no frame: one copy of a log is
//              often cut a frame shorter than another, or before its frames, or names a
//              callback otherwise in another runtime version; the test id, the kind and the
//              message already tell that test's failures apart (frames carry no line numbers,
//              so within one test they told little more).
//
// Surefire's console summary of a failure ("[ERROR]   Run 1: C.m:60 message", "C.m:60->h:12 »
// Runtime boom", under "Failures:", "Errors:" or "Flakes:"; GitHub's problem matcher prints the
// level as "Error:", a pasted "Run 1:" line may have none, and Surefire 2.x lists its entries
// under "Failed tests:" and "Tests in error:" with no level at all) is read as the failure it
// summarises: the test class's frames (the chain runs from the test method to the innermost
// frame, so it is read from its end), the message, and for an error the exception's simple name
// less "Exception"/"Error". The key therefore takes a kind's family, not its spelling: that suffix
// dropped, and JUnit's assertion types (AssertionError, AssertionFailedError, ComparisonFailure)
// one family; the summary and the full report of one failure share a key.
//
// A runner's tally of the run is never part of the key: Surefire's totals and class summary
// ("Tests run: 52, Failures: 10, ... <<< FAILURE! - in pkg.C", also after Maven's "[ERROR]" or
// GitHub's "Error:" column), Gradle's "N tests completed, M failed", pytest's "== N failed, M
// passed in 1.2s ==", Jest's "Tests: N failed, M total" and Vitest's "Tests  N failed | M passed",
// go's "FAIL pkg 1.23s", libtest's "test result: FAILED. ...", dotnet's "Failed!  - Failed: N, ...",
// CTest's "N% tests passed, ...", Minitest's, RSpec's, ExUnit's, Mocha's and PHPUnit's counts,
// javac's "N errors", GitHub Actions' "Process completed with exit code N.", TeamCity's "Error
// message is logged" (runner_tally()). One copy of a log has them and another not, so they are
// neither the headline (after GitHub's "Error:" column one would read as an exception named Error)
// nor a fallback line. Nor is Surefire's header of one test ("m(pkg.C)  Time elapsed: 3.2 s  <<<
// FAILURE!") a headline: the exception printed under it is.
//
// When neither a frame nor a test id is found, the signature also keeps the masked text of the
// most failure-like lines (error, fail, exception, panic, assert, fatal, timed out, killed, ...),
// at most eight, never the whole log, never the headline's own line or xunit's "[FATAL ERROR]
// Type" header (the kind and message already say them) and never a stack frame (by then only
// the framework's are left, and one copy of a log is often cut a few frames shorter than
// another): a kind and a message alone are too thin a key (a compiler error, an out-of-memory
// line), and with nothing else found they are all there is.
//
// Over-grouping is the worse error (two failures sharing a key share a cached verdict), so the
// test id and the exception type stay in the key and values are masked, not words.
//
// Cost: one pass over the lines, hand-written scanning, no regular expressions, no copy of the
// trace unless it has ANSI escapes or line links; about 10 us for a 4 KiB trace.
//
// Thread-safety: SignatureExtractor is stateless; extract() and key() are reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flakyd::redact {

// Bumped whenever extraction changes, so keys change and old cache entries age out.
inline constexpr int k_signature_version = 42;
// The longest root-cause line kept (FailureSignature::root_cause), before its "...".
inline constexpr std::size_t k_root_cause_bytes = 160;

struct FailureSignature {
  std::string test_id;              // masked; empty when neither given nor found
  std::string exception_type;       // the request's exception type (simple name), may be empty
  std::string kind;                 // root-cause exception or failure kind found in the trace
  std::string message;              // message skeleton
  std::vector<std::string> frames;  // "file:function", at most two, innermost first
  std::vector<std::string> fallback;  // masked failure-like lines, when no frame and no test id
  // The root-cause line as the runner printed it, for a reason a person reads (not part of the
  // key): the headline's message with the lines that continue it and the location printed
  // apart from it ("got 3, want 4 (parse_test.go:42)", "AssertionError: assert 3 == 4"). Values
  // are not masked -- the trace is redacted before extraction -- control characters become
  // spaces, and it is cut to k_root_cause_bytes with "..."; empty when no headline was found.
  std::string root_cause;

  // One line per part, for tests and `--explain`-style debugging.
  std::string describe() const;
  // The root-cause line as the signature keeps it, "kind: message" (else the exception type,
  // else the first masked fallback line), cut to at most `max_bytes` at a UTF-8 boundary: safe
  // for a report (built from the redacted trace, values masked); empty when nothing was found.
  std::string headline(std::size_t max_bytes) const;
};

class SignatureExtractor {
 public:
  FailureSignature extract(std::string_view trace, std::string_view exception_type = {},
                           std::string_view message = {}, std::string_view test_id = {}) const;

  // The SHA-256 (64 lower-case hex digits) of "flakyd-sig-v<k_signature_version>" and the
  // signature's parts, each length-framed.
  std::string key(const FailureSignature& signature) const;

  // Masks values in a short text the way the message skeleton is masked (exposed for tests).
  static std::string mask(std::string_view text);
  // Strips CI log-line prefixes from one line (exposed for tests); ANSI escapes and line links
  // are removed before this, over the whole trace.
  static std::string_view strip_prefixes(std::string_view line);
  // Whether a line is a runner's tally of the run (counts, a class's or package's result, a test's
  // elapsed time), which is never a headline nor a fallback line (exposed for tests).
  static bool runner_tally(std::string_view line);
};

}  // namespace flakyd::redact
