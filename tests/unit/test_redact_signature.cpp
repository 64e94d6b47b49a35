#include <doctest/doctest.h>

#include <cctype>
#include <cstdio>
#include <string>

#include "corpus.hpp"
#include "redact/fingerprint.hpp"
#include "redact/signature.hpp"

using flakyd::redact::FailureSignature;
using flakyd::redact::Fingerprinter;
using flakyd::redact::SignatureExtractor;

namespace {

FailureSignature sig(std::string_view trace, std::string_view type = {}, std::string_view message = {},
                     std::string_view test = {}) {
  return SignatureExtractor{}.extract(trace, type, message, test);
}

std::string key(std::string_view trace, std::string_view type = {}, std::string_view message = {},
                std::string_view test = {}) {
  return Fingerprinter{}.fingerprint(trace, type, message, test);
}

std::string side_key(const nlohmann::json& side) {
  return key(side.value("trace", ""), side.value("exception_type", ""), side.value("message", ""),
             side.value("test_id", ""));
}

// Grouping figures for one pair file: how many "same" pairs share a key, how many "different"
// pairs do not. Every miss is printed with both signatures, so a regression names its pair.
struct PairTally {
  std::size_t same = 0, grouped = 0, different = 0, apart = 0;
};

PairTally tally_pairs(const std::string& file) {
  PairTally tally;
  const SignatureExtractor extractor;
  for (const auto& row : flakyd::testing::read_jsonl(file)) {
    const bool is_same = row.at("kind") == "same";
    const bool equal = side_key(row.at("a")) == side_key(row.at("b"));
    (is_same ? tally.same : tally.different) += 1;
    if (is_same && equal) ++tally.grouped;
    if (!is_same && !equal) ++tally.apart;
    if (is_same != equal) {
      const auto describe = [&](const nlohmann::json& side) {
        return extractor
            .extract(side.value("trace", ""), side.value("exception_type", ""), side.value("message", ""),
                     side.value("test_id", ""))
            .describe();
      };
      MESSAGE("miss " << row.at("id").get<std::string>() << " (" << row.at("kind").get<std::string>() << ", "
                      << row.at("source").get<std::string>() << ")\n--- a\n"
                      << describe(row.at("a")) << "--- b\n"
                      << describe(row.at("b")));
    }
  }
  MESSAGE(file << ": same " << tally.grouped << "/" << tally.same << " grouped, different " << tally.apart << "/"
               << tally.different << " apart");
  return tally;
}

double ratio(std::size_t part, std::size_t whole) {
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

// The pair corpus: real failures from public CI logs and issue threads (tests/data/pairs.jsonl).
// "same": one failure seen in two runs or two reports; "different": two failures that look alike.
TEST_CASE("pair corpus: same failure grouped >= 95%, different failures apart >= 99%") {
  const PairTally tally = tally_pairs("pairs.jsonl");
  REQUIRE_MESSAGE(tally.same >= 120, "the corpus should hold at least 120 same-failure pairs");
  REQUIRE_MESSAGE(tally.different >= 120, "the corpus should hold at least 120 different-failure pairs");
  CHECK(ratio(tally.grouped, tally.same) >= 0.95);
  CHECK(ratio(tally.apart, tally.different) >= 0.99);
}

// A fresh pair set: gathered after the signature rules were written and scored before any change
// made for it. `sizes` is how many same and different pairs it holds, `floors` how many of them the
// key must keep grouped and apart: the figures it has reached, so a change that loses ground on
// unseen failures fails here.
namespace {

struct FreshFigures {
  std::size_t same, different, grouped, apart;
};

void check_fresh_set(const std::string& file, FreshFigures floors) {
  const PairTally tally = tally_pairs(file);
  REQUIRE(tally.same >= floors.same);
  REQUIRE(tally.different >= floors.different);
  CHECK(tally.grouped >= floors.grouped);
  CHECK(tally.apart >= floors.apart);
}

}  // namespace

// tests/data/pairs-fresh-1.jsonl scored 8/13 and 20/21 before any change; signature v6 (Go caller
// chains, Swift Testing issues, Surefire's summary read as the failure it summarises) raised them
// to 11/13 and 21/21.
TEST_CASE("fresh pair corpus: figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-1.jsonl", {.same = 13, .different = 21, .grouped = 11, .apart = 21});
}

// tests/data/pairs-fresh-2.jsonl: from public issue threads no other pair file or corpus uses (one
// failure quoted twice: two runs, a bot's repeated reports, a runner's summary next to its full
// output; different tests or assertions of one suite). Scored 8/12 and 17/18 before any change;
// signature v6 (XCTest's empty description separator, pytest's listed test function, V8's
// anonymous Object.<member> frames) raised them to 10/12 and 18/18.
TEST_CASE("second fresh pair corpus: figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-2.jsonl", {.same = 12, .different = 18, .grouped = 10, .apart = 18});
}

// tests/data/pairs-fresh-3.jsonl: 40 pairs from public issue threads no other pair file, corpus or
// earlier round uses, across Java, Go, Rust, JS/TS, Python, C#, C++, Swift, Ruby, PHP, Elixir and
// Dart (same: two runs or retries of one test, a bot's repeated reports, a runner's summary next to
// its full output, a CI failure and its local reproduction; different: other tests or assertions of
// one suite, one exception shape with different causes). Scored 7/16 and 22/24 before any change
// made for it; signature v7 (a bare exception's frame is not its message, unittest ids under every
// Python version, GoogleTest's joined header and closing list, NUnit's Expected/But was, no frames
// among the fallback lines, Surefire's chain read from its end and its GitHub rendering) raised
// them to 9/16 and 23/24. It was read to make those changes, so it no longer measures unseen
// pairs: its floors guard against regressions only. The misses left are a runner's summary that
// names only the test (Jest's file summary, libtest's failures list, CTest's line) beside the full
// failure -- a key of the test alone would also group two assertions of one test --, a side given
// a test id the other lacks, a reporter's own elision, Flutter's log with literal "[NL]" for line
// breaks, and two GoConvey assertions of one file told apart only by their line.
TEST_CASE("third fresh pair corpus: figures do not drop") {
  check_fresh_set("pairs-fresh-3.jsonl", {.same = 16, .different = 24, .grouped = 9, .apart = 23});
}

// tests/data/pairs-fresh-4.jsonl: 30 pairs gathered in session 8 from threads no other pair file,
// corpus or round uses (same: CockroachDB's and aspnet's bots filing one issue per CI build,
// grpc-java maintainers pasting each new CI failure, a Pulsar failure and its mirror's older runs;
// different: one test failing another assertion, sibling tests with one message, one exception of
// two causes), written without reading the signature code. Held out: scored 11/13 and 17/17 by
// signatures v6, v7 and v8 alike; no change has been made for it.
TEST_CASE("fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-4.jsonl", {.same = 13, .different = 17, .grouped = 11, .apart = 17});
}

// tests/data/pairs-fresh-5.jsonl: 23 pairs (7 same, 16 different) gathered in session 9 from public
// issue threads no other pair file, corpus or round uses (same: Kubernetes, Envoy, Node.js and
// Hazelcast failures reported twice or pasted from a stress run, one Elasticsearch YAML test failing
// under two suites, a Pulsar Surefire failure filed twice; different: sibling tests, other checks of
// one fixture, one message or exception of two causes; Java, Go, C++, JS/TS, Kotlin, C#, Python and
// Rust), written without reading the signature code. Held out: scored 5/7 and 16/16 by signature v7
// before any change made for it. Signature v8 (a runner's tally of the run -- Surefire's class
// summary, also after GitHub's "Error:" column, where it read as an exception named Error -- is
// never part of the key) raised it to 6/7 and 16/16; fresh5-same-004 was read for that, so the set
// now guards against regressions rather than measuring unseen pairs. The miss left,
// fresh5-same-003, is one YAML test run by two suites (XPackRestIT, EsqlClientYamlIT): the key
// keeps the suite in the test id on purpose -- dropping it would group two suites' tests that share
// a method name, and over-grouping is the worse error (pairs.jsonl's same-pulsar-001, a test
// inherited by a subclass, stays a miss for the same reason).
TEST_CASE("fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-5.jsonl", {.same = 7, .different = 16, .grouped = 6, .apart = 16});
}

// tests/data/pairs-fresh-6.jsonl: 29 pairs (10 same, 19 different) gathered in session 10 from
// public issue threads no other pair file, corpus or round uses (same: Vitess, Uniffle, PyTorch,
// OpenShift duplicates closed by maintainers, grpc-go and Kestrel failures quoted twice, Node.js,
// ASP.NET Core and TiKV tests re-reported later; different: sibling tests of one suite, one
// assertion line in two tests, one test failing two ways; Go, Java, C#, JS/TS, Python, Rust, PHP,
// Ruby, Swift, C++ and CI logs), written without reading the signature code. Scored 6/10 and
// 19/19 by signature v8 before any change made for it. Its four misses (fresh6-same-004, -006,
// -008, -009) were then read for signature v9 (a .NET frame keyed as Class.Method with or without
// its file, an async state machine as its method; a JVM wrapper's message that carries its cause
// read as that root cause; Node's inspected "{ Error: ..." read as an exception line; xUnit's
// "|" log gutter), which raised it to 8/10 and 19/19: the set no longer measures unseen pairs, its
// floors guard against regressions only. Left: fresh6-same-006 differs only in the wording Node 9
// and Node 10.0 give one generated assertion message ("N strictEqual N" / "Input A expected to
// strictly equal input B:" and a diff of the values) -- keying it by the operator alone would
// group two assertions of one function with other values, and reading the values out of each
// version's diff is a table of Node releases unchanged since 10.x; fresh6-same-009's second copy
// starts at the frames (no exception line, no message), which the first copy's key holds.
TEST_CASE("sixth fresh pair corpus: figures do not drop") {
  check_fresh_set("pairs-fresh-6.jsonl", {.same = 10, .different = 19, .grouped = 8, .apart = 19});
}

// tests/data/pairs-fresh-7.jsonl: 30 pairs (10 same, 20 different) gathered in session 11 from
// threads no other pair file uses (Go, Java, Kotlin, JS, C#, Rust, Elixir, PHP, Swift, C++, Ruby,
// Python), written without reading the signature code. Scored 8/10 and 19/20 by signature v9
// before any change made for it. Signature v10 (a failure with no frame of the project's own keys
// the innermost installed package's frame as well: fresh7-diff-014, one OpenSSL error raised under
// etag's weakhash and under webpack's createHash) made it 8/10 and 20/20, and changed no other pair
// file's figures. Left: fresh7-same-006, whose first copy is a bare backtrace with no header or
// message (the second copy's key holds both); fresh7-same-010, whose second run appends a goroutine
// dump to the test's message after a change to the test (the message is the key's).
TEST_CASE("seventh fresh pair corpus: figures do not drop") {
  check_fresh_set("pairs-fresh-7.jsonl", {.same = 10, .different = 20, .grouped = 8, .apart = 20});
}

// tests/data/pairs-fresh-8.jsonl: 32 pairs gathered in session 12 from threads no other pair file
// uses (Java, Python, Go, Rust, Kotlin, Ruby, Elixir, JS/TS, Swift, PHP, C#), written without
// reading the signature code. Scored 1/4 and 26/28 by signature v10 before any change made for it.
// fresh8-same-004 (moonbitlang/moon#852) was relabelled "different" on reading: one copy panics in
// the project's render.rs with its message lost, the other in std's stdio.rs ("failed printing to
// stderr"): two places, and the first copy does not show its cause. With that label v10 scores 1/3
// and 27/29; signature v11 (a failed pre-commit hook keyed by the hook and the first line of its
// output: fresh8-diff-010, black reformatting two different files; a bare exception line's message
// read from the next line without a leading space) makes it 1/3 and 28/29, and changed no other
// pair file's figures. Left: fresh8-same-001, whose second copy is cut before its stack trace (no
// exception line; keying the request's type as the kind then would also group pairs.jsonl's
// diff-146, a Jest copy cut the same way); fresh8-same-003, two hand-edited copies of one traceback
// (one without its `File "` prefixes, the other with its function elided as "..."); fresh8-diff-004,
// two testify assertions of one test one line apart with masked values (keys have no line numbers,
// so a failure keeps its key when code above it moves).
// Signature v15 (no frame in the key when the test is known) groups fresh8-same-003: 2/3, 28/29.
// Signature v17 keys the request's exception type as the kind when the trace shows no headline
// and the request names the test, which groups fresh8-same-001 (3/3) and leaves diff-146 apart: its
// copies name no test (the one read from them is Jest's "Test suite failed to run" header).
TEST_CASE("eighth fresh pair corpus: figures do not drop") {
  check_fresh_set("pairs-fresh-8.jsonl", {.same = 3, .different = 29, .grouped = 3, .apart = 28});
}

// tests/data/pairs-fresh-9.jsonl: 44 pairs (19 same, 25 different) gathered in session 13 from
// threads no other pair file or corpus uses (Java, Go, Python, JS/TS, C#, C++, Ruby; duplicate
// issues found by their failure text, and comments pasting the failure again from another run),
// written without reading the signature code. Scored 17/19 and 25/25 by signature v11 before any
// change. Left: fresh9-same-003, whose second copy is Jenkins' "Error Message" block cut before
// the stack trace (the first copy's key holds the test's own frame); fresh9-same-019, one
// assertion printed by Python 2 (u'0\nsaltines') and by Python 3 ('0\nsaltines'), the second
// copy an issue title without the exception line. Signature v15 (no frame in the key when the
// test is known) groups fresh9-same-003: 18/19 and 25/25.
TEST_CASE("ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-9.jsonl", {.same = 19, .different = 25, .grouped = 18, .apart = 25});
}

// tests/data/pairs-fresh-10.jsonl: 49 pairs (20 same, 29 different) gathered in session 14 from
// sources no other pair file uses (crash reports filed by tools: gopls, App Center, Atom,
// Airbrake; duplicate youtube-dl reports; Go, JS, Python, C#, Java, Ruby, PHP, TS, Rust, C++,
// Swift), written without reading the signature code. Scored 13/20 and 28/29 by signature v11
// before any change. Signature v12 (a paste's "<pre>" opening the panic line, gopls's frame lines
// "check.go:1247  0x93a") groups the three gopls pairs: 16/20 and 28/29, no other pair file's
// figures changed. Left: two youtube-dl versions whose error message's boilerplate tail differs
// (the key keeps the whole message; cutting it would over-group), a copy cut before its traceback,
// a Monolog record re-wrapped by hand against the same record cut mid-line; fresh10-diff-012, two
// App Center issues whose only difference is the line number (keys have none).
TEST_CASE("tenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-10.jsonl", {.same = 20, .different = 29, .grouped = 16, .apart = 28});
}

// tests/data/pairs-fresh-11.jsonl: 29 pairs (5 same, 24 different) gathered in session 14 after
// signature v12 from CI flaky-test trackers (Go, Java, JS/TS, Rust, Python, Ruby, C#), written
// without reading the signature code: 3/5 and 24/24 with v12 (held out; no change made for it).
// Left: fresh11-same-002, one test's assertion in Pulsar and in a fork's subclass whose delivery
// tracker differs (the gatherer doubts the label); fresh11-same-003, a host name masked by hand
// with a different number of x's in each copy.
TEST_CASE("eleventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-11.jsonl", {.same = 5, .different = 24, .grouped = 3, .apart = 24});
}

// tests/data/pairs-fresh-12.jsonl: 39 pairs (19 same, 20 different) gathered in session 15 from
// flaky-test trackers and CI-failure reports with the same failure pasted twice (Node.js's TAP
// reports, Elasticsearch, Ruby system specs; JS, Ruby, Go, Java, C#, Python, Rust, C++, Kotlin),
// written without reading the signature code: 12/19 and 20/20 with v12. Signature v13 (a test's
// innermost frame alone when its id is known: one paste cut after its first frame) groups one
// more: 13/19 and 20/20; no other pair file's figures changed. Left: a copy cut before its
// frames against a full one, V8 naming a callback "createdIds.forEach" in one Node version and
// leaving it anonymous in another, a test whose message was changed between the runs, and two
// copies of which one lost its message to the web page it was copied from. Signature v15 (no frame
// in the key when the test is known) groups four: three copies cut before their frames against
// full ones, and the V8 callback pair: 17/19 and 20/20. Signature v17 (Gradle's "(No message
// provided)" is no message) groups an Elasticsearch pair: 18/19 and 20/20.
TEST_CASE("twelfth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-12.jsonl", {.same = 19, .different = 20, .grouped = 18, .apart = 20});
}

// tests/data/pairs-fresh-13.jsonl: 34 pairs (13 same, 21 different) gathered in session 15 after
// signature v13 from maintainers re-pasting a flake ("and again") and bots' duplicate reports
// (Swift, Go, Java, Python, C#, C++, Rust, Elixir, Kotlin, TypeScript), written without reading
// the signature code: 8/13 and 21/21 (held out; the Open Build Service's "[  405s]" column read
// since changed none of it). Left: a message whose values differ between the runs (a map dumped
// empty and with one entry, expected "f" and "e"), a CPython test frame under /usr/lib64 (read as
// the standard library's) against the same frame in a build tree, a fatal error quoting the
// file's full path in one copy and its name in the other, an Objective-C-style test name against
// Swift's. Signature v15 (no frame in the key when the test is known) groups the CPython pair:
// 9/13. It also groups fresh13-diff-002, 20/21 apart: two testify checks of one test, "expected:
// 201 received: 503" and "expected: 503 received: 201", whose masked messages are one; only the
// line numbers (514, 504) tell them apart, and keys have none so that a failure keeps its key when
// code above it moves. v14 kept them apart by accident: its frame for one copy was the garbled
// "Error Trace:    main_test.go:--- FAIL: TestAcquireDevice". Signature v17 (a quoted path is a
// path, its last component kept, whatever its length) groups the fatal error's pair: 10/13.
TEST_CASE("thirteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-13.jsonl", {.same = 13, .different = 21, .grouped = 10, .apart = 20});
}

// tests/data/pairs-fresh-14.jsonl: 34 pairs (17 same, 17 different) gathered in session 16 from
// flaky-test trackers' repeated reports and threads quoting two runs (TiDB, TiKV, Lucene,
// Elasticsearch, Kibana, VS Code, rust-lang, Hazelcast, nomad, etcd, CockroachDB, the Open Build
// Service), written without reading the signature code: 8/17 with v12, 10/17 with v13, 17/17
// apart throughout (held out). Signature v14 (Mocha 9's test-file path after a timeout's
// message) groups one more: 11/17 and 17/17. Left: copies cut before the failing check, a test
// whose package moved between the runs, two parametrisations of one test, a retry's attempts
// whose Capybara message quotes a different partial text, a copy with its frames against one
// without. Signature v15 (no frame in the key when the test is known) groups that last one and a
// Lucene pair cut after different frames: 13/17 and 17/17. Signature v17 (a Go test keyed by its
// package's name, not its path) groups the test whose package moved: 14/17 and 17/17.
TEST_CASE("fourteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-14.jsonl", {.same = 17, .different = 17, .grouped = 15, .apart = 17});
}

// tests/data/pairs-fresh-15.jsonl: 19 pairs (2 same, 17 different) gathered in session 17 from
// threads no other pair file uses (ClickHouse, Kafka, Arrow, Druid, Mimir, the Dart SDK, grpc-java,
// skaffold, camunda, Julia, DotVVM), written without reading the signature code. Few "same" pairs:
// most threads quoting one failure twice were in use already. v14 scored it 0/2 and 17/17 (held
// out); v15, written before the set was read, 1/2 and 17/17: DotVVM's retried UI test, one copy
// cut after its assertion lines. Left: Julia's fld() failure from CI against a reviewer's reduced
// reproduction in a REPL testset (another test context, so another key).
TEST_CASE("fifteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-15.jsonl", {.same = 2, .different = 17, .grouped = 1, .apart = 17});
}

// tests/data/pairs-fresh-16.jsonl: 25 pairs (14 same, 11 different) gathered in session 17 for
// "same" pairs: flaky-test threads pasting a second run (Sentinel, bevy, Pulsar, Pinot, Node.js
// core's reliability reports; different: sibling tests and one test failing two ways in Deno,
// Kibana, rayon, scion, Node.js), written without reading the signature code: 9/14 and 11/11 with
// v14 and v15 alike (held out). Left: a JUnit 4 message as Maven prints it ("expected:<6> but
// was:<5>") against IntelliJ's rendering of it ("Expected :6" / "Actual   :5"), copies whose
// message the thread cut at different points (a Rust assert_eq! header, Node's inspected child
// status), a Node.js test's "timeout" against a copy without it, and a harness that began
// printing "CRASHED (Signal: 12)" between the two runs.
TEST_CASE("sixteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-16.jsonl", {.same = 14, .different = 11, .grouped = 9, .apart = 11});
}

// tests/data/pairs-fresh-17.jsonl: 26 pairs (16 same, 10 different) gathered in session 17 from
// threads quoting one failure from several runs (libuv's tests across years of issues, Go's
// builders, TiKV's PD, Neon, Elasticsearch; different: sibling tests and one test's two checks in
// libuv, PD, Go's net/http, Elasticsearch, Deno), written without reading the signature code:
// 10/16 and 10/10 with v14 and v15 alike (held out). Signature v16, read from it, groups one more
// (11/16, 10/10; no other pair file changed): a sign opening a value is part of it ("time -7a3f9c"
// and "time 7a3f9c" in two runs of one Go trace test). Left: copies cut before the failing check
// (a Neon copy keeps only cargo's "error: test failed, to rerun pass ...", which stays in the key
// on purpose: in a log cut that short it is all that tells one crate's failure from another's),
// an assertion rewritten between the runs, one Go test failing two ways, a JUnit report without
// its exception type against one with it. Signature v17 groups that last one (the request's type
// is the kind of a copy that prints no headline): 12/16.
TEST_CASE("seventeenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-17.jsonl", {.same = 16, .different = 10, .grouped = 12, .apart = 10});
}

// tests/data/pairs-fresh-18.jsonl: 17 pairs (6 same, 11 different) gathered in session 18 (Moby's
// daemon and fluentd tests, .NET's socket and runtime tests, Node.js, Decidim's rspec-retry
// attempts; different: one test failing two ways in Go and Moby, identical xUnit messages of
// unrelated tests, one helper's different checks), written without reading the signature code:
// 3/6 and 11/11 with v16 (held out). Left, as text cannot join them without merging different
// failures: a bot's "seen again" copy without the failing log line, a test class renamed between
// the runs (DualMode to DualModeBeginAccept), and Moby's move from gocheck's c.Assert to gotest.tools
// between two reports of one check.
TEST_CASE("eighteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-18.jsonl", {.same = 6, .different = 11, .grouped = 3, .apart = 11});
}

// tests/data/pairs-fresh-19.jsonl: 32 pairs (20 same, 12 different) gathered in session 18 after
// signature v17 from flaky-test trackers' re-posted failures and duplicates (Kubernetes' etcd3
// watch test, Go's runtime and os tests across builders, Bitcoin Core's functional tests, Kibana's
// CI reports; different: one test's two checks in Hazelcast and Go, shared helpers in Trino and
// Go, Cilium's and Bitcoin's look-alike messages), written without reading the signature code:
// 12/20 with v15, 16/20 with v16 and v17 alike, 11/12 apart throughout (held out). Left: copies
// whose message one thread cut at the line's end and the other did not, Bitcoin's test run with
// and without --legacy-wallet (named as two tests), Kibana's test title with "·ts." in one
// report and "·ts - " in the other; and two Ginkgo specs of one file with the same Gomega message
// and no test name, told apart only by their line numbers, which keys leave out by design.
TEST_CASE("nineteenth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-19.jsonl", {.same = 20, .different = 12, .grouped = 16, .apart = 11});
}

// tests/data/pairs-fresh-20.jsonl: 19 pairs (8 same, 11 different) gathered in session 18 after
// signature v17's first three changes (Elasticsearch's RollupIT and breaker checks, Pulsar, Roslyn,
// swift-nio, Redpanda's ducktape tests; different: one test's two checks, identical TestNG messages
// of different tests, Deno, Materialize, realm-kotlin, gRPC), written without reading the
// signature code: 2/8 and 11/11 with v15, v16 and those changes alike (held out); 3/8 with v17's
// fourth (the request's exception type as the kind of a copy without a headline), which was read
// from fresh17-same-013 -- the same Elasticsearch pair as fresh20-same-001, which the gatherer
// did not recognise as already used, so that one is not an independent measure. Left: node names
// that differ in text ("node_sd0" / "node_s0"), xUnit's message printed two ways, Awaitility's
// message reworded between versions, a copy pasted from a web table, and a setup timeout filed
// under two different tests.
TEST_CASE("twentieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-20.jsonl", {.same = 8, .different = 11, .grouped = 3, .apart = 11});
}

// tests/data/pairs-fresh-21.jsonl: 29 pairs (15 same, 14 different) gathered in session 19 after
// signature v17 (Akka's and Pekko's "failed:" issues -- FSM state timeouts, HubSpec, MultiDc,
// LateConnectSpec --, SPDK, Mir's death tests, TiKV, Neon, Syndesis, ServiceTalk; different: one
// exception type or helper frame in unrelated tests), written without reading the signature code:
// 7/15 with v15, 8/15 with v16 and v17, 13/14 apart throughout (held out); 9/15 with v18 (a JVM test
// keyed by class and method, read from its ServiceTalk pair: "pkg.C.m" and Gradle's "C > m()").
// Left: Akka's spec names reworded between releases, a message that gained a field, Awaitility's
// message across versions, a copy with no test id.
TEST_CASE("twenty-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-21.jsonl", {.same = 15, .different = 14, .grouped = 9, .apart = 13});
}

// tests/data/pairs-fresh-22.jsonl: 21 pairs (10 same, 11 different) gathered in session 19 (corefx's
// "failed in CI" threads, gRPC's proxy fixture and hpack tests, RocksDB, Camunda, Yugabyte,
// CPython's buildbots; different: the same assert text, helper frames or exception in another
// test), written without reading the signature code: 3/10 with v15, 5/10 with v16 and v17, 11/11
// apart throughout (held out); 6/10 with v18 (corefx's ProcessTests moved between namespaces).
// Left: a copy cut before its message, a bazel target naming two tests of one fixture, a gRPC
// log line with no test id in one copy.
TEST_CASE("twenty-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-22.jsonl", {.same = 10, .different = 11, .grouped = 6, .apart = 11});
}

// tests/data/pairs-fresh-23.jsonl: 19 pairs (5 same, 14 different) gathered in session 20 (KoP,
// Hazelcast, sparts, grpc-swift, ClickHouse bot reports; different: .NET runtime and Roslyn
// failures in Spanish, Camunda, Jetty, Bitcoin Core and Redpanda ducktape tests, TiDB, Neovim,
// async-http-client, Deno, Scylla), written without reading the signature code: 4/5 and 14/14
// apart with v18 (held out). Left: two ClickHouse CI-bot reports that quote no failure text.
TEST_CASE("twenty-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-23.jsonl", {.same = 5, .different = 14, .grouped = 4, .apart = 14});
}

// tests/data/pairs-fresh-24.jsonl: 21 pairs (7 same, 14 different) gathered in session 20 from
// projects earlier sets had not mined (EF Core, QuestDB, Trino, Iceberg, Databend; different:
// Quarkus, OpenTelemetry, matplotlib, OkHttp, Deno), written without reading the signature code:
// 4/7 and 13/14 apart with v18 (held out). Left: a test class renamed between the two reports
// (EF Core, Trino), a sqllogictest whose extra row differs, and Databend's wrapper panic whose
// two copies hide different errors behind one message.
TEST_CASE("twenty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-24.jsonl", {.same = 7, .different = 14, .grouped = 4, .apart = 13});
}

// tests/data/pairs-fresh-25.jsonl: 18 pairs (5 same, 13 different) gathered in session 20 (Aspire's
// flaky-test bot issues, cargo_metadata, Distributed.jl; different: Ruby's thread instrumentation,
// Zig std tests, LLVM lit, oximeter, EMQX, Orleans), written without reading the signature code:
// 3/5 and 13/13 apart with v18 (held out). Left: a Julia check whose copies ran under different
// collectors and platforms, an Aspire assertion whose report layout changed between runs.
TEST_CASE("twenty-fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-25.jsonl", {.same = 5, .different = 13, .grouped = 3, .apart = 13});
}

TEST_CASE("a Go test keyed by its package name and test name, not its package path") {
  const SignatureExtractor extractor;
  const std::string trace = "--- FAIL: TestMemTracker (0.02s)\n    oom_test.go:88: expected 1 log, got 0\n";
  const auto before = extractor.extract(trace, "", "", "executor/oomtest.TestMemTracker");
  const auto after = extractor.extract(trace, "", "", "pkg/executor/test/oomtest.TestMemTracker");
  CHECK(extractor.key(before) == extractor.key(after));
  CHECK(before.test_id == "oomtest.TestMemTracker");
  // Another package's test of the same name stays apart; ids that are not Go's keep their paths.
  CHECK(extractor.key(extractor.extract(trace, "", "", "pkg/planner/oomtest2.TestMemTracker")) !=
        extractor.key(before));
  CHECK(extractor.extract(trace, "", "", "tests/unit/test_api.py::test_get").test_id == "tests/unit/test_api.py::test_get");
}

TEST_CASE("a JVM or .NET test keyed by class and method whichever package or runner shape it comes in") {
  const SignatureExtractor extractor;
  const std::string trace = "Assert.True() Failure\nExpected: True\nActual:   False\n";
  const auto before = extractor.extract(trace, "", "", "System.Diagnostics.ProcessTests.ProcessTests.TestWorkingSet64");
  const auto after = extractor.extract(trace, "", "", "System.Diagnostics.Tests.ProcessTests.TestWorkingSet64");
  CHECK(before.test_id == "ProcessTests.TestWorkingSet64");
  CHECK(extractor.key(before) == extractor.key(after));
  // Gradle's "Class > method()" and a JUnit "pkg.Class#method" are the same test.
  CHECK(extractor.extract(trace, "", "", "FullDuplexTest > defaultFullDuplex()").test_id == "FullDuplexTest.defaultFullDuplex");
  CHECK(extractor.extract(trace, "", "", "Outer > Inner > works()").test_id == "Inner.works");
  // Gradle's console and build scans drop the "()" of a JUnit 4 test and keep its package.
  CHECK(extractor.extract(trace, "", "", "org.elasticsearch.index.store.CorruptedFileIT > testReplicaCorruption").test_id ==
        "CorruptedFileIT.testReplicaCorruption");
  // A Vitest title of words is not a class and a method: it stays whole.
  CHECK(extractor.extract(trace, "", "", "src/a.test.ts > parser > keeps comments").test_id ==
        "src/a.test.js > parser > keeps comments");
  CHECK(extractor.extract(trace, "", "", "io.x.FullDuplexTest#defaultFullDuplex").test_id == "FullDuplexTest.defaultFullDuplex");
  // Another method of the class stays apart; a path or a sentence stays whole, a parametrised
  // id keys as its test.
  CHECK(extractor.key(extractor.extract(trace, "", "", "System.Diagnostics.Tests.ProcessTests.TestWorkingSet")) !=
        extractor.key(before));
  CHECK(extractor.extract(trace, "", "", "tests/test_api.py::TestGet::test_a").test_id == "tests/test_api.py::TestGet::test_a");
  CHECK(extractor.extract(trace, "", "", "pkg.C.test_x[1.5]").test_id == "C.test_x");
  CHECK(extractor.extract(trace, "", "", "PartitionHub must signal error. to consumers").test_id ==
        "PartitionHub must signal error. to consumers");
}

TEST_CASE("a redacted public address keys like the local address another run printed") {
  const SignatureExtractor extractor;
  auto failure = [&](const std::string& address) {
    const std::string message = "monitor failure: dial tcp " + address + ": connect: connection refused";
    return extractor.extract(message + "\n", "", message, "roachtest/manual/monitor/node-fatal");
  };
  const auto local = failure("127.0.0.1:29000");
  const auto cloud = failure("[REDACTED:ip-address]:26257");
  CHECK(local.message == "monitor failure: dial tcp N.N.N.N:N: connect: connection refused");
  CHECK(cloud.message == local.message);
  CHECK(extractor.key(local) == extractor.key(cloud));
  // Another redacted kind is not an address.
  CHECK(failure("[REDACTED:github-token]:26257").message != local.message);
}

TEST_CASE("a test file moved from JavaScript to TypeScript keeps its key") {
  const SignatureExtractor extractor;
  const std::string trace = "Error: expected true to equal false\n    at Assertion.assert (expect.js:100:11)\n";
  // Kibana's reports write the file's dot as "·".
  const auto js = extractor.extract(trace, "", "", "Chrome UI Functional Tests1.test/functional/apps/dashboard/dashboard_listing\u00b7js - dashboard app loads");
  const auto ts = extractor.extract(trace, "", "", "Chrome UI Functional Tests1.test/functional/apps/dashboard/dashboard_listing\u00b7ts - dashboard app loads");
  CHECK(js.test_id == ts.test_id);
  CHECK(extractor.extract(trace, "", "", "src/parser.test.ts > parser > keeps comments").test_id ==
        extractor.extract(trace, "", "", "src/parser.test.mjs > parser > keeps comments").test_id);
  // Another file, or an extension that is not a script's, stays apart.
  CHECK(extractor.extract(trace, "", "", "src/lexer.test.ts > keeps comments").test_id !=
        extractor.extract(trace, "", "", "src/parser.test.ts > keeps comments").test_id);
  CHECK(extractor.extract(trace, "", "", "fixtures/data.json loads").test_id == "fixtures/data.json loads");
  CHECK(extractor.extract(trace, "", "", "reads table.tsv").test_id == "reads table.tsv");
}

TEST_CASE("an exception without a message keys alike whether or not the report says so") {
  const SignatureExtractor extractor;
  const auto said = extractor.extract("java.lang.AssertionError: (No message provided)\n\tat org.acme.ShardIT.testBig(ShardIT.java:71)\n",
                                      "", "", "org.acme.ShardIT.testBig");
  const auto silent = extractor.extract("java.lang.AssertionError\n\tat org.acme.ShardIT.testBig(ShardIT.java:74)\n", "", "",
                                        "org.acme.ShardIT.testBig");
  CHECK(said.message.empty());
  CHECK(extractor.key(said) == extractor.key(silent));
}

TEST_CASE("a copy without its exception line keys the request's exception type as its kind") {
  const SignatureExtractor extractor;
  const auto bare = extractor.extract("Expected: <89L>\n     but: was <0L>\n", "AssertionError", "Expected: <89L>",
                                      "org.acme.RollupIT.testBig");
  const auto full = extractor.extract("java.lang.AssertionError: Expected: <89L>\n     but: was <0L>\n"
                                      "\tat org.acme.RollupIT.testBig(RollupIT.java:412)\n",
                                      "AssertionError", "Expected: <89L>", "org.acme.RollupIT.testBig");
  CHECK(extractor.key(bare) == extractor.key(full));
  // Without a test named by the request the kind stays unknown: the failure-like lines decide.
  CHECK(extractor.extract("Expected: <89L>\n", "AssertionError", "Expected: <89L>", "").kind.empty());
}

TEST_CASE("a quoted path keeps its last component however long it is") {
  const std::string longer = "/home/runner/work/swift-nio/swift-nio/.build/checkouts/swift-nio/Sources/NIOCore/ChannelInvoker.swift";
  CHECK(SignatureExtractor::mask("leaking promise created at (file: \"" + longer + "\", line: 212)") ==
        "leaking promise created at (file: \"ChannelInvoker.swift\", line: N)");
  // A long quoted payload with blanks is still one value.
  const std::string payload(90, 'x');
  CHECK(SignatureExtractor::mask("sent \"" + payload + " y/z\" and failed") == "sent \"<v>\" and failed");
}

TEST_CASE("a sign opening a value is part of the value") {
  const SignatureExtractor extractor;
  const auto negative = extractor.extract(
      "--- FAIL: TestTraceFutileWakeup (0.41s)\n    trace_test.go:52: failed to parse trace: g 37 is not runnable "
      "before start (offset 1180, time -7a3f9c)\n");
  const auto positive = extractor.extract(
      "--- FAIL: TestTraceFutileWakeup (0.39s)\n    trace_test.go:52: failed to parse trace: g 12 is not runnable "
      "before start (offset 977, time 7a3f9c)\n");
  CHECK(extractor.key(negative) == extractor.key(positive));
  CHECK(SignatureExtractor::mask("expected -5, got 3") == SignatureExtractor::mask("expected 5, got 3"));
  // A sign before a hex run whose digit comes first ends (fuzz_fingerprint found it looping).
  CHECK(SignatureExtractor::mask("offset -1a2b3c4d") == SignatureExtractor::mask("offset 1a2b3c4d"));
  CHECK(SignatureExtractor::mask("x -1a") == "x 1a");
  // A dash inside a name or before a flag stays.
  CHECK(SignatureExtractor::mask("run --no-fail-fast") == "run --no-fail-fast");
  CHECK(SignatureExtractor::mask("worker-2 failed") != SignatureExtractor::mask("worker2 failed"));

}

TEST_CASE("the test file Mocha appends to a timeout's message is no part of the key") {
  const SignatureExtractor extractor;
  const std::string message =
      "Timeout of 60000ms exceeded. For async tests and hooks, ensure \"done()\" is called; if returning a "
      "Promise, ensure it resolves.";
  const auto older = extractor.extract("  1) window showQuickPick:\n     Error: " + message + "\n", "Error", "",
                                       "window showQuickPick");
  const auto newer = extractor.extract(
      "  1) window showQuickPick:\n     Error: " + message + " (D:\\a\\_work\\1\\s\\out\\window.test.js)\n", "Error", "",
      "window showQuickPick");
  CHECK(extractor.key(older) == extractor.key(newer));
  // A path that is the message's subject stays: no sentence ends before it.
  const auto module_a = extractor.extract("Error: Cannot find module (/app/src/a.js)\n");
  const auto module_b = extractor.extract("Error: Cannot find module (/app/src/b.js)\n");
  CHECK(module_a.message != module_b.message);
}

TEST_CASE("the Open Build Service's seconds column is no part of the key") {
  const SignatureExtractor extractor;
  const std::string plain =
      "FAIL: test_close (test.test_asyncio.test_sendfile.EPollEventLoopTests.test_close)\n"
      "Traceback (most recent call last):\n"
      "  File \"/src/Lib/test/test_asyncio/test_sendfile.py\", line 466, in test_close\n"
      "    with self.assertRaises(ConnectionError):\n"
      "AssertionError: ConnectionError not raised\n";
  std::string obs;
  for (std::size_t at = 0; at < plain.size();) {
    const auto end = plain.find('\n', at);
    obs += "[ 6080s] " + plain.substr(at, end + 1 - at);
    at = end + 1;
  }
  CHECK(extractor.extract(obs).test_id == "EPollEventLoopTests.test_close");
  CHECK(extractor.key(extractor.extract(obs)) == extractor.key(extractor.extract(plain)));
  CHECK(extractor.extract("[ab] FAIL: x\n").test_id.empty());
}

TEST_CASE("a TAP report names the test, and with a test id a copy cut after its first frame keys the same") {
  const SignatureExtractor extractor;
  const std::string full =
      "not ok 37 parallel/test-async-hooks-destroy\n"
      "  ---\n  duration_ms: 8.517\n  severity: fail\n  stack: |-\n"
      "    AssertionError [ERR_ASSERTION]: The expression evaluated to a falsy value:\n"
      "        at /home/ci/node/test/parallel/test-async-hooks-destroy.js:43:16\n"
      "        at Array.forEach (<anonymous>)\n"
      "        at Timeout._onTimeout (/home/ci/node/test/parallel/test-async-hooks-destroy.js:42:18)\n";
  const auto signature = extractor.extract(full);
  CHECK(signature.test_id == "test-async-hooks-destroy");
  REQUIRE(signature.frames.size() == 2);
  const std::string cut = full.substr(0, full.find("        at Array.forEach"));
  CHECK(extractor.key(extractor.extract(cut)) == extractor.key(signature));
  // Another test failing the same way in the same helper keeps its own key.
  std::string other = full;
  other.replace(other.find("37 parallel/test-async-hooks-destroy"), 36, "38 parallel/test-async-hooks-create");
  CHECK(extractor.key(extractor.extract(other)) != extractor.key(signature));
  // TAP's "- description" and its directive are not part of the id.
  CHECK(extractor.extract("not ok 2 - adds numbers # TODO not yet\n").test_id == "adds numbers");
  CHECK(extractor.extract("not ok\n").test_id.empty());
  // Without a test id, the second frame still tells two callers of one helper apart.
  const auto helper = [&](std::string_view caller) {
    return extractor.key(extractor.extract(
        "AssertionError: bad row\n    at checkRow (/src/test/helpers.js:9:3)\n    at " + std::string(caller) +
        " (/src/test/table.test.js:20:5)\n"));
  };
  CHECK(helper("readsHeader") != helper("readsFooter"));
}

TEST_CASE("a paste's HTML tags and gopls's frame lines do not change the key") {
  const SignatureExtractor extractor;
  const std::string dump =
      "panic: runtime error: invalid memory address or nil pointer dereference\n"
      "[signal 0xc0000005 code=0x0 addr=0x0 pc=0xce78ba]\n\n"
      "goroutine 940 [running]:\n"
      "golang.org/x/tools/gopls/internal/lsp/cache.localPackageKey({{0xc00050d25a, 0x6}, ...})\n"
      "\t  check.go:1247  0x93a\n"
      "golang.org/x/tools/gopls/internal/lsp/cache.(*snapshot).getPackageHandles.func2()\n"
      "\t  check.go:808  0x188\n";
  const auto plain = extractor.extract(dump);
  CHECK(plain.kind == "panic");
  REQUIRE(plain.frames.size() == 2);
  CHECK(plain.frames[0] == "check.go:cache.localPackageKey");
  CHECK(extractor.key(extractor.extract("<pre>" + dump + "</pre>")) == extractor.key(plain));
  // The usual form keys the same frame.
  const auto usual = extractor.extract(
      "panic: boom\n\ngoroutine 1 [running]:\nmain.run()\n\t/src/app/main.go:12 +0x1d\n");
  REQUIRE(usual.frames.size() == 1);
  CHECK(usual.frames[0] == "main.go:main.run");
}

TEST_CASE("pre-commit: a failed hook is keyed by the hook and the first line of its output") {
  const auto hook_run = [](std::string_view file, std::string_view unchanged) {
    return "black....................................................................Failed\n"
           "- hook id: black\n"
           "- files were modified by this hook\n"
           "\n"
           "reformatted " +
           std::string(file) +
           "\n"
           "\n"
           "All done! \xe2\x9c\xa8 \xf0\x9f\x8d\xb0 \xe2\x9c\xa8\n"
           "1 file reformatted, " +
           std::string(unchanged) + " files left unchanged.\n";
  };
  const SignatureExtractor extractor;
  const auto signature = extractor.extract(hook_run("tests/a/store_tests.py", "3"), "error", "error");
  CHECK(signature.kind == "pre-commit:black");
  CHECK(signature.message == "reformatted store_tests.py");
  // The same file left unformatted in another run (another tally) keys the same; another file not.
  CHECK(key(hook_run("tests/a/store_tests.py", "3"), "error", "error", "lint") ==
        key(hook_run("tests/a/store_tests.py", "2"), "error", "error", "lint"));
  CHECK(key(hook_run("tests/a/store_tests.py", "3"), "error", "error", "lint") !=
        key(hook_run("tests/b/other_tests.py", "3"), "error", "error", "lint"));
  // A JUnit report's leaked "<![CDATA[" before the hook's lines, and a hook that exits non-zero.
  const auto leaked = extractor.extract(
      "![CDATA[- hook id: flake8\n- exit code: 1\n\nsrc/app.py:3:1: F401 'os' imported but unused\n]]\n");
  CHECK(leaked.kind == "pre-commit:flake8");
  CHECK(leaked.message == "app.py:N:N: FN 'os' imported but unused");  // codes are masked like numbers
}

TEST_CASE("a bare exception line's message on the next line keys as that message given alone") {
  const SignatureExtractor extractor;
  const auto bare = extractor.extract("java.lang.AssertionError: \n\nExpecting:\n  <[1L, 1L]>\n");
  CHECK(bare.kind == "AssertionError");
  CHECK(bare.message == "Expecting:");
  const auto given = extractor.extract("Error details:\nExpecting:\n", {}, "Expecting:\n  <[1L, 1L]>");
  CHECK(given.message == bare.message);
}

TEST_CASE("no frame of the project's own: the innermost installed package's frame tells two failures apart") {
  const auto under = [](std::string_view caller) {
    return "Error: error:0308010C:digital envelope routines::unsupported\n"
           "    at new Hash (node:internal/crypto/hash:71:19)\n"
           "    at Object.createHash (node:crypto:140:10)\n" +
           std::string(caller);
  };
  const std::string etag =
      "    at weakhash (/home/a/app/node_modules/etag/index.js:163:6)\n"
      "    at etag (/home/a/app/node_modules/etag/index.js:59:7)\n";
  const std::string webpack =
      "    at module.exports (/home/b/gui/node_modules/webpack/lib/util/createHash.js:135:53)\n"
      "    at NormalModule._initBuildHash (/home/b/gui/node_modules/webpack/lib/NormalModule.js:417:16)\n";
  CHECK(key(under(etag)) != key(under(webpack)));
  CHECK(sig(under(webpack)).frames == std::vector<std::string>{"createHash.js:module.exports"});
  // The same failure in another checkout, on Windows, cut one frame shorter: one key.
  const std::string webpack_windows =
      "    at module.exports (C:\\Users\\p\\dash\\node_modules\\webpack\\lib\\util\\createHash.js:135:53)\n";
  CHECK(key(under(webpack)) == key(under(webpack_windows)));
  // A frame of the project's own still wins over the packages' (and no package frame joins it).
  const std::string own = "    at render (/home/a/app/src/view.js:12:3)\n";
  CHECK(sig(under(etag + own)).frames == std::vector<std::string>{"view.js:render"});
  // Python lists the innermost frame last.
  const auto py = sig(
      "Traceback (most recent call last):\n"
      "  File \"/usr/lib/python3.11/runpy.py\", line 198, in _run_module_as_main\n"
      "  File \"/venv/lib/python3.11/site-packages/click/core.py\", line 1078, in main\n"
      "  File \"/venv/lib/python3.11/site-packages/yaml/constructor.py\", line 41, in construct_document\n"
      "yaml.constructor.ConstructorError: could not determine a constructor\n");
  CHECK(py.frames == std::vector<std::string>{"constructor.py:construct_document"});
}

TEST_CASE("runner tallies: every runner's count and summary lines are recognised, failures are not") {
  for (std::string_view tally : {
           // Surefire's class summary and totals, bare, under Maven's level and GitHub's rendering.
           "Tests run: 52, Failures: 10, Errors: 0, Skipped: 21, Time elapsed: 375.654 s <<< FAILURE! - in "
           "org.apache.pulsar.broker.service.ReplicatorTest",
           " Error:  Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in a.CartTest",
           "[ERROR] Tests run: 7, Failures: 1, Errors: 1, Skipped: 0",
           "[INFO] Tests run: 12, Failures: 0, Errors: 0, Skipped: 0, Flakes: 1",
           "[INFO] 1 error",  // javac's count under Maven's compiler errors
           "52 tests completed, 10 failed, 21 skipped",  // Gradle
           "========================= 2 failed, 3 passed, 1 warning in 1.23s =========================",  // pytest
           "==== 1 error in 0.12s ====",
           "Tests:       1 failed, 2 passed, 3 total",  // Jest
           "Test Suites: 1 failed, 4 passed, 5 total",
           "Snapshots:   0 total",
           "Test Files  1 failed | 2 passed (3)",  // Vitest
           "     Tests  1 failed | 5 passed | 1 skipped (7)",
           "FAIL\tgithub.com/acme/plan\t61.234s",  // go
           "FAIL github.com/acme/plan 1.23s",
           "ok  \tgithub.com/acme/util\t(cached)",
           "FAIL",
           "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",  // cargo
           "Failed!  - Failed:     1, Passed:    10, Skipped:     0, Total:    11, Duration: 2 s - Cart.Tests.dll (net8.0)",
           "50% tests passed, 1 tests failed out of 2",  // CTest
           "1 runs, 1 assertions, 1 failures, 0 errors, 0 skips",  // Minitest
           "3 examples, 1 failure, 1 pending",  // RSpec
           "5 tests, 1 failure",  // ExUnit
           "  1 failing",  // Mocha
           "2 passing (3ms)",
           "Tests: 5, Assertions: 8, Failures: 1.",  // PHPUnit
       }) {
    CHECK_MESSAGE(SignatureExtractor::runner_tally(tally), tally);
  }
  for (std::string_view failure : {
           "Error: 2 failed",  // a JavaScript Error: GitHub's level column is not assumed in front of it
           "AssertionError: expected 3 failed",
           "3 tests failed because the server was down",
           "testFailedAck(a.ReplicatorTest)  Time elapsed: 32.549 s  <<< FAILURE!",  // names the test
           "--- FAIL: TestPlan (0.01s)",
           "FAIL: test_total (tests.test_cart.CartTest.test_total)",
           "FAIL\tgithub.com/acme/plan [build failed]",
           "FAIL src/cart.test.js (5.2 s)",
           "Tests: expected 3",
           "error: test failed, to rerun pass `--lib`",
           "Failures:",
       }) {
    CHECK_MESSAGE(!SignatureExtractor::runner_tally(failure), failure);
  }
}

TEST_CASE("runner tallies: a count or summary line beside a failure does not shift its key") {
  // apache/pulsar's shape: GitHub's "Error:" column in front of Surefire's class summary and the
  // test's header; one report has the summary, the other not, and the elapsed times differ. The
  // headline is the exception, not an "Error" made of the summary.
  const std::string failure =
      "org.awaitility.core.ConditionTimeoutException: Condition with a.ReplicatorTest was not fulfilled within 30 "
      "seconds.\n"
      "\tat org.awaitility.core.ConditionAwaiter.await(ConditionAwaiter.java:167)\n"
      "\tat a.ReplicatorTest.testFailedAck(ReplicatorTest.java:1418)\n";
  const std::string with_summary =
      " Error:  Tests run: 52, Failures: 10, Errors: 0, Skipped: 21, Time elapsed: 375.654 s <<< FAILURE! - in "
      "a.ReplicatorTest\n"
      "  Error:  testFailedAck(a.ReplicatorTest)  Time elapsed: 32.549 s  <<< FAILURE!\n" +
      failure;
  const std::string header_only = "Error:  testFailedAck(a.ReplicatorTest)  Time elapsed: 32.391 s  <<< FAILURE!\n" + failure;
  CHECK(sig(with_summary).kind == "ConditionTimeoutException");
  CHECK(sig(header_only).kind == "ConditionTimeoutException");
  CHECK(key(with_summary) == key(header_only));
  CHECK(key(with_summary, "ConditionTimeoutException", {}, "a.ReplicatorTest.testFailedAck") ==
        key(header_only, "ConditionTimeoutException", {}, "a.ReplicatorTest.testFailedAck"));

  // Failures without a frame or a test id are keyed by their failure-like lines: a tally among
  // them, or its numbers, would split one failure in two.
  struct Case {
    std::string_view runner, failure, tally, other_tally;
  };
  for (const Case& c : {
           Case{"go", "signal: killed\n", "FAIL\tgithub.com/acme/plan\t61.234s\n", ""},
           Case{"cargo", "running 2 tests\ntest parse ... FAILED\n\nfailures:\n    parse\n",
                "test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n",
                "test result: FAILED. 4 passed; 2 failed; 0 ignored; 0 measured; 3 filtered out; finished in 1.20s\n"},
           Case{"jest", "FAIL src/cart.test.js\n  SyntaxError: cart.js: Unexpected token (4:7)\n",
                "Test Suites: 1 failed, 1 total\nTests:       0 total\nSnapshots:   0 total\n",
                "Test Suites: 1 failed, 3 passed, 4 total\nTests:       10 passed, 10 total\n"},
           Case{"vitest", "Error: Test timed out in 5000ms.\n",
                " Test Files  1 failed | 2 passed (3)\n      Tests  1 failed | 5 passed (6)\n",
                " Test Files  1 failed (1)\n      Tests  1 failed | 1 skipped (2)\n"},
           Case{"pytest", "E   ModuleNotFoundError: No module named 'yaml'\n", "=========== 1 error in 0.12s ===========\n",
                "==== 1 error, 3 warnings in 0.40s ====\n"},
           Case{"gradle", "Execution failed for task ':app:test'.\n> There were failing tests.\n",
                "52 tests completed, 10 failed, 21 skipped\n", "3 tests completed, 1 failed\n"},
           Case{"dotnet", "The active test run was aborted. Reason: Test host process crashed : Stack overflow.\n",
                "Failed!  - Failed:     1, Passed:    10, Skipped:     0, Total:    11, Duration: 2 s - C.Tests.dll\n", ""},
           Case{"minitest", "Expected: 3\n  Actual: 4\nerror: assertion failed\n",
                "1 runs, 1 assertions, 1 failures, 0 errors, 0 skips\n", "9 runs, 20 assertions, 1 failures, 0 errors, 2 skips\n"},
           Case{"mocha", "Error: ECONNRESET: Connection reset by peer\n", "  1 failing\n", "  2 passing (3ms)\n  1 failing\n"},
           Case{"maven", "[ERROR] CartService.java:[12,8] cannot find symbol\n", "[INFO] 1 error\n", "[INFO] 2 errors\n"},
       }) {
    const std::string alone(c.failure);
    const std::string after = alone + std::string(c.tally);
    const std::string before = std::string(c.other_tally.empty() ? c.tally : c.other_tally) + alone;
    CHECK_MESSAGE(sig(alone).fallback == sig(after).fallback, c.runner);
    CHECK_MESSAGE(key(alone) == key(after), c.runner);
    CHECK_MESSAGE(key(after) == key(before), c.runner);
  }

  // Dropping tallies groups nothing else: two failures beside one tally stay apart.
  CHECK(key("signal: killed\nFAIL\tgithub.com/acme/plan\t1.2s\n") !=
        key("fatal error: out of memory\nFAIL\tgithub.com/acme/plan\t1.2s\n"));
}

TEST_CASE("prefixes: CI timestamps, workers, CTest numbers and step columns are stripped") {
  CHECK(SignatureExtractor::strip_prefixes("2024-06-11T09:14:03.1182930Z FAILED x") == "FAILED x");
  CHECK(SignatureExtractor::strip_prefixes("[2021-08-25T07:29:05.332Z] === FAIL: pkg TestX") == "=== FAIL: pkg TestX");
  CHECK(SignatureExtractor::strip_prefixes("12:46:28 FAIL: test_start_stop") == "FAIL: test_start_stop");
  CHECK(SignatureExtractor::strip_prefixes("[02:23:38][Step 2/2] panic: boom") == "panic: boom");
  CHECK(SignatureExtractor::strip_prefixes("[gw3] [ 45%] FAILED tests/a.py::t") == "[ 45%] FAILED tests/a.py::t");
  CHECK(SignatureExtractor::strip_prefixes("84: [  FAILED  ] Suite.Test (3 ms)") == "[  FAILED  ] Suite.Test (3 ms)");
  CHECK(SignatureExtractor::strip_prefixes("[xUnit.net 00:00:06.9116690]     Name [FAIL]") == "Name [FAIL]");
  // A test's logged output under xUnit.net's column, in the test logger's "|" gutter.
  CHECK(SignatureExtractor::strip_prefixes("[xUnit.net 00:01:15.55]         |    at Ns.C.M() in C.cs:line 9") ==
        "at Ns.C.M() in C.cs:line 9");
  CHECK(SignatureExtractor::strip_prefixes("[xUnit.net 00:01:15.55]         |") == "");
  // Elsewhere a bar is text (a table, a code frame's gutter).
  CHECK(SignatureExtractor::strip_prefixes("| a | b |") == "| a | b |");
  CHECK(SignatureExtractor::strip_prefixes("[Step 2/2] | x") == "| x");
  CHECK(SignatureExtractor::strip_prefixes("##[error]Process completed with exit code 1.") ==
        "Process completed with exit code 1.");
  CHECK(SignatureExtractor::strip_prefixes("run-frontend-integration-tests:\tAssertionError: x") == "AssertionError: x");
  CHECK(SignatureExtractor::strip_prefixes("web_1  | Error: boom") == "Error: boom");
  // Not prefixes: a Rust frame number is indented, a message keeps its words.
  CHECK(SignatureExtractor::strip_prefixes("   0: std::panicking::begin") == "   0: std::panicking::begin");
  CHECK(SignatureExtractor::strip_prefixes("AssertionError: 1 != 0") == "AssertionError: 1 != 0");
}

TEST_CASE("prefixes and colours do not change the key") {
  const std::string plain =
      "=== RUN   TestFoo\n    foo_test.go:12: \n        \tError Trace:\tfoo_test.go:12\n"
      "        \tError:      \tNot equal: \n        \t            \texpected: 3\n"
      "        \t            \tactual  : 4\n--- FAIL: TestFoo (0.01s)\n";
  const std::string jenkins =
      "[2024-01-02T03:04:05.678Z] === RUN   TestFoo\n[2024-01-02T03:04:05.678Z]     foo_test.go:12: \n"
      "[2024-01-02T03:04:05.678Z]         \tError Trace:\tfoo_test.go:12\n\n"
      "[2024-01-02T03:04:05.678Z]         \tError:      \tNot equal: \n"
      "[2024-01-02T03:04:05.678Z]         \t            \texpected: 3\n"
      "[2024-01-02T03:04:05.678Z]         \t            \tactual  : 5\n"
      "\x1b[31m--- FAIL: TestFoo (0.02s)\x1b[0m\n";
  CHECK(key(plain) == key(jenkins));
  CHECK(sig(plain).test_id == "TestFoo");
  CHECK(sig(plain).kind == "testify");
}

TEST_CASE("masking keeps words and drops values") {
  CHECK(SignatureExtractor::mask("expected: <5> but was: <10>") == "expected: <N> but was: <N>");
  CHECK(SignatureExtractor::mask("KeyError: 'user-42' at /home/runner/work/app/app/src/db.py") ==
        "KeyError: 'user-N' at db.py");
  CHECK(SignatureExtractor::mask("didn't acknowledge cancel after 0x7f62847aadd0") ==
        "didn't acknowledge cancel after 0x<hex>");
  CHECK(SignatureExtractor::mask("request 123e4567-e89b-12d3-a456-426614174000 took 15ms") ==
        "request <uuid> took Nms");
  CHECK(SignatureExtractor::mask("reset in worker_0_stage after 2.5s (Http1Codec, e2e, 64MB)") ==
        "reset in worker_0_stage after Ns (Http1Codec, e2e, NMB)");
  // A decimal is one value ("took 1" and "took 0.999" of one timer test); a dotted run of three
  // numbers or more is a version or an address and keeps its dots.
  CHECK(SignatureExtractor::mask("actual: 1849, difference: 269.8%") == SignatureExtractor::mask("actual: 2345, difference: 369%"));
  CHECK(SignatureExtractor::mask("but took 0.999") == "but took N");
  CHECK(SignatureExtractor::mask("requires 3.12.1 at 10.0.0.1") == "requires N.N.N at N.N.N.N");
  CHECK(SignatureExtractor::mask("namespace e2e-tests-kubectl-x9n97 on topic2") == "namespace e2e-tests-kubectl-<id> on topicN");
}

TEST_CASE("a run of digits is a number however long, a run mixing digits and hex letters an id") {
  // A limit raised between two runs, or a pid that grew a digit, must not change the key.
  CHECK(SignatureExtractor::mask("didn't finish within the time-out 60000") ==
        SignatureExtractor::mask("didn't finish within the time-out 240000"));
  CHECK(SignatureExtractor::mask("process 98765 exited") == "process N exited");
  CHECK(SignatureExtractor::mask("process 1234567 exited") == "process N exited");
  CHECK(SignatureExtractor::mask("run_1700000000_retry failed") == "run_N_retry failed");
  CHECK(SignatureExtractor::mask("commit 3f9a2c1 broke it") == "commit <hex> broke it");
  // Short digit runs inside a name stay part of the name.
  CHECK(SignatureExtractor::mask("worker_12_stage") == "worker_12_stage");
}

TEST_CASE("Python: the last exception and the innermost project frames") {
  const auto s = sig(
      "Traceback (most recent call last):\n"
      "  File \"/home/runner/work/app/app/tests/test_api.py\", line 12, in test_upload\n"
      "    client.upload()\n"
      "  File \"/home/runner/work/app/app/app/client.py\", line 40, in upload\n"
      "    self._send()\n"
      "  File \"/usr/lib/python3.12/site-packages/requests/api.py\", line 59, in post\n"
      "    return request()\n"
      "ConnectionResetError: [Errno 104] Connection reset by peer\n");
  CHECK(s.kind == "ConnectionResetError");
  CHECK(s.message == "[Errno N] Connection reset by peer");
  REQUIRE(s.frames.size() == 2);
  CHECK(s.frames[0] == "client.py:upload");
  CHECK(s.frames[1] == "test_api.py:test_upload");
}

TEST_CASE("JVM: the root cause is the last Caused by, with its own frames") {
  const auto s = sig(
      "org.example.ServiceException: call failed\n"
      "\tat org.example.Service.call(Service.java:10)\n"
      "\tat org.junit.runners.ParentRunner.run(ParentRunner.java:413)\n"
      "Caused by: java.net.SocketTimeoutException: Read timed out after 30000 ms\n"
      "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:168)\n"
      "\tat org.example.Client.read(Client.java:77)\n"
      "\t... 12 more\n");
  CHECK(s.kind == "SocketTimeoutException");
  CHECK(s.message == "Read timed out after N ms");
  REQUIRE(s.frames.size() == 1);
  CHECK(s.frames[0] == "Client.read");
}

TEST_CASE("JVM: Surefire's console summary keys like the full report of the same failure") {
  const std::string test = "example.ExampleTests.failsAlways";
  // The per-class report and the "Results:" summary of one assertion failure, with a rerun.
  const std::string report =
      "example.ExampleTests.failsAlways -- Time elapsed: 0.001 s <<< FAILURE!\n"
      "org.opentest4j.AssertionFailedError: Always fails ==> expected: <1> but was: <2>\n"
      "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n"
      "\tat example.ExampleTests.failsAlways(ExampleTests.java:60)\n";
  const std::string summary =
      "[ERROR] Failures: \n[ERROR] example.ExampleTests.failsAlways\n"
      "[ERROR]   Run 1: ExampleTests.failsAlways:61 Always fails ==> expected: <1> but was: <2>\n";
  CHECK(key(report, {}, {}, test) == key(summary, {}, {}, test));
  const auto parsed = sig(summary);
  CHECK(parsed.message == "Always fails ==> expected: <N> but was: <N>");
  REQUIRE(parsed.frames.size() == 1);
  CHECK(parsed.frames[0] == "ExampleTests.failsAlways");
  // An error: the summary names the exception less its "Exception" suffix, after a "»" when it
  // was thrown outside the test class; the frames chain inside the class from the test method
  // to the innermost (SmartStackTraceParser reverses the stack), so they are keyed from the end.
  const std::string thrown =
      "java.lang.IllegalStateException: queue closed\n"
      "\tat example.ExampleTests.helper(ExampleTests.java:30)\n\tat example.ExampleTests.drains(ExampleTests.java:41)\n";
  const std::string listed = "[ERROR]   ExampleTests.drains:41->helper:30 \xc2\xbb IllegalState queue closed\n";
  const auto errors = sig(listed);
  CHECK(errors.kind == "IllegalState");
  REQUIRE(errors.frames.size() == 2);
  CHECK(errors.frames[0] == "ExampleTests.helper");
  CHECK(errors.frames[1] == "ExampleTests.drains");
  CHECK(key(thrown, {}, {}, "t") == key(listed, {}, {}, "t"));
  // keycloak/keycloak#25752: the test class's chain through its superclass ("C>Base.m"), the
  // assertion's lambda last.
  const auto inherited = sig(
      "Run 1: OfflineTest>ModelTest.lambda$inFactories$6:393->ModelTest.withRealm:592->"
      "lambda$testLazyLoading$15:328 \n");
  REQUIRE(inherited.frames.size() == 2);
  CHECK(inherited.frames[0] == "OfflineTest.lambda$testLazyLoading$15");
  CHECK(inherited.frames[1] == "ModelTest.withRealm");
  CHECK(key("[ERROR] Errors: \n[ERROR]   ExampleTests.throwsAlways:37 Runtime Always throws\n", {}, {}, "t") ==
        key("java.lang.RuntimeException: Always throws\n\tat example.ExampleTests.throwsAlways(ExampleTests.java:37)\n", {},
            {}, "t"));
  // Two tests of one class, or an assertion against an error, stay apart.
  CHECK(key("[ERROR]   ExampleTests.a:10 expected: <1> but was: <2>\n") !=
        key("[ERROR]   ExampleTests.b:10 expected: <1> but was: <2>\n"));
  CHECK(key("[ERROR] Failures: \n[ERROR]   ExampleTests.a:10 boom\n") !=
        key("[ERROR] Errors: \n[ERROR]   ExampleTests.a:10 Runtime boom\n"));
  // Surefire 2.x prints its summary with no level column, under "Failed tests:" and "Tests in
  // error:" (oracle/opengrok#1279).
  const std::string old_report =
      "testApplyMultipleUnique(org.opengrok.NormalMessageTest)  Time elapsed: 0.008 sec  <<< FAILURE!\n"
      "java.lang.AssertionError: expected:<1> but was:<2>\n"
      "\tat org.opengrok.NormalMessageTest.testApplyMultipleUnique(NormalMessageTest.java:117)\n";
  const std::string old_summary =
      "Results :\n\nFailed tests: \n  NormalMessageTest.testApplyMultipleUnique:117 expected:<1> but was:<2>\n\n"
      "Tests run: 9, Failures: 1, Errors: 0, Skipped: 0\n";
  CHECK(sig(old_summary).kind == "AssertionError");
  CHECK(key(old_report, {}, {}, "t") == key(old_summary, {}, {}, "t"));
  CHECK(sig("Tests in error: \n  NormalMessageTest.testApply:40 \xc2\xbb IllegalState queue closed\n").kind == "IllegalState");
}

TEST_CASE("Go: a panic keeps the project's goroutine frames, a timeout keeps none") {
  const auto panic = sig(
      "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 7 [running]:\n"
      "github.com/acme/app/store.(*Index).Get(0xc000123, 0x3)\n"
      "\t/home/runner/work/app/app/store/index.go:88 +0x1d\n"
      "testing.tRunner(0xc0001, 0x5)\n\t/usr/local/go/src/testing/testing.go:1439 +0x102\n");
  CHECK(panic.kind == "panic");
  REQUIRE(panic.frames.size() == 1);
  CHECK(panic.frames[0] == "index.go:store.(*Index).Get");
  const auto timeout = sig(
      "panic: test timed out after 10m0s\n\trunning tests:\n\t\tTestA (10m0s)\n\t\tTestA/case_2 (10m0s)\n\n"
      "goroutine 1 [running]:\ngithub.com/acme/app.TestA(0xc0)\n\t/src/app/a_test.go:12 +0x1\n");
  CHECK(timeout.kind == "go-test-timeout");
  CHECK(timeout.test_id == "TestA/case_2");
  CHECK(timeout.frames.empty());
}

TEST_CASE("Rust: panics old and new, backtrace frames without std") {
  CHECK(sig("thread 'main' panicked at 'assertion failed: `(left == right)`\n  left: `1`,\n right: `2`', "
            "src/lib.rs:12:5\n")
            .kind == "rust-panic");
  const auto s = sig(
      "thread 'tests::it_works' panicked at src/parser.rs:40:9:\nunexpected token at 17\n"
      "stack backtrace:\n   0: std::panicking::begin_panic\n             at /rustc/abc/library/std/src/panicking.rs:1:1\n"
      "   1: mycrate::parser::parse::h0123456789abcdef\n             at ./src/parser.rs:40:9\n");
  CHECK(s.message == "unexpected token at N");
  REQUIRE(s.frames.size() == 2);
  CHECK(s.frames[0] == "parser.rs:<panic>");
  CHECK(s.frames[1] == "parser.rs:mycrate::parser::parse");
}

TEST_CASE("JS: Jest test id, matcher and V8 frames outside node_modules") {
  const auto s = sig(
      "  \xe2\x97\x8f Cart \xe2\x80\xba adds an item\n\n    expect(received).toBe(expected) // Object.is equality\n\n"
      "    Expected: 2\n    Received: 1\n\n      at Object.toBe (src/cart.test.js:14:23)\n"
      "      at processTicksAndRejections (node:internal/process/task_queues:95:5)\n");
  CHECK(s.test_id == "Cart \xe2\x80\xba adds an item");
  CHECK(s.kind == "expect");
  REQUIRE(s.frames.size() == 1);
  CHECK(s.frames[0] == "cart.test.js:Object");
}

TEST_CASE("JS: a test body's V8 frame keys alike however source maps name it") {
  const auto frame = [](std::string_view at) {
    return sig("    expect(received).toBe(expected) // Object.is equality\n\n      at " + std::string(at) + "\n")
        .frames;
  };
  const auto plain = frame("Object.<anonymous> (tests/cart.test.js:4:23)");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0] == "cart.test.js:Object");
  CHECK(frame("Object.toBe (tests/cart.test.js:4:23)") == plain);
  CHECK(frame("Object.it.only (tests/cart.test.js:4:23)") == plain);
  // A named function is the project's own name for it and stays.
  CHECK(frame("Cart.total (src/cart.js:40:11)")[0] == "cart.js:Cart.total");
}

TEST_CASE(".NET: the innermost exception of a ---> chain") {
  const auto s = sig(
      "System.AggregateException: One or more errors occurred. ---> System.IO.IOException: Broken pipe\n"
      "   at Acme.Net.Client.SendAsync(Byte[] data) in /home/vsts/work/1/s/src/Client.cs:line 88\n"
      "   at System.Threading.Tasks.Task.Wait()\n");
  CHECK(s.kind == "IOException");
  CHECK(s.message == "Broken pipe");
  REQUIRE(s.frames.size() == 1);
  CHECK(s.frames[0] == "Client.SendAsync");
}

TEST_CASE(".NET: test code under System.* and Microsoft.* namespaces is the project's") {
  // dotnet/aspnetcore#3898 and #3903: two tests failing in one shared helper stay apart.
  const std::string helper =
      "Assert.Equal() Failure\nExpected: Hello World\n"
      "   at Microsoft.AspNetCore.Server.IISIntegration.FunctionalTests.Helpers.AssertStarts(IISDeploymentResult r, "
      "String path) in /_/test/Common.FunctionalTests/Utilities/Helpers.cs:line 44\n";
  const std::string startup_trace = helper +
                                    "   at Microsoft.AspNetCore.Server.IISIntegration.FunctionalTests.StartupTests."
                                    "StartsWithDotnetOnThePath(String path) in /_/test/StartupTests.cs:line 105\n";
  const std::string pipe_trace = helper +
                                 "   at Microsoft.AspNetCore.Server.IISIntegration.FunctionalTests.LogPipeTests."
                                 "CheckStdoutLoggingToPipe_DoesNotCrashProcess(String path) in /_/test/LogPipeTests.cs:line 34\n";
  const auto startup = sig(startup_trace);
  REQUIRE(startup.frames.size() == 2);
  CHECK(startup.frames[0] == "Helpers.AssertStarts");
  CHECK(startup.frames[1] == "StartupTests.StartsWithDotnetOnThePath");
  CHECK(sig(pipe_trace).frames.size() == 2);
  CHECK(key(startup_trace) != key(pipe_trace));
  // dotnet/runtime's tests live in System.*.Tests; the class name may carry the suffix too.
  const auto runtime = sig(
      "Assert.Equal() Failure\nExpected: 1\nActual:   0\n"
      "   at System.Net.Sockets.Tests.OSSupportTest.IOControl_SIOCATMARK_Unix_Success() in "
      "/_/src/libraries/System.Net.Sockets/tests/FunctionalTests/OSSupport.cs:line 108\n"
      "   at Microsoft.AspNetCore.SharedFxTests.ItContainsVersionFile() in D:\\b\\w\\1\\SharedFxTests.cs:line 61\n");
  REQUIRE(runtime.frames.size() == 2);
  CHECK(runtime.frames[0] == "OSSupportTest.IOControl_SIOCATMARK_Unix_Success");
  CHECK(runtime.frames[1] == "SharedFxTests.ItContainsVersionFile");
  // The framework itself, and test frameworks, stay library code.
  const auto framework = sig(
      "System.TimeoutException: Timed out\n"
      "   at System.Threading.Tasks.Task.Wait()\n"
      "   at Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(Object a, Object b)\n"
      "   at Microsoft.Extensions.Logging.Testing.TestSink.Write(WriteContext context)\n"
      "   at Acme.Client.Send() in /src/Client.cs:line 3\n");
  REQUIRE(framework.frames.size() == 1);
  CHECK(framework.frames[0] == "Client.Send");
}

TEST_CASE(".NET: a frame keys alike with or without its file, and an async state machine as its method") {
  // .NET prints " in File.cs:line N" only where the build's symbols are at hand, and a wrapped
  // log line carries it on the next line: the frame is the class and the method either way.
  const auto cart_failure = [](std::string_view cart_where, std::string_view test_where) {
    return "System.InvalidOperationException : Sequence contains no elements\n"
           "   at Acme.Shop.Cart.Total(Int32 region)" + std::string(cart_where) +
           "\n   at Acme.Shop.Tests.CartTests.TotalsAddUp()" + std::string(test_where) + "\n";
  };
  const std::string with_file = cart_failure(" in /home/runner/work/shop/src/Cart.cs:line 40",
                                             " in /home/runner/work/shop/test/CartTests.cs:line 12");
  const std::string without_file = cart_failure("", "");
  const std::string wrapped =
      cart_failure("\nin D:\\a\\shop\\src\\Cart.cs:line 40", "\nin D:\\a\\shop\\test\\CartTests.cs:line 12");
  const auto s = sig(with_file);
  REQUIRE(s.frames.size() == 2);
  CHECK(s.frames[0] == "Cart.Total");
  CHECK(s.frames[1] == "CartTests.TotalsAddUp");
  CHECK(sig(without_file).frames == s.frames);
  CHECK(key(with_file) == key(without_file));
  CHECK(key(with_file) == key(wrapped));
  // Before .NET Core 2.1 (and on Mono) an async method's frame is its state machine's MoveNext.
  const std::string old_runtime =
      "System.TimeoutException : The operation has timed out.\n"
      "   at Acme.Testing.TaskExtensions.<TimeoutAfter>d__0`1.MoveNext()\n"
      "--- End of stack trace from previous location where exception was thrown ---\n"
      "   at System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification(Task task)\n"
      "   at Acme.Net.Tests.BodyTimeoutTests.<TimesOutWhenBodyIsSlow>d__3.MoveNext() in /_/test/BodyTimeoutTests.cs:line 56\n";
  const std::string new_runtime =
      "System.TimeoutException : The operation has timed out.\n"
      "   at Acme.Testing.TaskExtensions.TimeoutAfter[T](Task`1 task, TimeSpan timeout)\n"
      "   at Acme.Net.Tests.BodyTimeoutTests.TimesOutWhenBodyIsSlow() in /_/test/BodyTimeoutTests.cs:line 56\n";
  const auto old_sig = sig(old_runtime);
  REQUIRE(old_sig.frames.size() == 2);
  CHECK(old_sig.frames[0] == "TaskExtensions.TimeoutAfter");
  CHECK(old_sig.frames[1] == "BodyTimeoutTests.TimesOutWhenBodyIsSlow");
  CHECK(key(old_runtime) == key(new_runtime));
  // Another async test of the class stays apart; a lambda's frame is not read as a state machine.
  std::string sibling = old_runtime;
  sibling.replace(sibling.find("<TimesOutWhenBodyIsSlow>d__3"), 28, "<TimesOutWhenHeadersAreSlow>d__4");
  CHECK(key(sibling) != key(old_runtime));
  CHECK(sig("X: y\n   at Acme.Tests.C.<>c.<Run>b__0_0() in /t/C.cs:line 3\n").frames[0] == "<>c.<Run>b__0_0");
  // Under xUnit.net's column, the test logger's "|" gutter: the frames are read.
  const auto logged = sig(
      "[xUnit.net 00:01:15.55]         |    at Acme.Testing.TaskExtensions.TimeoutAfter(Task task) in /_/TaskExtensions.cs:line 123\n"
      "[xUnit.net 00:01:15.55]         |    at Acme.Net.Tests.ResponseTests.ClosesSlowConnection(Boolean fin) in /_/ResponseTests.cs:line 699\n");
  REQUIRE(logged.frames.size() == 2);
  CHECK(logged.frames[1] == "ResponseTests.ClosesSlowConnection");
}

TEST_CASE("JVM: a wrapper's message carrying its cause is read as that root cause") {
  // Spark's job failure quotes the task's exception; its wording and the executor's host vary
  // between Spark versions and runners.
  const auto spark_failure = [](std::string_view lost_task, std::string_view read_line) {
    return "org.apache.spark.SparkException: \n"
           "Job aborted due to stage failure: most recent failure: " + std::string(lost_task) +
           ": org.acme.shuffle.FetchFailedException: Failed to read shuffle data from HOT handler\n"
           "\tat org.acme.shuffle.ComposedReadHandler.readShuffleData(ComposedReadHandler.java:124)\n"
           "\tat org.acme.client.ReadClient.read(ReadClient.java:" + std::string(read_line) + ")\n";
  };
  const std::string spark3 =
      spark_failure("Lost task 3.0 in stage 2.0 (TID 12) (fv-az694-448.internal.cloudapp.net executor driver)", "273");
  const std::string spark2 = spark_failure("Lost task 2.0 in stage 2.0 (TID 11, localhost, executor driver)", "308");
  const auto s = sig(spark3);
  CHECK(s.kind == "FetchFailedException");
  CHECK(s.message == "Failed to read shuffle data from HOT handler");
  CHECK(key(spark3, {}, {}, "org.acme.it.RepartitionTest#compare") ==
        key(spark2, {}, {}, "org.acme.it.RepartitionTest#compare"));
  // The innermost cause on one line, as "new RuntimeException(cause)" prints it, is the one its
  // "Caused by:" line names.
  const auto nested = sig("java.lang.RuntimeException: java.util.concurrent.ExecutionException: java.io.IOException: Broken pipe\n");
  CHECK(nested.kind == "IOException");
  CHECK(nested.message == "Broken pipe");
  CHECK(sig("Caused by: java.io.IOException: Broken pipe\n").kind == nested.kind);
  CHECK(sig("Caused by: java.io.IOException: Broken pipe\n").message == nested.message);
  // Another cause stays apart.
  std::string other = spark3;
  other.replace(other.find("Failed to read shuffle data from HOT handler"), 44, "Shuffle block checksum mismatched");
  CHECK(key(other) != key(spark3));
  // An assertion naming an exception reports what did not happen: its kind stays.
  const auto assertion = sig("java.lang.AssertionError: Expected exception: java.lang.IllegalStateException: closed\n");
  CHECK(assertion.kind == "AssertionError");
  // A name that is not qualified, or not an exception's, is the wrapper's text.
  CHECK(sig("org.acme.ServiceException: call failed: Timeout: 30 s\n").kind == "ServiceException");
  CHECK(sig("org.acme.ServiceException: call failed: org.acme.Widget: 30 s\n").kind == "ServiceException");
  // A hostile megabyte line of would-be causes is read in one bounded pass (quadratic before the
  // cap: this took seconds), and a cause past the first few KiB is the wrapper's text.
  std::string hostile = "org.acme.WrapException: ";
  for (int i = 0; i < 170000; ++i) hostile += "y: A [";
  CHECK(sig(hostile).kind == "WrapException");
  CHECK(sig("org.acme.WrapException: " + std::string(8192, 'x') + ": org.acme.InnerException: deep\n").kind ==
        "WrapException");
}

TEST_CASE("JS: Node's inspected error object reads as the error it shows") {
  // Node before 12 inspects an error with properties of its own as an object literal; later
  // versions print the error line, its frames, then the properties.
  const std::string node10 =
      "{ AssertionError [ERR_ASSERTION]: child exited with a crash\n"
      "    at runTests (/w/node/test/sequential/test-profile.js:28:10)\n"
      "    at process._tickCallback (internal/process/next_tick.js:68:7)\n"
      "  generatedMessage: false,\n"
      "  name: 'AssertionError [ERR_ASSERTION]',\n"
      "  code: 'ERR_ASSERTION' }\n";
  const std::string node12 =
      "AssertionError [ERR_ASSERTION]: child exited with a crash\n"
      "    at runTests (/w/node/test/sequential/test-profile.js:28:10)\n"
      "    at processTicksAndRejections (internal/process/task_queues.js:93:5) {\n"
      "  generatedMessage: false,\n"
      "  code: 'ERR_ASSERTION'\n"
      "}\n";
  const auto s = sig(node10);
  CHECK(s.kind == "AssertionError");
  CHECK(s.message == "child exited with a crash");
  CHECK(key(node10, {}, {}, "sequential/test-profile") == key(node12, {}, {}, "sequential/test-profile"));
  std::string other = node10;
  other.replace(other.find("child exited with a crash"), 25, "child exited with status 1");
  CHECK(key(other) != key(node10));
  // An object literal that is not an error stays text.
  CHECK(sig("{ Config: 'x' }\n").kind.empty());
}

TEST_CASE("JVM: a bare exception's frames are not its message, and GitHub's rendering of the summary is read") {
  // keycloak/keycloak#16568 and #16268: "java.lang.AssertionError" then its frames; Surefire's
  // summary of the same failure has no message either.
  const std::string report =
      "java.lang.AssertionError\n\tat org.junit.Assert.fail(Assert.java:87)\n"
      "\tat org.junit.Assert.assertTrue(Assert.java:42)\n\tat org.acme.StoreTest.check(StoreTest.java:325)\n";
  CHECK(sig(report).message.empty());
  CHECK(key(report, {}, {}, "t") == key("[ERROR] Failures: \n[ERROR]   StoreTest.check:325 \n", {}, {}, "t"));
  CHECK(sig("java.lang.IllegalStateException:\n\tat org.acme.Queue.pop(Queue.java:3)\n").message.empty());
  // GitHub's Maven problem matcher prints the level column as "Error:"; a pasted rerun line may
  // have lost it (camunda/camunda#14906, keycloak/keycloak#25752).
  const std::string maven = "[ERROR]   Run 1: ExampleTests.failsAlways:40 expected: <1> but was: <2>\n";
  CHECK(key("Error:    Run 1: ExampleTests.failsAlways:40 expected: <1> but was: <2>\n") == key(maven));
  CHECK(key("Run 1: ExampleTests.failsAlways:40 expected: <1> but was: <2>\n") == key(maven));
  CHECK(key("Error:    Run 1: ExampleTests.failsAlways:40 expected: <1> but was: <2>\n") !=
        key("Error:    Run 1: ExampleTests.failsOften:40 expected: <1> but was: <2>\n"));
}

TEST_CASE("Python: unittest ids are module.Class.test under every Python version") {
  // Before 3.11 unittest prints "test_x (module.Class)", since then "test_x (module.Class.test_x)";
  // both read as module.Class.test_x, keyed (as a JVM test is) by class and test.
  CHECK(sig("FAIL: test_diffs (arroba.tests.test_diff.DiffTest)\n").test_id == "DiffTest.test_diffs");
  CHECK(sig("FAIL: test_diffs (arroba.tests.test_diff.DiffTest.test_diffs)\n").test_id == "DiffTest.test_diffs");
  // cvangysel/pyndri#33: two tests of one class failing in the shared setUp stay two failures.
  const std::string setup =
      " (__main__.IndriTest)\n----\nTraceback (most recent call last):\n"
      "  File \"/home/u/pyndri/tests/pyndri_tests.py\", line 121, in setUp\n    self.assertEqual(ret, 0)\n"
      "AssertionError: -11 != 0\n";
  CHECK(key("FAIL: test_1empty" + setup) != key("FAIL: test_document" + setup));
  CHECK(sig("ERROR: setUpClass (calaccess_raw.tests.CalAccessTest)\n").test_id == "CalAccessTest.setUpClass");
}

TEST_CASE("NUnit: Expected / But was is the message, and a log cut a few frames shorter keeps its key") {
  // nunit/nunit-console#338: TeamCity's two failed runs of one case, the second quoted shorter.
  const std::string frames =
      "   at NUnit.Framework.Assert.ReportFailure(String message)\n"
      "   at NUnit.Framework.Assert.That[TActual](TActual actual, IResolveConstraint expression)\n"
      "   at NUnit.Framework.Assert.AreEqual(Object expected, Object actual)\n";
  const std::string run = "Test(s) failed.   Expected: null\n  But was:  False\n\n";
  const auto full = sig(run + frames);
  CHECK(full.kind == "nunit-assert");
  CHECK(full.message == "Expected: null But was: False");
  CHECK(key(run + frames) == key(run + frames.substr(0, frames.find('\n') + 1)));
  CHECK(key(run + frames) != key("Test(s) failed.   Expected: null\n  But was:  1\n\n" + frames));
  // The same holds for any log without project frames: the framework's frames are not fallback lines.
  const auto groovy = sig(
      "org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\n"
      "\tat org.codehaus.groovy.control.ErrorCollector.failIfErrors(ErrorCollector.java:309)\n");
  for (const auto& line : groovy.fallback) CHECK(line.rfind("at ", 0) != 0);
}

TEST_CASE("C/C++: sanitizer report and GoogleTest failure") {
  const auto asan = sig(
      "==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x4f5b2e\n"
      "    #0 0x4f5b2e in Buffer::read(int) /src/app/buffer.cc:31:7\n"
      "    #1 0x7f12 in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x29d90)\n");
  CHECK(asan.kind == "AddressSanitizer:heap-use-after-free");
  REQUIRE(asan.frames.size() == 1);
  CHECK(asan.frames[0] == "buffer.cc:Buffer::read");
  const auto gtest = sig(
      "[ RUN      ] Codec.RoundTrip\n/src/app/codec_test.cc:57: Failure\nExpected equality of these values:\n"
      "[  FAILED  ] Codec.RoundTrip (3 ms)\n");
  CHECK(gtest.kind == "gtest");
  CHECK(gtest.test_id == "Codec.RoundTrip");
  // OFS/opae-sdk#2811: a log that joined the header and the message keys like GoogleTest's own.
  CHECK(key("/home/runner/work/t/test_libofs.cpp:105: Failure Expected equality of these values:\n  status\n") ==
        key("/home/u/t/test_libofs.cpp:105: Failure\nExpected equality of these values:\n  status\n"));
  CHECK(sig("x_test.cc:12: Failure Value of: ok\n").message == "Value of: ok");
  // ros-controls/realtime_tools#198 and #436 (pairs-fresh-66.jsonl same-006): GoogleTest's XML report
  // as colcon test-result prints it ("file.cpp:159" over the message, no ": Failure") keys like the
  // console's header, line numbers aside.
  const std::string test = "AsyncFunctionHandlerTest.check_triggering";
  const auto console = key("[ RUN      ] AsyncFunctionHandlerTest.check_triggering\n"
                           "/w/src/realtime_tools/test/test_async_function_handler.cpp:140: Failure\n"
                           "Value of: trigger_status.first\n  Actual: false\nExpected: true\n",
                           "gtest assertion failure (EXPECT_TRUE)", "Value of: trigger_status.first", test);
  const auto report = key("  <<< failure message\n    /w/src/ros-controls/realtime_tools/test/test_async_function_handler.cpp:159\n"
                          "    Value of: trigger_status.first\n      Actual: false\n    Expected: true\n  >>>\n",
                          "gtest assertion failure (EXPECT_TRUE)", "Value of: trigger_status.first", test);
  CHECK(console == report);
  CHECK(sig("  /w/src/codec_test.cc:57\n  Expected equality of these values:\n    size\n").kind == "gtest");
  // A location over any other text is no GoogleTest failure.
  CHECK(sig("  /w/src/codec_test.cc:57\n  wrote 3 frames\n").kind != "gtest");
  // rnpgp/rnp#1418, canonical/multipass (pairs.jsonl diff-102): the closing list's header names no test.
  const auto closing = sig("[  PASSED  ] 0 tests.\n[  FAILED  ] 1 test, listed below:\n[  FAILED  ] rnp_tests.s2k\n");
  CHECK(closing.test_id == "rnp_tests.s2k");
}

TEST_CASE("Ruby and PHP frames") {
  const auto ruby = sig(
      "/app/lib/cart.rb:12:in `add': undefined method `price' for nil (NoMethodError)\n"
      "\tfrom /usr/lib/ruby/3.2.0/set.rb:5:in `each'\n");
  CHECK(ruby.kind == "NoMethodError");
  REQUIRE(!ruby.frames.empty());
  CHECK(ruby.frames[0] == "cart.rb:add");
  const auto php = sig(
      "PHP Fatal error:  Uncaught RuntimeException: queue closed in /app/src/Queue.php:40\n"
      "#0 /app/src/Worker.php(22): App\\Queue->pop()\n#1 /app/vendor/bin/phpunit(12): main()\n");
  CHECK(php.kind == "RuntimeException");
  REQUIRE(php.frames.size() == 1);
  CHECK(php.frames[0] == "Worker.php:App\\Queue->pop");
}

TEST_CASE("Swift: XCTest test id and assertion") {
  const auto s = sig(
      "Test Case '-[AppTests.CartTests testTotal]' started.\n"
      "/Users/runner/work/app/app/Tests/AppTests/CartTests.swift:42: error: -[AppTests.CartTests testTotal] : "
      "XCTAssertEqual failed: (\"3\") is not equal to (\"4\")\n"
      "Test Case '-[AppTests.CartTests testTotal]' failed (0.012 seconds).\n");
  CHECK(s.test_id == "AppTests.CartTests testTotal");
  CHECK(s.kind == "xctest");
  CHECK(s.message == "XCTAssertEqual failed: (\"N\") is not equal to (\"N\")");
}

TEST_CASE("Swift: XCTest's empty description separator is not part of the assertion") {
  const std::string line =
      "/src/Tests/BufTests.swift:88: error: -[Tests.BufTests testGrow] : XCTAssertNotEqual failed: "
      "(\"140308679511184\") is equal to (\"140308679511184\") - \n";
  const std::string quoted = "XCTAssertNotEqual failed: (\"140308679511184\") is equal to (\"140308679511184\")\n";
  CHECK(sig(line).message == sig(quoted).message);
  CHECK(key(line, {}, {}, "Tests.BufTests testGrow") == key(quoted, {}, {}, "Tests.BufTests testGrow"));
  // A description is the author's words about the failure: it stays.
  const std::string described =
      "XCTAssertNotEqual failed: (\"1\") is equal to (\"1\") - storage was not reallocated\n";
  CHECK(sig(described).message == "XCTAssertNotEqual failed: (\"N\") is equal to (\"N\") - storage was not reallocated");
}

TEST_CASE("Swift Testing: the recorded issue's expectation and location, not its line number") {
  const auto first = sig(
      "\xe2\x9c\x98 Test gridResize() recorded an issue at GridTests.swift:120:9: Expectation failed:\n"
      "  (grids \xe2\x86\x92 [1, 2]).isEmpty \xe2\x86\x92 false\n");
  CHECK(first.kind == "swift-testing");
  CHECK(first.message == "Expectation failed: (grids \xe2\x86\x92 [N, N]).isEmpty \xe2\x86\x92 false");
  REQUIRE(first.frames.size() == 1);
  CHECK(first.frames[0] == "GridTests.swift:<issue>");
  // Another expectation of the same test is another failure; the same one after an edit above
  // it (the line moved) is the same failure.
  const std::string test = "GridTests.gridResize";
  CHECK(key("\xe2\x9c\x98 recorded an issue at GridTests.swift:120:9: Expectation failed:\n  (grids.count \xe2\x86\x92 4) == 1\n",
            {}, {}, test) !=
        key("\xe2\x9c\x98 recorded an issue at GridTests.swift:124:9: Expectation failed:\n  (grids \xe2\x86\x92 [1]).isEmpty \xe2\x86\x92 false\n",
            {}, {}, test));
  CHECK(key("\xe2\x9c\x98 recorded an issue at GridTests.swift:120:9: Expectation failed: (count \xe2\x86\x92 4) == 1\n", {}, {},
            test) ==
        key("\xe2\x9c\x98 recorded an issue at GridTests.swift:131:9: Expectation failed: (count \xe2\x86\x92 3) == 1\n", {}, {},
            test));
}

TEST_CASE("Go: a caller chain in front of a test's log line keeps the test file only") {
  const auto s = sig("\ttest.go:493,test_test.go:55: failed\n");
  REQUIRE(s.frames.size() == 1);
  CHECK(s.frames[0] == "test_test.go:<test>");
  CHECK(key("\ttest.go:493,test_test.go:55: failed\n", {}, {}, "TestX") ==
        key("\ttest.go:494,test_test.go:55: failed\n", {}, {}, "TestX"));
}

TEST_CASE("pytest: the listed test function names the test when nothing else does") {
  const auto listing = [](std::string_view name) {
    return "runner = <conftest.Runner object at 0x7f35e1938ca0>\n\n    @pytest.mark.integration\n    def " +
           std::string(name) +
           "(runner):\n>       assert existed, \"deliberately flaky\"\nE       AssertionError: deliberately flaky\n"
           "E       assert False\n\ntests/test_debug.py:19: AssertionError\n";
  };
  CHECK(sig(listing("test_flaky7")).test_id == "test_flaky7");
  CHECK(key(listing("test_flaky7")) != key(listing("test_flaky8")));
  // pytest's section header, when quoted, names it first; a helper's def line never does.
  CHECK(sig("____ test_upload[v2] ____\n" + listing("test_flaky7")).test_id == "test_upload");  // its case dropped (v33)
  CHECK(sig("    def assert_equal(a, b):\n>       assert a == b\nE       AssertionError\n").test_id.empty());
}

TEST_CASE("no structure: the failure-like lines, not the whole log") {
  const auto a = sig("Downloading deps 12%\nDownloading deps 99%\nbuild step failed: exit code 2\nuploading logs\n");
  const auto b = sig("Downloading deps 40%\nbuild step failed: exit code 3\nuploading logs 1.2 MB\n");
  CHECK(a.fallback == b.fallback);
  CHECK(key("Downloading deps 12%\nbuild step failed: exit code 2\n") ==
        key("Downloading deps 40%\nbuild step failed: exit code 3\n"));
}

TEST_CASE("the test id and the exception type stay in the key") {
  const std::string trace = "AssertionError: expected 1\n";
  CHECK(key(trace, {}, {}, "test_a") != key(trace, {}, {}, "test_b"));
  CHECK(key(trace, "AssertionError") != key(trace, "ValueError"));
  CHECK(key(trace, {}, {}, "tests/a.py::test_x[seed-88213]") == key(trace, {}, {}, "tests/a.py::test_x[seed-11907]"));
  // Since v33 a parametrised case keys as its test (see "a test's parameter case ..." below).
  CHECK(key(trace, {}, {}, "test_x[1]") == key(trace, {}, {}, "test_x[2]"));
}

namespace {

// Run-to-run noise a CI adds to one failure: a timestamp column (a different time in each run),
// colours, other addresses, other durations, another checkout path.
std::string with_noise(const std::string& trace, int run) {
  std::string out;
  std::string line;
  std::size_t index = 0;
  const auto stamp = [&](std::size_t n) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "2024-0%d-1%dT0%d:1%zu:0%d.%07zuZ ", 1 + run, run, 2 + run, n % 10,
                  run, (n * 7919 + static_cast<std::size_t>(run) * 104729) % 10000000);
    return std::string(buffer);
  };
  for (std::size_t i = 0; i <= trace.size(); ++i) {
    if (i < trace.size() && trace[i] != '\n') {
      line.push_back(trace[i]);
      continue;
    }
    // Other addresses and durations.
    std::string noisy;
    for (std::size_t j = 0; j < line.size(); ++j) {
      if (line[j] == '0' && j + 2 < line.size() && line[j + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(line[j + 2]))) {
        std::size_t k = j + 2;
        while (k < line.size() && std::isxdigit(static_cast<unsigned char>(line[k]))) ++k;
        noisy += run == 0 ? line.substr(j, k - j) : "0xc000" + std::to_string(4242 + run * 17 + static_cast<int>(j));
        j = k - 1;
        continue;
      }
      if (line[j] == '(' && j + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[j + 1]))) {
        std::size_t k = j + 1;
        while (k < line.size() && (std::isdigit(static_cast<unsigned char>(line[k])) || line[k] == '.')) ++k;
        if (k + 1 < line.size() && line[k] == 's' && line[k + 1] == ')') {
          noisy += "(" + std::to_string(run * 3 + 1) + "." + std::to_string(17 + run) + "s)";
          j = k + 1;
          continue;
        }
      }
      noisy.push_back(line[j]);
    }
    if (run == 1) {
      for (std::size_t at = 0; (at = noisy.find("/home/runner/work/", at)) != std::string::npos;) {
        noisy.replace(at, 18, "/__w/");
      }
    }
    out += stamp(index);
    if (index == 0 && run == 1) out += "\x1b[31m" + noisy + "\x1b[0m";
    else out += noisy;
    if (i < trace.size()) out.push_back('\n');
    line.clear();
    ++index;
  }
  return out;
}

}  // namespace

// Real failures of the labelled corpus (tests/data/corpus), each seen "twice" with the noise a CI
// adds between runs. Not a substitute for the real pairs above: a check that the noise this
// noise model covers never splits a failure.
TEST_CASE("labelled corpus: CI noise between runs does not change a failure's key") {
  std::size_t total = 0, kept = 0;
  for (const char* file : {"corpus/c.jsonl", "corpus/ci.jsonl", "corpus/cpp.jsonl", "corpus/csharp.jsonl",
                           "corpus/dart.jsonl", "corpus/elixir.jsonl", "corpus/go.jsonl", "corpus/java.jsonl",
                           "corpus/javascript.jsonl", "corpus/kotlin.jsonl", "corpus/php.jsonl",
                           "corpus/python.jsonl", "corpus/ruby.jsonl", "corpus/rust.jsonl", "corpus/scala.jsonl",
                           "corpus/swift.jsonl", "corpus/typescript.jsonl", "corpus/other.jsonl"}) {
    for (const auto& row : flakyd::testing::read_jsonl(file)) {
      const std::string trace = row.value("trace", "");
      const std::string type = row.value("exception_type", "");
      ++total;
      const auto a = with_noise(trace, 0);
      const auto b = with_noise(trace, 1);
      if (key(a, type) == key(b, type)) {
        ++kept;
      } else {
        MESSAGE("split " << row.at("id").get<std::string>() << "\n--- a\n"
                         << SignatureExtractor{}.extract(a, type).describe() << "--- b\n"
                         << SignatureExtractor{}.extract(b, type).describe());
      }
    }
  }
  MESSAGE("labelled corpus with CI noise: " << kept << "/" << total << " keys kept");
  CHECK(static_cast<double>(kept) / static_cast<double>(total) >= 0.99);
}

// tests/data/pairs-fresh-26.jsonl: 22 pairs (8 same, 14 different) gathered in session 21 (Aspire's
// flaky-test bot, JuliaLang, Zig, Maven Surefire's reruns, uniffle, CPython's buildbots;
// different: Julia, Elasticsearch, Kubernetes, Aspire, Zig and Node.js tests failing one assertion
// message in other tests), written without reading the signature code: 8/8 and 13/14 apart with
// v18 (held out). Left: two Node.js tests whose only text is one shared assertion line.
TEST_CASE("twenty-sixth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-26.jsonl", {.same = 8, .different = 14, .grouped = 8, .apart = 13});
}

// tests/data/pairs-fresh-27.jsonl: 27 pairs (12 same, 15 different) gathered in session 21 (uniffle's
// "Flaky Test" issues, tokio, futures-rs, aspnet Hosting, Envoy, Airflow, Next.js's CI bot,
// opstrace; different: etcd, Vitess, Mimir, Ozone, Pulsar, Beam, RisingWave), written without
// reading the signature code: 10/12 and 15/15 apart with v18 (held out). Left: two Envoy
// integration tests whose copies differ in a helper frame and the expectation line.
TEST_CASE("twenty-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-27.jsonl", {.same = 12, .different = 15, .grouped = 10, .apart = 15});
}

// tests/data/pairs-fresh-28.jsonl: 25 pairs (10 same, 15 different) gathered in session 22 (Kyuubi,
// RocketMQ, Arrow, Hudi, Jaeger, OpenTelemetry Collector contrib, Akka, Akka.NET, Celo, Loki,
// Trino, Oppia, nix, uniffle, Pulsar, tokio, etcd, RisingWave), written without reading the
// signature code: 7/10 grouped and 15/15 apart with v18 (held out). Left: an Oppia assertion
// whose second copy adds a message and moves two lines, one Jaeger subtest failing for two
// parameters (minPeers=3 and =7), an Akka TestKit timeout printed as "(3 seconds)" and dilated to
// "(6 seconds)" in a ScalaTest report rather than sbt's ForkError.
// v28 groups Jaeger's TestGRPCResolverRoundRobin/minPeers=3 and /minPeers=7: 8/10.
TEST_CASE("twenty-eighth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-28.jsonl", {.same = 10, .different = 15, .grouped = 8, .apart = 15});
}

// tests/data/pairs-fresh-29.jsonl: 27 pairs (12 same, 15 different) gathered in session 22 after set
// 28 (Cilium, TiKV, Vitess, Envoy, Pulsar, BookKeeper, Ozone, Hudi, Materialize, tokio, Kestrel,
// Next.js's CI bot, Julia, Deno, RocketMQ, fscrawler, OpenTelemetry Collector, matplotlib),
// written without reading the signature code: 10/12 grouped and 15/15 apart with v18 (held out).
TEST_CASE("twenty-ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-29.jsonl", {.same = 12, .different = 15, .grouped = 10, .apart = 15});
}

// tests/data/pairs-fresh-30.jsonl: 23 pairs (10 same, 13 different) gathered in session 23 after set
// 29 (Iceberg, Kibana's failed-test reporter, Terraform's AWS provider, CockroachDB, corefx and
// runtime, OpenSearch, VS Code, Kafka, Elasticsearch, gRPC, Pulsar, Julia), written without reading
// the signature code: 6/10 grouped and 13/13 apart with v18 (held out). Missed: two Flink sinks'
// records that differ in the sink's name ("left-aaa" / "right-aaa"), an AWS snapshot id
// ("snap-01753ece..."), and two Kibana reports of one test each (a functional test's wait, an API
// test's version conflict) whose copies differ beyond their messages. v30 reads a Go duration of
// several units ("10m0s") like a short one ("5m0s"), not as a generated id: 7/10.
TEST_CASE("thirtieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-30.jsonl", {.same = 10, .different = 13, .grouped = 7, .apart = 13});
}

// tests/data/pairs-fresh-31.jsonl: 25 pairs (9 same, 16 different) gathered in session 24 after set
// 30 (Moby, TiDB, go-ethereum and its forks, Swarm's Bee, Presto, Deno, Cilium, Julia, Pulsar,
// BuildKit, nerdctl, OCaml, Prometheus), written without reading the signature code: 5/9 grouped
// and 15/16 apart with v18 (held out). Missed: two subtests of one Moby test failing alike, one
// TiDB assertion a year apart (its file moved and its line shifted), a Bee failure whose copy
// carries other tests' output, a TestNG method time-out whose limit was raised between reports
// (60000 / 240000); kept together: two Julia failures of different tests with one error text.
// v19 masks a digit run as a number whatever its length (v18 read six digits or more as a hex
// id), which groups the time-out pair: 6/9; no pair of any other set moved.
TEST_CASE("thirty-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-31.jsonl", {.same = 9, .different = 16, .grouped = 6, .apart = 15});
}

// tests/data/pairs-fresh-32.jsonl: 25 pairs (10 same, 15 different) gathered in session 24 after
// set 31 (Hazelcast and its C++ and C# clients, ServiceTalk, Apache Ozone, Cypress, FlowCrypt,
// Solana, Qiita and others), written without reading the signature code: 8/10 grouped and 15/15
// apart with v18 and with v19 (held out).
TEST_CASE("thirty-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-32.jsonl", {.same = 10, .different = 15, .grouped = 8, .apart = 15});
}

// tests/data/pairs-fresh-33.jsonl: 25 pairs (12 same, 13 different) gathered in session 25
// (VS Code and its Swift and DVC extensions, Pulsar, Accumulo, TiFlow, etcd, Hyrax, Chainer,
// Horologist, Kibana, Envoy, Kestrel and others), written without reading the signature code:
// 8/12 grouped and 12/13 apart with v19 (held out). Misses, left: a message the quoting cut
// mid-word in one copy, xUnit's one-line and newer arrow-marked Assert.Equal reports of one
// test, Node's "==" and "===" assertion texts three years apart, two TiFlow reports quoting
// different log lines, and two Accumulo failures of one test the thread tells apart only by cause.
TEST_CASE("thirty-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-33.jsonl", {.same = 12, .different = 13, .grouped = 8, .apart = 12});
}

// tests/data/pairs-fresh-34.jsonl: 25 pairs (12 same, 13 different) gathered in session 25
// (e107, RubyGems, Application Insights, dotnet/runtime, CouchDB, Plots2, runner-images, Twisted,
// Consul, Materialize, swift-nio and others), written without reading the signature code:
// 8/12 grouped and 13/13 apart with v19 (held out). Misses, left: two second copies the thread
// cut before their message, a Twisted test class renamed (ThrottlingTestCase to ThrottlingTests)
// between reports seven years apart, and an xUnit report whose expected value one copy prints on
// the header's line.
TEST_CASE("thirty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-34.jsonl", {.same = 12, .different = 13, .grouped = 8, .apart = 13});
}

// tests/data/pairs-fresh-35.jsonl: 14 pairs (1 same, 13 different; the helpers' search budget ran
// out before more same pairs were found) gathered in session 25 (Wire, Ohara, data_tamer,
// check-sieve, smallrye-mutiny, chainlink-testing-framework and others), written without reading
// the signature code: 1/1 grouped and 12/13 apart with v19 (held out). The miss: two reports of
// one check-sieve test with the same assertion, which the pair calls different failures (its
// second copy is cut short; text cannot tell them apart).
TEST_CASE("thirty-fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-35.jsonl", {.same = 1, .different = 13, .grouped = 1, .apart = 12});
}

// tests/data/pairs-fresh-36.jsonl: 25 pairs (11 same, 14 different) gathered in session 27
// (Servo, Coder, Pulsar, Hazelcast, ASP.NET Core, Go, Temporal and others), written without
// reading the signature code: 11/11 grouped and 14/14 apart with v19 (held out). One same pair
// (servo#14162 and #14342, a duplicate report of one reftest) quotes the same text twice and tests
// little; the others differ by runs' ports, temp paths, addresses and timings.
TEST_CASE("thirty-sixth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-36.jsonl", {.same = 11, .different = 14, .grouped = 11, .apart = 14});
}

// tests/data/pairs-fresh-37.jsonl: 21 pairs (7 same, 14 different) gathered in session 29 (Mozilla's
// Fenix and Focus QA reports, Brave's build bot, OpenSearch, OpenTelemetry Go, Consul, lnd,
// BlockSuite and others), written without reading the signature code: 7/7 grouped and 14/14 apart
// with v19 (held out). The same pairs differ by shifted line numbers, pids,
// timestamps, ports, code addresses, seeds and JDK frames; several different pairs are sibling
// subtests that may share one cause but are separate failures. Since v33 one of those, two
// parametrised cases of one pytest test failing with one message, keys as one failure.
TEST_CASE("thirty-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-37.jsonl", {.same = 7, .different = 14, .grouped = 7, .apart = 13});
}

// tests/data/pairs-fresh-38.jsonl: 13 pairs (4 same, 9 different) gathered in session 29 (Loculus's
// Playwright flakes, Oppia's duplicate flake reports, ScyllaDB's CI bot, Open OnDemand, VS Code
// Python), written without reading the signature code: 2/4 grouped and 9/9 apart with v19 (held
// out). The two it keeps apart are one Puppeteer helper timeout quoted bare on one side and under a
// named suite's "Suite error: Super Admin" (and "Curriculum Admin") header on the other: the
// signature keys on the failing test, and one side names one while the other names none -- left
// as it is, since two suites failing in one helper are two failures to a reader of the report.
TEST_CASE("thirty-eighth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-38.jsonl", {.same = 4, .different = 9, .grouped = 2, .apart = 9});
}

// tests/data/pairs-fresh-39.jsonl: 24 pairs (9 same, 15 different) gathered in session 30 (bots'
// repeated reports, forks re-filing upstream failures, Maven's summary beside its full report,
// sibling tests of one suite), written without reading the signature code: 7/9 grouped and 14/15
// apart with v19 (held out). Misses, left: a Go port race whose message gained a wrapper's prefix
// ("failed to listen on ..: listen tcp ..") between reports; one copy given its exception type
// by the reporter and the other not (the caller's type stays in the key); and one Espresso test
// failing in two helpers with no message (a test id keys no frame). v20 reads Surefire 2.x's
// unlevelled "Failed tests:" / "Tests in error:" summary as the failure it lists; it moves none
// of these pairs. v27 groups OpenGrok's NormalMessageTest, one copy with the type
// "AssertionError" given beside the trace and one without: 8/9.
TEST_CASE("thirty-ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-39.jsonl", {.same = 9, .different = 15, .grouped = 8, .apart = 14});
}

// tests/data/pairs-fresh-40.jsonl: 24 pairs (12 same, 12 different) gathered in session 30 from
// the languages earlier sets found few of (Swift, C++, C#, TypeScript, Elixir, Rust, Dart, PHP),
// written without reading the signature code: 8/12 grouped and 12/12 apart with v20 (held out).
// Misses, left: two gRPC reports whose second copy names no test (the key takes the test id when
// there is one), a Boost test named bare in one report and with its suite in the other after its
// check was reworded, and one Swift test failing with two different messages a release apart.
TEST_CASE("fortieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-40.jsonl", {.same = 12, .different = 12, .grouped = 8, .apart = 12});
}

// tests/data/pairs-fresh-41.jsonl: 23 pairs (7 same, 16 different) gathered in session 31 from
// less-travelled projects (C libraries, Perl, fish, Crystal, Lua, R, Erlang), written without
// reading the signature code: 5/7 grouped and 16/16 apart with v20 (held out). v21 drops GitHub
// Actions' "Error: Process completed with exit code N." from the headline candidates (one copy
// of a stress-test log ended with it, the other was cut before it): 6/7. Left: Perl's harness
// summary ("Failed test: 37") beside the verbose line of the same numbered test.
TEST_CASE("forty-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-41.jsonl", {.same = 7, .different = 16, .grouped = 6, .apart = 16});
}

TEST_CASE("GitHub Actions' closing line of a failed step is the runner's, not the failure") {
  const std::string failure = "  \u2717 stress (381.6s)\n    1/100 runs failed: run 11: timed out\n";
  const std::string closed = failure + "Error: Process completed with exit code 1.\n";
  const std::string marked = failure + "##[error]Process completed with exit code 1.\n";
  CHECK(key(failure, {}, {}, "stress") == key(closed, {}, {}, "stress"));
  CHECK(key(failure, {}, {}, "stress") == key(marked, {}, {}, "stress"));
  CHECK(sig(closed).message.find("exit code") == std::string::npos);
}

// tests/data/pairs-fresh-42.jsonl: 24 pairs (10 same, 14 different) gathered in session 31 from
// Go, Java, JavaScript, C# and Python bot reports and duplicates, written without reading the
// signature code: 6/10 grouped and 13/14 apart with v21 (held out). v22 reads Jenkins' "null"
// message as none and JUnit's "Class#method" without a package as "Class.method": 7/10. Left: a
// GitHub annotation that names no test beside the console block that does, a reporter's summary
// without the exception type its full trace has, a renamed test subject in the message, and one
// Go test panicking at two code locations (a test id keys no frame).
TEST_CASE("forty-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-42.jsonl", {.same = 10, .different = 14, .grouped = 7, .apart = 13});
}

// tests/data/pairs-fresh-43.jsonl: 24 pairs (10 same, 14 different) gathered in session 32 from
// C#, Java, JavaScript, TypeScript, Go, Ruby and Rust reports (Kibana's and Hazelcast's failure
// bots, .NET build-server and xunit runner crashes filed twice), written without reading the
// signature code: 4/10 grouped and 14/14 apart with v22 (held out). v23 drops TeamCity's "Error
// message is logged", reads vstest's "Test host process crashed : Unhandled exception. X: msg"
// as the exception it names, keys neither the headline's own line nor xunit's "[FATAL ERROR]
// Type" header as a fallback line, and counts .NET's Interop.* and xunit's runner frames as the
// framework's: 6/10. Left: a message cut with "[...]" in one copy, a test reorganised into a
// subtest, a test subject renamed between releases, an assertion message added between reports.
TEST_CASE("forty-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-43.jsonl", {.same = 10, .different = 14, .grouped = 6, .apart = 14});
}

// tests/data/pairs-fresh-44.jsonl: 25 pairs (11 same, 14 different) gathered in session 32, most
// from the Go project's own flaky-test issues (one failure pasted from several builders), Node's,
// Flutter DevTools', Vert.x's, CrateDB's and AnkiDroid's, written without reading the signature
// code: 9/11 grouped and 13/14 apart with v23 (held out). Misses, left: Node's test named with its
// directory in one report and without in the other, a surefire report beside the context's
// "SEVERE: Unhandled exception" log of the same assertion (one names the test, one not), and two
// dotnet/runtime Helix work items both named "WorkItemExecution" whose asserts fire in different
// libraries (with a test id the key takes no frame; the id's last two parts are the same).
TEST_CASE("forty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-44.jsonl", {.same = 11, .different = 14, .grouped = 10, .apart = 13});
}

// tests/data/pairs-fresh-45.jsonl: 18 pairs (6 same, 12 different) gathered in session 33, many
// from CockroachDB's 2015-2016 CI-bot issues (one failure filed from several builds), Tetragon's,
// Node's and a Rust crate's flaky-test reports, and look-alike failures of sibling tests in
// OpenSearch, Grafana, ASP.NET, corefx, gRPC, Salt and FuelPHP, written without reading the
// signature code: 6/6 grouped and 12/12 apart with v23 (held out). Small, and Go-heavy: the
// helper found most other threads already used.
TEST_CASE("forty-fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-45.jsonl", {.same = 6, .different = 12, .grouped = 6, .apart = 12});
}

// Session 34's set: 16 pairs from Symfony, Pulsar, KoP, AnkiDroid, Waiter (Clojure), Decidim,
// libuv, the Dart SDK, dask, Zig, gocql, Nomad and scalable-concurrent-containers (11 languages),
// written without reading the signature code: 2/3 grouped and 13/13 apart with v23 (held out).
// The pair apart is Nomad's e2e assertion, whose message quotes the file content it got, and that
// content differs between the runs: text alone cannot tell it from a different failure. Only
// three same pairs: the helper found the other tracking threads already used.
TEST_CASE("forty-sixth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-46.jsonl", {.same = 3, .different = 13, .grouped = 2, .apart = 13});
}

// Session 34's second set: 25 pairs, ten of them the same failure (CockroachDB's old CI bot,
// golang/go, Elasticsearch, dotnet/runtime, ClickHouse), from Go, Java, C#, JavaScript, Python,
// Ruby, Rust and a curl line; written without reading the signature code: 8/10 grouped and 14/15
// apart with v23 (held out). v24 groups a ninth: a roachtest monitor's "dial tcp" to a loopback
// address in one run and to a public one, redacted, in the other.
TEST_CASE("forty-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-47.jsonl", {.same = 10, .different = 15, .grouped = 9, .apart = 14});
}

// Session 34's third set: 24 pairs, ten the same failure, 16 of them from Elasticsearch and
// Kibana's test-failure issues (also Rust, dotnet, Kubernetes, Node, servo, Julia, openthread,
// sudo-rs), written without reading the signature code: 4/10 grouped and 14/14 apart with v23
// (held out). Most of the six same pairs kept apart have two test ids for one failure: a Kibana
// suite migrated from .js to .ts between the reports, an inherited test method run by two
// subclasses, a shared setup failing under different tests; the signature keys the test id.
// v24 groups three more: Gradle's "pkg.CorruptedFileIT > testReplicaCorruption" without "()",
// and the two Kibana suites whose file moved from ·js to ·ts.
TEST_CASE("forty-eighth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-48.jsonl", {.same = 10, .different = 14, .grouped = 7, .apart = 14});
}

// Session 36's set: 26 pairs, twelve the same failure (akka and Pekko's flaky-test issues, Pulsar,
// TiDB, aspnetcore, Deno, Twisted, Focus for Android), from Scala, Java, Go, C#, JavaScript,
// Kotlin, Python, Rust and Ruby, written without reading the signature code: 10/12 grouped and
// 14/14 apart with v24 (held out). v25 groups both others: Awaitility's message with and without
// "defined as a <the test's class>", and Espresso's AssertionFailedWithCauseError nested in
// DefaultFailureHandler in one release and AssertionErrorHandler in the next.
TEST_CASE("forty-ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-49.jsonl", {.same = 12, .different = 14, .grouped = 12, .apart = 14});
}

TEST_CASE("a nested exception class keys by its own name, and Awaitility's lambda name is dropped") {
  const std::string frame = "\tat org.junit.Assert.fail(Assert.java:89)\n";
  CHECK(key("androidx.test.espresso.base.DefaultFailureHandler$AssertionFailedWithCauseError: "
            "'is displayed' doesn't match the selected view.\n" + frame) ==
        key("androidx.test.espresso.base.AssertionErrorHandler$AssertionFailedWithCauseError: "
            "'is displayed' doesn't match the selected view.\n" + frame));
  CHECK(key("org.acme.Outer$TimeoutError: lost\n" + frame) != key("org.acme.Outer$ParseError: lost\n" + frame));
  const std::string awaited = "\tat org.awaitility.core.ConditionAwaiter.await(ConditionAwaiter.java:167)\n";
  CHECK(key("org.awaitility.core.ConditionTimeoutException: Assertion condition defined as a org.acme.CompactionTest "
            "expected [568] but found [-1] within 10 seconds.\n" + awaited) ==
        key("org.awaitility.core.ConditionTimeoutException: Assertion condition expected [568] but found [-1] within "
            "10 seconds.\n" + awaited));
  CHECK(key("org.awaitility.core.ConditionTimeoutException: Assertion condition expected [568] but found [-1] within "
            "10 seconds.\n" + awaited) !=
        key("org.awaitility.core.ConditionTimeoutException: Assertion condition expected [3] but was [0] within "
            "10 seconds.\n" + awaited));
}

// Session 37's set: 16 pairs, four the same failure (Mimir's ruler test, Shaka Player's
// streaming test, from Go, JavaScript and others), written without reading the signature code:
// 2/4 grouped and 12/12 apart with v25 (held out). v26 groups both others: a testify assertion
// outranks a Go test's log line printed before it in one run only, and Karma's " in <path> (line
// N)" after a Firefox error is dropped (Chrome prints the message without it).
TEST_CASE("fiftieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-50.jsonl", {.same = 4, .different = 12, .grouped = 4, .apart = 12});
}

// Session 37's second set: 25 pairs, ten the same failure (MXNet's flaky-test reports, Prometheus,
// Linkerd, Cortex), from Go, Python, Java, C++, Ruby and C#, written without reading the
// signature code: 4/10 grouped and 14/15 apart with v28 (held out). v29 groups MXNet's
// test_dropout, whose bare AssertionError was read with nose's "---- >> begin captured logging
// << ----" rule as its message in one copy: 5/10. Left: a test collected under two module names
// (the GPU suite re-runs test_random's tests as test_operator_gpu's), testify printing a value
// as true/false in one release and a count in another, a Go program's own "Error:" line before
// the test's, two Godot crashes whose only difference is a backtrace with and without symbols.
TEST_CASE("fifty-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-51.jsonl", {.same = 10, .different = 15, .grouped = 5, .apart = 14});
}

// Session 38's set: 24 pairs, ten the same failure (Cilium, Redpanda, Vitess, Nomad, Elastic's
// APM agent, Datadog's integrations), from Python, Go, Java, Rust, C++, C#, Ruby, JavaScript and
// TypeScript, written without reading the signature code: 4/10 grouped and 13/14 apart with v29
// (held out). Measured and not taken: dropping ducktape's dotted "name=value" parameters from a
// test id groups one more (a bot's summary leaves them out) and merges the one different pair
// that only a parameter tells apart (12/14); an empty exception repr "()" as no message groups
// none. Left: a Go closure renumbered between releases (func1.1.1.1 / func7.1.1) with another
// caller under it, one copy quoting frames and the other only the message, a fixture's error
// with an extra log line in one copy, and two jaeger metrics flakes the thread did not split.
TEST_CASE("fifty-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-52.jsonl", {.same = 10, .different = 14, .grouped = 4, .apart = 13});
}

// Session 38's second set: 19 pairs, six the same failure (Kibana, etcd, TiFlow, SciPy,
// Kitura-NIO), from Go, TypeScript, Python, Java, C#, C++, Swift, Ruby and Rust, written without
// reading the signature code: 5/6 grouped and 12/13 apart with v29 (held out). Left: one TiFlow
// failure quoted before and after its suite moved from gocheck to testify, and two TiFlash
// failures the keys do not tell apart.
TEST_CASE("fifty-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-53.jsonl", {.same = 6, .different = 13, .grouped = 5, .apart = 12});
}

// Session 38's third set: 25 pairs, ten the same failure (Trino, Pulsar, OpenTelemetry .NET,
// Node.js, Tokio), from Java, Rust, C#, Go, JavaScript, Python, Elixir and Kotlin, written
// without reading the signature code: 7/10 grouped and 15/15 apart with v30 (held out). Left: a
// Trino copy cut short mid-message, one failure in two catalog subclasses of a base test, and a
// Node.js test that moved from parallel/ to sequential/ between its two failures.
TEST_CASE("fifty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-54.jsonl", {.same = 10, .different = 15, .grouped = 8, .apart = 15});
}

// Session 39's first set: 24 pairs, ten the same failure (TiKV PD, Kibana, ros2_control,
// Dragonfly, Node.js, Loggregator), from Go, C++, Python, Rust, TypeScript and JavaScript, written
// without reading the signature code: 4/10 grouped and 14/14 apart with v30 (held out). v31 reads
// a message the runner sent with its log prefix (GitHub Actions' timestamp) like the trace's own
// lines: 5/10. Left: a test id given as a binary's name on one side and as Suite.Test on the
// other (twice), a parametrised test's two parameter sets, two Ginkgo leaves of one container,
// and pytest's "E" line beside its one-line summary.
TEST_CASE("fifty-fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-55.jsonl", {.same = 10, .different = 14, .grouped = 6, .apart = 14});
}

// Session 39's second set: 23 pairs, nine the same failure (realm-kotlin, Fenix and Android
// Components, Astraea, fabric8, JRuby and RubyGems, Firefox iOS, Application Insights), from
// Kotlin, Java, Ruby, PHP, Swift, C# and Elixir: 7/9 grouped and 14/14 apart with v30 and v31 (held
// out). Left: a helper whose message changed between the two runs, and a copy cut short mid-
// message.
TEST_CASE("fifty-sixth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-56.jsonl", {.same = 9, .different = 14, .grouped = 7, .apart = 14});
}

// Session 39's third set: 25 pairs, eleven the same failure (Celestia, OpenTelemetry Collector,
// Tailscale, Fleet Server, Prefect, osparc-simcore, Neon, Dubbo, Quinn and Tokio), from Go, Python,
// Rust, Java, C# and TypeScript: 6/11 grouped and 14/14 apart with v31 (held out). v32 reads
// gotestsum's rerun of a test ("TestX (re-run 1)") as that test: 7/11. Left: one teardown check
// failing under two sibling tests (twice, in Go and in Python) and Surefire 2's one-line summary
// ("Test.method:90 expected:<..>") sent alone; since v33 a parametrised test's two parameter
// sets key as one test.
TEST_CASE("fifty-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-57.jsonl", {.same = 11, .different = 14, .grouped = 8, .apart = 14});
}

// tests/data/pairs-fresh-58.jsonl: 23 pairs (9 same, 14 different) gathered in session 40 (ZIO,
// http4s, alaveteli, Twisted, phpMyAdmin, Lighthouse, Flutter, Commanded and others; Ruby, Scala,
// Dart, PHP, Python, JavaScript, TypeScript, Elixir), written without reading the signature code:
// 6/9 grouped and 13/14 apart with v33 (held out). Left: an RSpec id sent with its
// "./spec/x_spec.rb:36" location beside one without it, a Lighthouse smoke test named by its URL
// in one report and its audit in the other, Flutter's web integration test under two entry
// points, and two runs of a deliberately random test whose HTML-coloured messages match.
TEST_CASE("fifty-eighth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-58.jsonl", {.same = 9, .different = 14, .grouped = 6, .apart = 13});
}

// tests/data/pairs-fresh-59.jsonl: 23 pairs (8 same, 15 different) gathered in session 40
// (OpenTelemetry, Cilium, Argo CD, Pulsar, Mozilla's Android and iOS browsers, systemd, Elastic's
// .NET agent, Arrow, RocksDB, TiKV, Go), written without reading the signature code: 3/8 grouped
// and 14/15 apart with v33 (held out). v34 reads a test id's trailing "()" (XCTest's
// "testX()") as the method another report names without it: 4/8. Left: goleak's report named by
// its package in one run and by nothing in the other, a Go HTTP error whose copy adds
// "(Client.Timeout exceeded while awaiting headers)", a Rust panic whose temp directory's random
// letters and listed entries differ, two reports whose failures only a thread ties together.
TEST_CASE("fifty-ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-59.jsonl", {.same = 8, .different = 15, .grouped = 4, .apart = 14});
}

// tests/data/pairs-fresh-60.jsonl: 17 pairs (6 same, 11 different) gathered in session 40 (Puma,
// Kibana, kgateway, Hazelcast, Kalix, grpc-go, Uniffle), written without reading the signature
// code: 1/6 grouped and 10/11 apart with v34 (held out). v35 reads Minitest's "Failure:
// [file:line]:" as the header it is, not an exception named Failure: 2/6. Left: two
// variants of one test (_tcp and _unix, Object and Binary) that the helper calls one failure,
// Kibana's CI group number in a suite's name ("Tests1"), two Ginkgo specs that time out alike,
// and one Ginkgo spec whose two copies differ only in the frames one of them prints.
TEST_CASE("sixtieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-60.jsonl", {.same = 6, .different = 11, .grouped = 2, .apart = 10});
}

// tests/data/pairs-fresh-61.jsonl: 24 pairs (10 same, 14 different) gathered in session 41
// (celestia, Quarkus, CockroachDB, CPython, Focus for Android, Kogito, Flutter, Camel Quarkus,
// Keycloak), written without reading the signature code: 6/10 grouped and 14/14 apart with v35
// (held out). Left: testify's "Received unexpected error:" quoted without its "Error:" column, a
// Gradle one-line summary ("IllegalStateException at X.kt:35") that drops the message, a
// BrokenBarrierError cut off in one copy, and one copy that names no test.
TEST_CASE("sixty-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-61.jsonl", {.same = 10, .different = 14, .grouped = 6, .apart = 14});
}

// tests/data/pairs-fresh-62.jsonl: 24 pairs (10 same, 14 different) gathered in session 41
// (Valkey, Redis, kvrocks, Kibana, Open Food Network, ASP.NET Core, Node.js, Tarantool, bsdiff),
// written without reading the signature code: 9/10 grouped and 14/14 apart with v35 (held out).
// Left: an RSpec failure one copy names with its line (":704") and wraps inside a long quoted
// page text.
TEST_CASE("sixty-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-62.jsonl", {.same = 10, .different = 14, .grouped = 9, .apart = 14});
}

// tests/data/pairs-fresh-63.jsonl: 17 pairs (6 same, 11 different) gathered in session 41
// (Elasticsearch, CockroachDB, Hazelcast, Akka, Nomad, Go, SciPy, OkHttp, Termux), cut short by
// the search budget, written without reading the signature code: 4/6 grouped and 10/11 apart with
// v35 (held out). Left: two Hazelcast test variants the maintainers call one failure, a copy whose
// Hamcrest message is cut after "java.lang.AssertionError:", and two SciPy tolerance misses on
// two architectures that print one message (the helper calls their causes different).
TEST_CASE("sixty-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-63.jsonl", {.same = 6, .different = 11, .grouped = 4, .apart = 10});
}

// tests/data/pairs-fresh-64.jsonl: 19 pairs (3 same, 16 different) gathered in session 41 (uv,
// Node.js, undici, corefx, msbuild, IREE, Qdrant, YugabyteDB, omicron, pdf.js, nushell), cut short
// by the search budget, written without reading the signature code: 1/3 grouped and 16/16 apart
// with v35 (held out). Left: two "same" pairs whose sides are different tests (a duplicate closed
// by a maintainer; one test body run under two classes).
TEST_CASE("sixty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-64.jsonl", {.same = 3, .different = 16, .grouped = 1, .apart = 16});
}

// tests/data/pairs-fresh-65.jsonl: 22 pairs (6 same, 16 different) gathered in session 42
// (skipper, Go, ReactPHP, swarmkit, Camunda, prooph, Kitura, data-prepper), written without
// reading the signature code: 5/6 grouped and 15/16 apart with v35 (held out). Left: a Go
// "request canceled" one copy prints with its "(Client.Timeout exceeded ...)" and one without;
// two tests of one CI run failing on one socket race (labelled different, a cause-level key
// would merge them).
TEST_CASE("sixty-fifth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-65.jsonl", {.same = 6, .different = 16, .grouped = 5, .apart = 15});
}

// tests/data/pairs-fresh-66.jsonl: 25 pairs (10 same, 15 different) gathered in session 42
// (SerenityOS, VS Code, CONSUL, realtime_tools, Roslyn, CouchDB, Open Build Service, AMP, Orleans,
// systemd, quickwit), written without reading the signature code: 2/10 grouped and 15/15 apart
// with v35 (held out); 3/10 with v36, which reads GoogleTest's XML report form. Left: five "same"
// pairs whose sides are different tests (shared examples, suite variants, a maintainer's
// "same cause"), a reworded assertion, and a message one copy runs into its stack frame.
TEST_CASE("sixty-sixth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-66.jsonl", {.same = 10, .different = 15, .grouped = 3, .apart = 15});
}

// tests/data/pairs-fresh-67.jsonl and 68: 10 pairs each (3 same, 7 different) gathered in session
// 42 (Akka, ServiceTalk, OkHttp, elastic-otel-java, M3; Flutter and DevTools, Cypress, Open Build
// Service, emissary, Node.js), cut short by the helpers' time limit, written without reading
// the signature code: 2/3 and 1/3 grouped, 7/7 and 7/7 apart with v36 (held out). Left: one
// Akka spec named by its class path in one report and by its short name (with sbt's "[info]"
// before the message) in the other, a Vitest id one copy closes with its line, and a Flutter
// finder's message cut at two different places.
TEST_CASE("sixty-seventh and sixty-eighth fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-67.jsonl", {.same = 3, .different = 7, .grouped = 2, .apart = 7});
  check_fresh_set("pairs-fresh-68.jsonl", {.same = 3, .different = 7, .grouped = 1, .apart = 7});
}

// tests/data/pairs-fresh-70.jsonl: 5 different pairs gathered in session 42 (Firefox Focus for
// Android, AnkiDroid, Stripe Android, Cypress) before the search budget ran out, written without
// reading the signature code: 4/5 apart with v36 (held out). Left: one UI test failing with a
// bare AssertionError in two different helpers; keyed by its test id, its kind and an empty
// message, the two copies share a key.
TEST_CASE("seventieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-70.jsonl", {.same = 0, .different = 5, .grouped = 0, .apart = 4});
}

// tests/data/pairs-fresh-71.jsonl and 72: 19 pairs (5 same, 14 different) and 11 pairs (3 same,
// 8 different) gathered in session 43 (Go, Java, Python, Rust, Scala: golang/go, CPython
// buildbots, Druid, Servo, Kubernetes, Camunda, Pravega, Trino; C#, Docker, Elixir, Dart:
// ASP.NET Core, DotNetTools, ZITADEL, Hammer, Flutter, pub), written without reading the
// signature code: 3/5 and 1/3 grouped, 14/14 and 8/8 apart with v36 (held out); 4/5 with v37,
// which reads a timestamp inside a message as a value. Left: one Go test killed by the timeout
// that plan9 reports as "exit status: 'go N: kill'" and Linux as "signal: killed", a BuildKit
// cache error at two different build steps, and an xUnit test one report names with its class
// and the other (a bot's three lines) without.
TEST_CASE("seventy-first and seventy-second fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-71.jsonl", {.same = 5, .different = 14, .grouped = 4, .apart = 14});
  check_fresh_set("pairs-fresh-72.jsonl", {.same = 3, .different = 8, .grouped = 1, .apart = 8});
}

// tests/data/pairs-fresh-73.jsonl and 74: 8 different pairs (Ruby, TypeScript, JavaScript,
// Python: hitobito, Caseflow, GOV.UK e2e, gemini-cli, Kibana, Synapse) and 13 pairs (3 same, 10
// different: Scala, Go, Kotlin, Java, C#, Swift: eclair, OpenTelemetry, Helidon, Pekko, Delve,
// Akka.NET, NATS, Vapor, Sentry SDKs) gathered in session 43 and cut short by the helpers' time
// limit, written without reading the signature code: 8/8 apart; 2/3 grouped and 10/10 apart
// with v37 (held out).
TEST_CASE("seventy-third and seventy-fourth fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-73.jsonl", {.same = 0, .different = 8, .grouped = 0, .apart = 8});
  check_fresh_set("pairs-fresh-74.jsonl", {.same = 3, .different = 10, .grouped = 2, .apart = 10});
}

// tests/data/pairs-fresh-75.jsonl and 76: 7 pairs (3 same, 4 different: Python and Go: Flask,
// Matplotlib, python-flint, Moby, status-go, PD) and 18 pairs (4 same, 14 different: GitHub
// Actions setup steps for BEAM, Ruby, PHP, Java and .NET, Orleans, Orangelight, Tilex, Breeze)
// gathered in session 44, cut short because most threads the helpers found were already used,
// written without reading the signature code: 2/3 grouped, 4/4 apart; 1/4 grouped, 14/14 apart
// (held out, v37). Left: one Flask test failing under unittest and under pytest with its own
// wording, and setup steps whose runs were named differently by their workflows.
TEST_CASE("seventy-fifth and seventy-sixth fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-75.jsonl", {.same = 3, .different = 4, .grouped = 2, .apart = 4});
  check_fresh_set("pairs-fresh-76.jsonl", {.same = 4, .different = 14, .grouped = 1, .apart = 14});
}

// tests/data/pairs-fresh-77.jsonl: 6 different pairs (JavaScript, Java, Rust, Go: Lisk, Responsive,
// casbin-rs, Fabric, Pebble, two "Address already in use" panics in unrelated projects) gathered
// in session 44 from flaky-test trackers whose repeated runs of one test were all used already:
// 6/6 apart (held out, v37).
TEST_CASE("seventy-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-77.jsonl", {.same = 0, .different = 6, .grouped = 0, .apart = 6});
}

// tests/data/pairs-fresh-78.jsonl and 79: 13 pairs (2 same, 11 different: Node.js core, Kubernetes,
// Servo, rust-lang, Pulsar, Pinot, deno) and 11 pairs (3 same, 8 different: numpy, silx, bleve,
// bit64, Augustus, boltons) gathered in session 45 from flaky-test trackers and from threads that
// paste one failure from two platforms, written without reading the signature code: 1/2 grouped,
// 10/11 apart; 2/3 grouped, 7/8 apart (held out, v37). Left: a message reworded between the two
// runs and a Go test whose output format changed (pointers, then values) cannot be grouped from
// their text; one rustc UI test's stderr diff (a flake, then a regression) and two checks of one
// GoogleTest case with the same message cannot be told apart from theirs.
TEST_CASE("seventy-eighth and seventy-ninth fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-78.jsonl", {.same = 2, .different = 11, .grouped = 1, .apart = 10});
  check_fresh_set("pairs-fresh-79.jsonl", {.same = 3, .different = 8, .grouped = 2, .apart = 7});
}

// tests/data/pairs-fresh-80.jsonl to 83: 5, 14, 10 and 5 pairs (9 same, 24 different: Cilium,
// Kubernetes, CockroachDB, Envoy, dotnet/runtime, ASP.NET Razor, CEF, Pulsar, RisingWave, oppia)
// gathered in session 46 from flaky-test trackers and bot-filed failure issues, written without
// reading the signature code. Held out with v37: 1/1 and 3/4, 3/7 and 7/7, 5/5 and 5/5 (83 was
// gathered after v38 and scored with it: 0/1 and 2/4). v38 reads xUnit 2.5's headline summary
// ("Assert.Equal() Failure: Values differ") as the older bare headline: 81 groups 4/7. Left: a
// paste cut before the test's name or its failure line (Envoy, logex, CEF), a test whose
// assertion moved five lines between the two reports (Razor); two data races in one Go test
// (keyed by the test: a race's report order varies) and two assertions of one .NET test whose
// lines the report does not print cannot be told apart.
TEST_CASE("eightieth to eighty-third fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-80.jsonl", {.same = 1, .different = 4, .grouped = 1, .apart = 3});
  check_fresh_set("pairs-fresh-81.jsonl", {.same = 7, .different = 7, .grouped = 4, .apart = 7});
  check_fresh_set("pairs-fresh-82.jsonl", {.same = 5, .different = 5, .grouped = 5, .apart = 5});
  check_fresh_set("pairs-fresh-83.jsonl", {.same = 1, .different = 4, .grouped = 0, .apart = 2});
}

// tests/data/pairs-fresh-84.jsonl: 10 Go pairs gathered in session 47 from threads no other file
// uses (Teleport's flaky-test issues, moby, Talos, Nomad), scored with v38 before any reading:
// 3/5 and 5/5. Left: one test's failure quoted three years apart after its file moved to another
// path, and one assertion line failing in two subtests (IPv4/Gateway, IPv6/Host), which the
// signature keys apart by the subtest's name as it should when only one of them breaks.
TEST_CASE("eighty-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-84.jsonl", {.same = 5, .different = 5, .grouped = 3, .apart = 5});
}

// tests/data/pairs-fresh-85.jsonl: 3 different pairs gathered in session 47 (Servo's web-platform
// runner, extendr); most threads with one failure pasted twice were already used. Held out with v38:
// 3/3 apart.
TEST_CASE("eighty-fifth fresh pair corpus (held out): different failures stay apart") {
  check_fresh_set("pairs-fresh-85.jsonl", {.same = 0, .different = 3, .grouped = 0, .apart = 3});
}

// tests/data/pairs-fresh-86.jsonl: 7 different pairs gathered in session 47 (CouchDB's Elixir
// suite, libuv, SwiftNIO, Akka): two tests or two assertions of one suite with the same message.
// Held out with v38: 7/7 apart.
TEST_CASE("eighty-sixth fresh pair corpus (held out): different failures stay apart") {
  check_fresh_set("pairs-fresh-86.jsonl", {.same = 0, .different = 7, .grouped = 0, .apart = 7});
}

// tests/data/pairs-fresh-87.jsonl: 6 Java pairs gathered in session 47 (Error Prone, JabRef,
// StreamNative's Pulsar) before the search budget ran out. Held out with v38: 1/3 and 3/3. Left:
// a paste cut before its first frame (Error Prone's "Not a primitive type: NONE") and a second copy
// cut after one frame beside the full trace (JabRef): keyed by one frame, the signature would merge
// different failures that share a top frame.
TEST_CASE("eighty-seventh fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-87.jsonl", {.same = 3, .different = 3, .grouped = 1, .apart = 3});
}

// tests/data/pairs-fresh-88.jsonl: 6 pairs gathered in session 48 (Haskell property tests, numpy
// on armv7 in two distributions' builds, Rust and OCaml). Held out with v38: 1/4 and 2/2. Left: a
// second paste cut at its FAILED line (hspec), one numpy test quoted under nose and under pytest
// (their frames differ in every line), and a QuickCheck property whose two failures print different
// counterexamples and no frame (language-bash; tree-diff's pair, with a frame, is grouped).
TEST_CASE("eighty-eighth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-88.jsonl", {.same = 4, .different = 2, .grouped = 1, .apart = 2});
}

// tests/data/pairs-fresh-89.jsonl: 9 pairs gathered in session 48 (C#, F#, Haskell, Scala,
// Clojure, Erlang). Held out with v38: 1/3 and 6/6; v39 masks a decimal as one number, which
// groups dotnet/runtime's timer test ("difference: 269.8%" and "369%"): 2/3. Left: Fable's second
// copy, one quoted line without its test's name or frames.
TEST_CASE("eighty-ninth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-89.jsonl", {.same = 3, .different = 6, .grouped = 2, .apart = 6});
}

// tests/data/pairs-fresh-90.jsonl: 5 Go pairs gathered in session 48 (golang/go's dialer and gdb
// tests on several builders). Held out with v39: 0/1 and 4/4. Left: the second report's first
// failing test is another one (TestDialTimeoutFDLeak above TestDialerDualStackFDLeak): the key
// follows the first failure a paste shows.
TEST_CASE("ninetieth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-90.jsonl", {.same = 1, .different = 4, .grouped = 0, .apart = 4});
}

// tests/data/pairs-fresh-91.jsonl: 13 pairs gathered in session 49 from bot-filed flaky-test
// trackers (Kibana's "Failing test" issues, one Node.js pair). Held out with v39: 2/6 and 7/7.
// Left: four "same" pairs are two issues a bot filed from one build for two different tests that
// failed in one shared page-object helper; the key follows the test, so they stay apart (one
// cause, two failures: history sees them as two).
TEST_CASE("ninety-first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-91.jsonl", {.same = 6, .different = 7, .grouped = 2, .apart = 7});
}

// tests/data/pairs-fresh-92.jsonl: 9 pairs gathered in session 49 (Rust panics reported twice, two
// Python extension modules' tests, Zig). Held out with v39: 1/3 and 6/6. Left: a reporter's
// paraphrase of a panic (quotes around the location and the method) and an index panic whose
// second paste has neither its location nor the same numbers.
TEST_CASE("ninety-second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-92.jsonl", {.same = 3, .different = 6, .grouped = 1, .apart = 6});
}

// tests/data/pairs-fresh-93.jsonl: 12 pairs gathered in session 49 (an IntelliJ plugin's crash
// reports closed as duplicates, Elasticsearch). Held out with v39: 7/7 and 5/5.
TEST_CASE("ninety-third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-93.jsonl", {.same = 7, .different = 5, .grouped = 7, .apart = 5});
}

// tests/data/pairs-fresh-94.jsonl: 8 Python pairs gathered in session 49 (the search budget ran
// out early). Held out with v39: 1/4 and 4/4; v40 reads Debian autopkgtest's seconds column
// ("815s FAIL: ...") as a column, so those pastes parse into test, kind and frame instead of the
// fallback lines, with the same outcome. Left: a second paste cut inside its message, one test
// looping over two methods (CSC and CSR) that names the other in its message, and pytest's long
// report beside its one-line summary (no frame in the summary).
TEST_CASE("ninety-fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-94.jsonl", {.same = 4, .different = 4, .grouped = 1, .apart = 4});
}

TEST_CASE("xUnit: a headline's summary (2.5 and later) is the same failure as the bare headline") {
  const std::string frame = "   at Tests.FooTest.Bar() in /src/FooTest.cs:line 12\n";
  CHECK(key("Assert.Equal() Failure: Values differ\nExpected: 100\nActual:   101\n" + frame, "EqualException", {},
            "FooTest.Bar") == key("Assert.Equal() Failure\nExpected: 100\nActual:   101\n" + frame, "EqualException", {},
                                  "FooTest.Bar"));
  CHECK(key("Assert.Equal() Failure: Values differ\n" + frame, "EqualException", "Assert.Equal() Failure: Values differ",
            "FooTest.Bar") ==
        key("Assert.Equal() Failure\n" + frame, "EqualException", "Assert.Equal() Failure", "FooTest.Bar"));
  // Another assertion stays apart.
  CHECK(key("Assert.True() Failure\n" + frame, "TrueException", {}, "FooTest.Bar") !=
        key("Assert.Equal() Failure: Values differ\n" + frame, "EqualException", {}, "FooTest.Bar"));
}

TEST_CASE("a timestamp inside a failure message is a value, not part of the signature") {
  const Fingerprinter fingerprinter;
  const auto key = [&](std::string_view when) {
    const std::string line = "ERROR " + std::string(when) +
                             ": servo: Failed to get frame id from constellation.: Io(Os { code: 104, kind: ConnectionReset })";
    return fingerprinter.fingerprint(line, "", line, "");
  };
  CHECK(key("2018-05-19T04:51:25Z") == key("2018-05-20T18:30:34Z"));
  CHECK(key("2018-05-19 04:51:25,118") == key("2018-05-20 18:30:34,907"));
  const auto other = [&](std::string_view text) { return fingerprinter.fingerprint(text, "", text, ""); };
  CHECK(other("ERROR 2018-05-19T04:51:25Z: servo: Failed to get frame id") !=
        other("ERROR 2018-05-19T04:51:25Z: servo: Failed to load the page"));
}

TEST_CASE("Minitest's failure header with its location names no exception") {
  const std::string plain = "  1) Failure:\nTestCluster#test_restart [/build/source/test/helpers/integration.rb:457]:\n"
                            "Expected: 3000\n  Actual: 2999\n";
  const std::string condensed = "TestCluster#test_restart\nFailure: [test/helpers/integration.rb:521]:\n"
                                "Expected: 3000\nActual: 2999\n";
  CHECK(key(plain, "Minitest::Assertion", "", "TestCluster#test_restart") ==
        key(condensed, "Minitest::Assertion", "", "TestCluster#test_restart"));
  CHECK(sig(condensed).kind != "Failure");
}

TEST_CASE("gotestsum's rerun of a test keys like its first run") {
  const auto first = key("=== FAIL: k8sclient TestNewEndpointClient (1.96s)\n    client_test.go:41: dial failed", "", "",
                         "k8sclient TestNewEndpointClient");
  const auto rerun = key("=== FAIL: k8sclient TestNewEndpointClient (re-run 1) (1.80s)\n    client_test.go:41: dial failed",
                         "", "", "k8sclient TestNewEndpointClient (re-run 1)");
  CHECK(first == rerun);
  CHECK(first != key("=== FAIL: k8sclient TestNewEndpointClientV2 (1.96s)\n    client_test.go:41: dial failed", "", "",
                     "k8sclient TestNewEndpointClientV2"));
}

TEST_CASE("a test's parameter case, suite directory or inheriting class does not change its key") {
  // pytest parametrisation: one defect fails its cases alike.
  const auto case_a = key("FAILED tests/test_transports.py::test_timeout[0] - assert 1.5 < (1.0 + 0.2)", "", "", "");
  const auto case_b = key("FAILED tests/test_transports.py::test_timeout[1] - assert 2.1 < (1.0 + 0.2)", "", "", "");
  CHECK(case_a == case_b);
  CHECK(case_a != key("FAILED tests/test_transports.py::test_retry[0] - assert 1.5 < (1.0 + 0.2)", "", "", ""));
  // Node's TAP ids: the test moved from parallel/ to sequential/.
  const auto parallel = key("not ok 12 parallel/test-performance\n  ---\n  AssertionError: delta 41 > 20", "", "", "");
  const auto sequential = key("not ok 7 sequential/test-performance\n  ---\n  AssertionError: delta 55 > 20", "", "", "");
  CHECK(parallel == sequential);
  CHECK(parallel != key("not ok 12 parallel/test-performance-eventloop\n  ---\n  AssertionError: delta 41 > 20", "", "", ""));
  // Surefire's "Runner>Declaring.method" for an inherited test keys like the report's own id.
  const auto inherited = key("", "AssertionError", "expected:<1> but was:<2>",
                             "TestIcebergMinioOrcConnectorTest>BaseIcebergConnectorTest.testOptimize");
  const auto reported = key("", "AssertionError", "expected:<1> but was:<2>",
                            "io.trino.plugin.iceberg.TestIcebergMinioOrcConnectorTest.testOptimize");
  CHECK(inherited == reported);
  CHECK(inherited != key("", "AssertionError", "expected:<1> but was:<2>",
                         "TestIcebergGlueConnectorTest>BaseIcebergConnectorTest.testOptimize"));
  // A method's display name with its "()" (XCTest, JUnit 5) keys like the name without it.
  CHECK(key("", "XCTest failure", "No matches found", "DataManagementTests.testWebSiteData()") ==
        key("", "XCTest failure", "No matches found", "DataManagementTests.testWebSiteData"));
}

TEST_CASE("a message sent with its log line's prefix keys like the same message without it") {
  // No headline in either trace: the key reads the message the runner sent.
  const std::string test = "ResourceManagerTest.reads_at_its_own_rate";
  const auto stamped = key("- ResourceManagerTest reads_at_its_own_rate\n  <<< failure message", "gtest assertion failure",
                           "2025-01-07T06:55:02.6908875Z     Expected equality of these values:", test);
  const auto bare = key("- ResourceManagerTest reads_at_its_own_rate", "gtest assertion failure",
                        "Expected equality of these values:", test);
  CHECK(stamped == bare);
  // A different message under the same prefix still keys apart.
  CHECK(stamped != key("- ResourceManagerTest reads_at_its_own_rate", "gtest assertion failure",
                       "2025-01-07T06:55:02.6908875Z     Value of: period.seconds()", test));
}

TEST_CASE("a Go duration of several units masks like a short one, a generated id does not") {
  const std::string wait = "Error waiting for snapshot to be added: timeout while waiting for state to become 'granted' "
                           "(last state: 'denied', timeout: ";
  CHECK(key(wait + "5m0s)\n") == key(wait + "10m0s)\n"));
  CHECK(key(wait + "1h2m3.5s)\n") == key(wait + "12h0m10.25s)\n"));
  // A letters-and-digits run that is no duration stays one generated value, unlike a duration.
  CHECK(key("worker x9n97 lost its lease\n") == key("worker k53rs1s9 lost its lease\n"));
  CHECK(key("worker x9n97 lost its lease\n") != key("worker 10m0s lost its lease\n"));
}

TEST_CASE("a rule of dashes after a bare exception line is no message") {
  const std::string frames = "Traceback (most recent call last):\n"
                             "  File \"/work/tests/test_operator.py\", line 5788, in check_dropout_ratio\n"
                             "    assert exe.outputs[0].asnumpy().min() == min_value\n"
                             "AssertionError: \n";
  CHECK(key(frames + "-------------------- >> begin captured logging << --------------------\n"
                     "common: INFO: Setting test np/mx/python random seeds, use MXNET_TEST_SEED=119185068 to reproduce.\n") ==
        key(frames));
  CHECK(key(frames + "-------------------- >> begin captured logging << --------------------\n") !=
        key("AssertionError: \nmin value was 0.25\n"));
}

TEST_CASE("a testify assertion outranks a Go test's log line, and Karma's source suffix is dropped") {
  const std::string assertion = "    ruler_test.go:315: \n"
                                "        \tError Trace:\t/home/runner/work/mimir/integration/ruler_test.go:315\n"
                                "        \tError:      \tNot equal: \n"
                                "        \t            \texpected: 2\n"
                                "        \t            \tactual  : 4\n"
                                "        \tTest:       \tTestRulerEvaluationDelay\n";
  const std::string logged = "    ruler_test.go:297: querying from 2024-09-30 10:59:53 +0000 UTC to 2024-09-30 11:04:53 +0000 UTC\n";
  CHECK(key(logged + assertion) == key(assertion));
  CHECK(key(logged + assertion) != key(logged));
  const std::string timeout = "Error: Timeout - Async callback was not invoked within timeout specified by "
                              "jasmine.DEFAULT_TIMEOUT_INTERVAL.";
  CHECK(key(timeout + " in node_modules/jasmine-core/lib/jasmine-core/jasmine.js (line 3938)\n") == key(timeout + "\n"));
  CHECK(key("Error: Expected spy onLoad to have been called. in test/a.js (line 12)\n") ==
        key("Error: Expected spy onLoad to have been called.\n"));
  CHECK(key("Error: Expected spy onLoad to have been called. in test/a.js (line 12)\n") !=
        key("Error: Expected spy onError to have been called.\n"));
}

TEST_CASE("a test id's parameter value is masked, its name and other digits are not") {
  const std::string trace = "    grpc_resolver_test.go:150: \n        \tError Trace:\tgrpc_resolver_test.go:150\n"
                            "        \tError:      \tShould be true\n";
  CHECK(key(trace, {}, {}, "TestGRPCResolverRoundRobin/minPeers=3") ==
        key(trace, {}, {}, "TestGRPCResolverRoundRobin/minPeers=7"));
  CHECK(key(trace, {}, {}, "TestGRPCResolverRoundRobin/minPeers=3") !=
        key(trace, {}, {}, "TestGRPCResolverRoundRobin/maxPeers=3"));
  CHECK(key(trace, {}, {}, "TestHTTP2/case3") != key(trace, {}, {}, "TestHTTP2/case7"));
}

TEST_CASE("an exception type that only names the trace's kind keys as no type") {
  const std::string trace = "java.lang.AssertionError: expected:<3> but was:<4>\n"
                            "\tat org.acme.NormalMessageTest.testApplyMultipleUnique(NormalMessageTest.java:88)\n";
  CHECK(key(trace, "AssertionError") == key(trace));
  CHECK(key(trace, "java.lang.AssertionError") == key(trace));
  // A type the trace does not show still keys.
  CHECK(key(trace, "org.acme.TimeoutError") != key(trace));
}

TEST_CASE(".NET: TeamCity's error note, vstest's crash line and xunit's fatal header key as the exception") {
  const std::string exception = "System.IO.IOException: The process cannot access the file 'rzc-8784' because it is being used by another process.\n";
  const std::string frame = "   at Microsoft.DotNet.BuildServer.RazorPidFile.Read(FilePath path, IFileSystem fileSystem)\n";
  CHECK(key(exception + frame) == key(exception + "Error message is logged\n" + frame));
  const std::string crashed =
      "The active test run was aborted. Reason: Test host process crashed : Unhandled exception. "
      "System.ObjectDisposedException: Cannot access a disposed object.\n"
      "   at System.Threading.EventWaitHandle.Set()\n"
      "   at Xunit.Runner.VisualStudio.VsExecutionSink.HandleTestAssemblyFinished(MessageHandlerArgs`1 args)\n"
      "   at MessageSinkMessageExtensions.Dispatch[TMessage](IMessageSinkMessage message) in /_/src/xunit.runner.utility/Extensions/MessageSinkMessageExtensions.cs:line 39\n";
  const std::string fatal =
      "[xUnit.net 00:00:01.11]     [FATAL ERROR] System.ObjectDisposedException\n"
      "[xUnit.net 00:00:01.11]       System.ObjectDisposedException : Cannot access a disposed object.\n"
      "[xUnit.net 00:00:01.11]       Stack Trace:\n"
      "[xUnit.net 00:00:01.11]            at Interop.Kernel32.SetEvent(SafeWaitHandle handle)\n"
      "[xUnit.net 00:00:01.11]            at System.Threading.EventWaitHandle.Set()\n";
  CHECK(sig(crashed).kind == "ObjectDisposedException");
  CHECK(key(crashed) == key(fatal));
  // Another exception, or the same one with another message, stays apart.
  CHECK(key(crashed) != key("System.InvalidOperationException: Cannot access a disposed object.\n"));
  CHECK(key(fatal) != key("System.ObjectDisposedException : Cannot access a closed Stream.\n"));
}

TEST_CASE("JVM: a 'null' message is none, and Class#method is Class.method without a package") {
  const std::string frames = "\tat io.vertx.test.core.AsyncTestBase.assertTrue(AsyncTestBase.java:372)\n"
                             "\tat io.vertx.x.ServiceProxyTest.lambda$null$95(ServiceProxyTest.java:860)\n";
  CHECK(key("java.lang.AssertionError: null\n" + frames, {}, {}, "ServiceProxyTest.testTimeout") ==
        key("java.lang.AssertionError\n" + frames, {}, {}, "ServiceProxyTest#testTimeout"));
  CHECK(sig("x", {}, {}, "ServiceProxyTest#testTimeout").test_id == "ServiceProxyTest.testTimeout");
  // A message that says more than "null" stays.
  CHECK(key("java.lang.AssertionError: null value\n" + frames, {}, {}, "T.t") !=
        key("java.lang.AssertionError\n" + frames, {}, {}, "T.t"));
}
// tests/data/pairs-fresh-95.jsonl to -100.jsonl: 28 pairs gathered in session 50 (Kibana's and
// OpenSearch's flaky-test issues where a maintainer re-posts the failure, Pulsar, Camunda's Zeebe
// tests, Akka's TestKit timeouts, Go's gdb tests, an Oxide panic, LFortran's CTest runs,
// swift-nio, CPython). Held out with v40: same 4/6 grouped, different 21/22 apart. Left:
// LFortran's class_48 beside its class_48_STD_F23 variant (two test names, a SegFault and an
// abort: history sees two failures), an OpenSearch Hamcrest bound that moves with the data
// ("greater than <6L>" then "<2L>") beside a second paste that prints no test name of its own,
// and CPython's one test and assertion failing for two causes that only its number tells apart
// ("False is not true : 65536" and ": 0"; numbers are run noise to the key).
TEST_CASE("session 50's fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-95.jsonl", {.same = 1, .different = 4, .grouped = 1, .apart = 4});
  check_fresh_set("pairs-fresh-96.jsonl", {.same = 1, .different = 4, .grouped = 0, .apart = 4});
  check_fresh_set("pairs-fresh-97.jsonl", {.same = 2, .different = 4, .grouped = 1, .apart = 4});
  check_fresh_set("pairs-fresh-98.jsonl", {.same = 1, .different = 3, .grouped = 1, .apart = 3});
  check_fresh_set("pairs-fresh-99.jsonl", {.same = 1, .different = 1, .grouped = 1, .apart = 1});
  check_fresh_set("pairs-fresh-100.jsonl", {.same = 0, .different = 6, .grouped = 0, .apart = 5});
}
// tests/data/pairs-fresh-101.jsonl and -102.jsonl: 16 pairs gathered in session 51 (Hazelcast's
// and Aspire's repeated failures, OpenSearch and Go suites' look-alikes, CPython's pyrepl timeout,
// Envoy's integration tests). Held out with v40: same 2/2 and 1/4 grouped, different 4/4 and 6/6
// apart. v41 keys GoogleTest's value-parametrised instance "/3" as its test (2/4 for set 102).
// Left: a side whose message the report cut ("tim[...]") beside its whole message, and a side
// that names only the suite beside one that names the test.
TEST_CASE("session 51's fresh pair corpora (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-101.jsonl", {.same = 2, .different = 4, .grouped = 2, .apart = 4});
  check_fresh_set("pairs-fresh-102.jsonl", {.same = 4, .different = 6, .grouped = 2, .apart = 6});
}

TEST_CASE("GoogleTest: a value-parametrised instance's index keys as its test, its name stays") {
  const std::string failure = "test/integration/tcp_proxy_odcds_integration_test.cc:210: Failure\n"
                              "Value of: TestUtility::waitForCounterEq(statStore(), name, value)\n"
                              "  Actual: false\nExpected: true\n";
  CHECK(key(failure, {}, {}, "IpVersionsClientType/TcpProxyOdcdsIntegrationTest.RepeatedRequest/0") ==
        key(failure, {}, {}, "IpVersionsClientType/TcpProxyOdcdsIntegrationTest.RepeatedRequest/3"));
  CHECK(key(failure, {}, {}, "IpVersionsClientType/TcpProxyOdcdsIntegrationTest.RepeatedRequest/0") !=
        key(failure, {}, {}, "IpVersionsClientType/TcpProxyOdcdsIntegrationTest.SingleRequest/0"));
}
// tests/data/pairs-fresh-103.jsonl: 10 pairs (Kubernetes' and etcd's Go tests, dotnet/runtime's
// "Known Build Error" and gcstress reports). Held out with v41: same 3/4 grouped, different 6/6
// apart, no change made. Left: a bare "TestWatch" beside "<package> TestWatch" (the helper calls
// it the weakest same pair: the two may be one name in two packages).
TEST_CASE("session 51's third fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-103.jsonl", {.same = 4, .different = 6, .grouped = 3, .apart = 6});
}
// tests/data/pairs-fresh-104.jsonl: 7 pairs (VS Code's and Home Assistant's tests, RisingWave's
// sqllogictest scripts, Spanner and Keycloak JUnit look-alikes, Oryx; the search budget ran out).
// Held out with v41: same 1/2 grouped, different 5/5 apart. Left: two tests failing in one
// shared helper (Oryx's checkOutputData): the key follows the test, as for set 91.
TEST_CASE("session 51's fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-104.jsonl", {.same = 2, .different = 5, .grouped = 1, .apart = 5});
}
// tests/data/pairs-fresh-105.jsonl: 7 pairs (Redpanda's testdrive step, Mimir's ingester tests,
// Opstrace's Mocha suite, Pulsar's and Kafka's JUnit and TestNG look-alikes, Airflow's pytest
// state assertions). Held out with v41: same 1/2 grouped, different 5/5 apart; no change made.
// Left: a testify report whose second copy the thread cut after its "Error Trace" line, so its
// message is another assertion's.
TEST_CASE("session 52's first fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-105.jsonl", {.same = 2, .different = 5, .grouped = 1, .apart = 5});
}
// tests/data/pairs-fresh-106.jsonl: 7 pairs (InfluxDB IOx's Rust lock tests, the VA.gov CMS's
// PHPUnit savepoint and deadlock errors on one data set, Envoy's flood tests, Open Food
// Network's RSpec examples, Aspire's xUnit look-alikes). Held out with v41: same 2/2 grouped,
// different 5/5 apart; no change made.
TEST_CASE("session 52's second fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-106.jsonl", {.same = 2, .different = 5, .grouped = 2, .apart = 5});
}
// tests/data/pairs-fresh-107.jsonl: 8 pairs (KiroCrew's Vitest pair from two bot-filed
// issues, Argo Workflows' metric tests, sentry-cocoa's XCTest look-alikes, Dask's and ERT's
// pytest timeouts, Astraea's and Camunda's JUnit assertions, two ExUnit "no process" exits).
// Held out with v41: same 0/1 grouped, different 7/7 apart. Signature v42 leaves off the
// comparison Jest and Vitest append to an equality matcher's message (" // Object.is
// equality"), which one copy printed and the other did not: 1/1, 7/7; over all 106 sets no
// other pair moved (539/743 grouped, 1,210/1,241 apart).
TEST_CASE("session 52's third fresh pair corpus: figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-107.jsonl", {.same = 1, .different = 7, .grouped = 1, .apart = 7});
  const auto message_key = [](std::string_view message) { return key("", "AssertionError", message, "t"); };
  CHECK(message_key("expected '#89b4fa' to be '#ff8800' // Object.is equality") ==
        message_key("expected '#89b4fa' to be '#ff8800'"));
  CHECK(message_key("expected 'open' to be 'closed'") != message_key("expected 'open' to be 'pending' // Object.is equality"));
}
// tests/data/pairs-fresh-108.jsonl: 4 different pairs from Omicron's nextest reports (two tests
// of one name in two saga modules, one test binary's output layout for two tests; the search
// budget ran out before any same pair was found). Held out with v42: 4/4 apart.
TEST_CASE("session 52's fourth fresh pair corpus (held out): figures on unseen pairs do not drop") {
  check_fresh_set("pairs-fresh-108.jsonl", {.same = 0, .different = 4, .grouped = 0, .apart = 4});
}
