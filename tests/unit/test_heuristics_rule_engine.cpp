// The built-in pack on failures written for these tests (not the evaluation corpus): every
// category, every language family, and the root-cause rules for exception chains.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "heuristics/rule_engine.hpp"

using namespace flakyd::heuristics;

namespace {

const RuleEngine& engine() {
  static const RuleEngine k_engine = [] {
    auto compiled = RuleEngine::compile(builtin_rules());
    REQUIRE(compiled.has_value());
    return std::move(*compiled);
  }();
  return k_engine;
}

Category classify(std::string_view trace, std::string_view language = "",
                  std::string_view exception_type = "") {
  return engine().classify({trace, exception_type, "", parse_language(language)}).category;
}

struct Example {
  const char* language;
  Category expected;
  const char* trace;
};

// clang-format off
const Example k_examples[] = {
  // flaky-network
  {"python", Category::flaky_network, "Traceback (most recent call last):\n  File \"client.py\", line 12, in fetch\n    return sock.recv(4096)\nConnectionResetError: [Errno 104] Connection reset by peer"},
  {"java", Category::flaky_network, "java.net.SocketException: Connection reset\n\tat java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:323)"},
  {"javascript", Category::flaky_network, "FetchError: request to https://api.example.org/v1 failed, reason: socket hang up\n    at ClientRequest.<anonymous> (node_modules/node-fetch/lib/index.js:1491:11)"},
  {"go", Category::flaky_network, "    client_test.go:88: Get \"https://registry.local/v2/\": read tcp 10.1.0.4:51234->10.1.0.9:443: read: connection reset by peer"},
  {"rust", Category::flaky_network, "Error: reqwest::Error { kind: Request, source: hyper::Error(IncompleteMessage): connection closed before message completed }"},
  {"c#", Category::flaky_network, "System.Net.Http.HttpRequestException: An error occurred while sending the request.\n ---> System.IO.IOException: Unable to read data from the transport connection: Connection reset by peer."},
  {"ruby", Category::flaky_network, "Errno::ECONNRESET: Connection reset by peer - SSL_connect\n  /usr/lib/ruby/3.1.0/net/protocol.rb:46:in `connect_nonblock'"},
  {"", Category::flaky_network, "fatal: unable to access 'https://git.example.com/repo.git/': Could not resolve host: git.example.com"},
  {"python", Category::flaky_network, "ssl.SSLError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:2426)"},
  {"typescript", Category::flaky_network, "Error: page.goto: net::ERR_CONNECTION_RESET at http://localhost:3000/login"},
  {"python", Category::flaky_network, "grpc._channel._InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.UNAVAILABLE\n\tdetails = \"failed to connect to all addresses\">"},
  // timeout
  {"python", Category::timeout, "E   docker.errors.APIError: 500 Server Error: Get \"https://registry-1.docker.io/v2/\": context deadline exceeded"},
  {"javascript", Category::flaky_network, "npm ERR! code ETIMEDOUT\nnpm ERR! errno ETIMEDOUT\nnpm ERR! network request to https://registry.npmjs.org/left-pad failed"},
  // A git transfer that broke mid-stream: every such corpus entry is a network blip.
  {"", Category::flaky_network, "error: RPC failed; curl 56 GnuTLS recv error (-9): A TLS packet with unexpected length was received.\nfatal: early EOF"},
  {"python", Category::timeout, "OSError: [Errno 110] Connection timed out"},
  {"python", Category::timeout, "E   requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.internal', port=443): Read timed out. (read timeout=5)"},
  {"python", Category::timeout, "E   Failed: Timeout >30.0s\n\ntests/test_worker.py:51: Failed"},
  {"java", Category::timeout, "org.junit.runners.model.TestTimedOutException: test timed out after 2000 milliseconds\n\tat java.base@17/java.lang.Thread.sleep(Native Method)"},
  {"typescript", Category::timeout, "  ● checkout › submits the order\n\n    thrown: \"Exceeded timeout of 5000 ms for a test.\n    Add a timeout value to this test to increase the timeout\""},
  {"typescript", Category::timeout, "TimeoutError: locator.click: Timeout 30000ms exceeded.\nCall log:\n  - waiting for getByRole('button', { name: 'Pay' })"},
  {"go", Category::timeout, "panic: test timed out after 10m0s\n\trunning tests:\n\t\tTestSync (10m0s)"},
  {"go", Category::timeout, "    sync_test.go:41: rpc error: code = DeadlineExceeded desc = context deadline exceeded"},
  {"c#", Category::timeout, "System.TimeoutException: The operation has timed out.\n   at Npgsql.NpgsqlConnector.Connect(NpgsqlTimeout timeout)"},
  {"ruby", Category::timeout, "Net::OpenTimeout: execution expired\n# ./spec/support/api_helper.rb:12:in `block in call'"},
  {"rust", Category::timeout, "thread 'sync::tests::fetches' panicked at src/sync.rs:88:10:\ncalled `Result::unwrap()` on an `Err` value: Elapsed(())"},
  // resource-exhaustion
  {"python", Category::resource_exhaustion, "E   MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data type float64"},
  {"java", Category::resource_exhaustion, "java.lang.OutOfMemoryError: GC overhead limit exceeded\n\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)"},
  {"javascript", Category::resource_exhaustion, "<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"},
  {"go", Category::resource_exhaustion, "fatal error: runtime: out of memory\n\ngoroutine 1 [running]:"},
  {"", Category::resource_exhaustion, "npm ERR! code ENOSPC\nnpm ERR! syscall write\nnpm ERR! errno -28\nnpm ERR! nospc ENOSPC: no space left on device, write"},
  {"", Category::resource_exhaustion, "Error: The process '/usr/bin/docker' failed with exit code 137"},
  {"python", Category::resource_exhaustion, "OSError: [Errno 24] Too many open files: '/tmp/fixture.db'"},
  // infrastructure
  {"python", Category::infrastructure, "psycopg2.OperationalError: FATAL:  the database system is starting up"},
  {"", Category::infrastructure, "Warning  Failed     12s   kubelet  Error: ImagePullBackOff"},
  {"", Category::infrastructure, "Error response from daemon: toomanyrequests: You have reached your pull rate limit."},
  {"python", Category::infrastructure, "urllib.error.HTTPError: HTTP Error 503: Service Unavailable"},
  {"", Category::infrastructure, "The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled."},
  {"", Category::infrastructure, "error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502\nfatal: early EOF"},
  {"java", Category::infrastructure, "Could not transfer artifact org.acme:lib:pom:1.2 from/to central (https://repo.maven.apache.org/maven2): status code: 502, reason phrase: Bad Gateway (502)"},
  {"python", Category::resource_exhaustion, "psycopg2.OperationalError: FATAL:  sorry, too many connections for role \"ci\""},
  // concurrency
  {"python", Category::concurrency, "E   sqlite3.OperationalError: database is locked"},
  {"javascript", Category::concurrency, "Error: listen EADDRINUSE: address already in use :::3000\n    at Server.setupListenHandle [as _listen2] (node:net:1817:16)"},
  {"go", Category::concurrency, "==================\nWARNING: DATA RACE\nWrite at 0x00c0001a2018 by goroutine 8:\n  example.com/cache.(*Cache).Put()"},
  {"java", Category::concurrency, "org.openqa.selenium.StaleElementReferenceException: stale element reference: element is not attached to the page document"},
  {"", Category::concurrency, "ERROR 1213 (40001): Deadlock found when trying to get lock; try restarting transaction"},
  // order-dependency
  {"python", Category::order_dependency, "NOTE: test_invoice passes when run alone; it fails only when run after test_cleanup (state pollution from a module-level cache)"},
  // environmental
  {"java", Category::environmental, "java.lang.IllegalStateException: Could not find a valid Docker environment. Please see logs and check configuration"},
  {"python", Category::environmental, "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)"},
  {"typescript", Category::environmental, "browserType.launch: Executable doesn't exist at /root/.cache/ms-playwright/chromium-1105/chrome-linux/chrome"},
  {"python", Category::environmental, "locale.Error: unsupported locale setting"},
  {"", Category::environmental, "./scripts/ci.sh: line 4: shellcheck: command not found"},
  {"java", Category::environmental, "sun.security.validator.ValidatorException: PKIX path building failed: unable to find valid certification path to requested target"},
  // deterministic
  {"python", Category::deterministic, "    def test_total():\n>       assert total([1, 2]) == 4\nE       assert 3 == 4\n\ntests/test_math.py:7: AssertionError"},
  {"python", Category::deterministic, "E   ModuleNotFoundError: No module named 'yaml'"},
  {"java", Category::deterministic, "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null\n\tat com.acme.Greeter.greet(Greeter.java:14)"},
  {"kotlin", Category::deterministic, "org.opentest4j.AssertionFailedError: expected: <200> but was: <404>\n\tat app//org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)"},
  {"javascript", Category::deterministic, "TypeError: Cannot read properties of null (reading 'id')\n    at renderUser (src/user.js:10:22)"},
  {"typescript", Category::deterministic, "src/api.ts(14,7): error TS2322: Type 'string' is not assignable to type 'number'."},
  {"go", Category::deterministic, "    calc_test.go:21:\n        \tError Trace:\tcalc_test.go:21\n        \tError:      \tNot equal:\n        \t            \texpected: 4\n        \t            \tactual  : 3"},
  {"rust", Category::deterministic, "thread 'tests::adds' panicked at 'assertion failed: `(left == right)`\n  left: `3`,\n right: `4`', src/lib.rs:12:9"},
  {"c#", Category::deterministic, "Assert.Equal() Failure\nExpected: 4\nActual:   3\n   at Calc.Tests.AddTests.Adds() in /src/AddTests.cs:line 12"},
  {"ruby", Category::deterministic, "Failure/Error: expect(total).to eq(4)\n\n  expected: 4\n       got: 3\n\n  (compared using ==)"},
  {"go", Category::deterministic, "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:"},
  {"ruby", Category::deterministic, "NoMethodError:\n  undefined method `name' for nil:NilClass\n# ./app/models/user.rb:14:in `display_name'"},
};
// clang-format on

}  // namespace

TEST_CASE("the built-in pack classifies every category across languages") {
  for (const auto& example : k_examples) {
    const std::string trace = example.trace;
    const std::string language = example.language;
    CAPTURE(trace);
    CAPTURE(language);
    CHECK(classify(example.trace, example.language) == example.expected);
  }
}

TEST_CASE("the pack has a rule for every category but unknown, and unique ids") {
  std::vector<Category> seen;
  std::vector<std::string> ids;
  for (const auto& rule : builtin_rules()) {
    seen.push_back(rule.category);
    CHECK(std::find(ids.begin(), ids.end(), rule.id) == ids.end());
    ids.push_back(rule.id);
  }
  for (auto category : k_all_categories) {
    if (category == Category::unknown) continue;
    CHECK(std::find(seen.begin(), seen.end(), category) != seen.end());
  }
}

TEST_CASE("root cause wins in a Python chain") {
  const char* chained =
      "Traceback (most recent call last):\n"
      "  File \"http.py\", line 40, in send\n"
      "ConnectionResetError: [Errno 104] Connection reset by peer\n\n"
      "The above exception was the direct cause of the following exception:\n\n"
      "Traceback (most recent call last):\n"
      "  File \"client.py\", line 9, in call\n"
      "RuntimeError: upload failed\n";
  const auto verdict = engine().classify({chained, "RuntimeError", "upload failed", Language::python});
  CHECK(verdict.category == Category::flaky_network);
  REQUIRE(verdict.rule != nullptr);
  CHECK(verdict.rule->id == "net.connection-reset");

  const char* handled =
      "Traceback (most recent call last):\n"
      "KeyError: 'user'\n\n"
      "During handling of the above exception, another exception occurred:\n\n"
      "Traceback (most recent call last):\n"
      "TimeoutError: cleanup timed out\n";
  CHECK(classify(handled, "python") == Category::deterministic);
}

TEST_CASE("root cause wins in a Java chain: the last Caused by") {
  const char* trace =
      "java.lang.IllegalStateException: Failed to load ApplicationContext\n"
      "\tat org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate.loadContext(Default.java:98)\n"
      "Caused by: org.springframework.beans.factory.BeanCreationException: Error creating bean 'dataSource'\n"
      "Caused by: java.net.SocketTimeoutException: Read timed out\n"
      "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n";
  CHECK(classify(trace, "java") == Category::timeout);
}

TEST_CASE("root cause wins in a .NET inner exception and a JS cause") {
  const char* dotnet =
      "System.InvalidOperationException: The query failed.\n"
      " ---> System.Net.Sockets.SocketException (10054): An existing connection was forcibly closed by the remote host.\n"
      "   --- End of inner exception stack trace ---\n";
  CHECK(classify(dotnet, "c#") == Category::flaky_network);
  const char* node =
      "TypeError: fetch failed\n    at node:internal/deps/undici/undici:12345:11 {\n"
      "  [cause]: Error: read ECONNRESET\n      at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20) {\n"
      "    errno: -104,\n    code: 'ECONNRESET'\n  }\n}";
  CHECK(classify(node, "javascript") == Category::flaky_network);
}

TEST_CASE("root cause wins in an xUnit inner exception line, a dashed rule is not a chain") {
  // xUnit prints the inner exception as "---- Type : message" under the assertion that failed.
  const char* xunit =
      "    DnsGetHostAddresses_PostCancelledToken_Throws [FAIL]\n"
      "      Assert.Throws() Failure\n"
      "      Expected: typeof(System.OperationCanceledException)\n"
      "      Actual:   typeof(System.Net.Sockets.SocketException): No such host is known.\n"
      "      ---- System.Net.Sockets.SocketException : No such host is known.\n"
      "      Stack Trace:\n";
  const auto root = find_root_cause(xunit);
  CHECK(root.chained);
  CHECK(std::string_view(xunit).substr(root.begin).starts_with("---- System.Net.Sockets.SocketException"));
  CHECK(classify(xunit, "c#") == Category::flaky_network);
  // pytest's section rules are dashes too, but name no exception type.
  const char* pytest = "----------------------------- Captured stdout call -----------------------------\n"
                       "E   AssertionError: assert 1 == 2\n";
  CHECK_FALSE(find_root_cause(pytest).chained);
}

TEST_CASE("a Go wrapped error is classified by its innermost cause") {
  CHECK(classify("    store_test.go:31: load config: fetch \"https://cfg.local\": dial tcp 10.0.0.7:443: "
                 "connect: connection reset by peer",
                 "go") == Category::flaky_network);
}

TEST_CASE("an AssertionError that merely mentions a timeout stays deterministic") {
  CHECK(classify("E   AssertionError: expected the request to finish before the timeout, got status 'timed out'\n"
                 "tests/test_client.py:22: AssertionError",
                 "python") == Category::deterministic);
  CHECK(classify("java.lang.AssertionError: expected timeout to be 30 but was 10", "java") ==
        Category::deterministic);
}

TEST_CASE("the expected side of an assertion is not evidence, the observed side is") {
  // What the test wanted ("expected(...connection refused)") says nothing about what happened.
  CHECK(classify("    dial_test.go:31: objects not equal: actual(EOF) != expected(dial tcp "
                 "127.0.0.1:80: connect: connection refused)\n--- FAIL: TestDial (0.00s)",
                 "go") == Category::deterministic);
  CHECK(classify("java.lang.Exception: Unexpected exception, expected<java.net.SocketTimeoutException> "
                 "but was<java.lang.IllegalStateException>",
                 "java") == Category::deterministic);
  CHECK(classify("E   pytest.fail: DID NOT RAISE <class 'TimeoutError'>", "python") ==
        Category::deterministic);
  // What the test got is what happened.
  CHECK(classify("    dial_test.go:31: got read tcp 10.0.0.2:443: connection reset by peer, want nil\n"
                 "--- FAIL: TestDial (0.00s)",
                 "go") == Category::flaky_network);
  const auto verdict = engine().classify(
      {"    dial_test.go:31: objects not equal: actual(EOF) != expected(connection refused)", "", "",
       Language::go, true});
  const auto refused = std::find_if(verdict.hits.begin(), verdict.hits.end(),
                                    [](const Hit& hit) { return hit.rule->category == Category::infrastructure; });
  REQUIRE(refused != verdict.hits.end());
  CHECK(refused->quoted);
  CHECK(refused->score == 0.0);
}

TEST_CASE("a test's name is not evidence of what happened to it") {
  const char* rspec =
      "  1) Client retries on Net::ReadTimeout\n"
      "     Failure/Error: expect(client.attempts).to eq(3)\n"
      "       expected: 3\n"
      "            got: 1\n";
  CHECK(classify(rspec, "ruby") == Category::deterministic);
  // The same rule still counts where the failure itself names the cause.
  CHECK(classify("  1) Client fetches the feed\n     Failure/Error: client.fetch\n     Net::ReadTimeout:\n"
                 "       Net::ReadTimeout with #<TCPSocket:(closed)>\n",
                 "ruby") == Category::timeout);
}

TEST_CASE("a programming error's message names code, not an event") {
  // RSpec prints the exception on one line and its message on the next.
  CHECK(classify("     Failure/Error: stub_request(:get, uri).to_raise(error)\n\n     NoMethodError:\n"
                 "       undefined method `to_ary' for Faraday::TimeoutError:Class\n",
                 "ruby") == Category::deterministic);
  // The headline message belongs to the headline exception.
  CHECK(engine().classify({"(no backtrace)", "NoMethodError",
                           "undefined method `to_ary' for Faraday::TimeoutError:Class", Language::ruby})
            .category == Category::deterministic);
  // A list header is not an exception: the next line stays evidence.
  CHECK(classify("The following tests FAILED:\n\t1430 - cgal_minkowski3-difference-test (Timeout)\n",
                 "c++") == Category::timeout);
}

TEST_CASE("the runner's exception type counts as evidence") {
  const auto verdict = engine().classify({"(no traceback captured)", "ConnectionResetError", "", Language::any});
  CHECK(verdict.category == Category::flaky_network);
}

TEST_CASE("language hints exclude rules written for another language") {
  const char* trace = "ReadTimeout while talking to the cache";
  CHECK(classify(trace, "python") == Category::timeout);
  CHECK(classify(trace, "go") != Category::timeout);
}

TEST_CASE("nothing recognisable is unknown") {
  const auto verdict = engine().classify({"the build printed nothing useful", "", "", Language::any});
  CHECK(verdict.category == Category::unknown);
  CHECK(verdict.rule == nullptr);
  CHECK(engine().classify({"", "", "", Language::any}).category == Category::unknown);
}

TEST_CASE("every match is reported, best first, with its span") {
  const std::string trace = "E   AssertionError: connection reset was expected";
  const auto verdict = engine().classify({trace, "", "", Language::any});
  REQUIRE(verdict.hits.size() >= 2);
  CHECK(verdict.hits.front().rule->id == "det.assertion");
  for (std::size_t i = 1; i < verdict.hits.size(); ++i) {
    CHECK(verdict.hits[i - 1].score >= verdict.hits[i].score);
  }
  const auto& best = verdict.hits.front();
  CHECK(trace.substr(best.begin, best.end - best.begin) == "AssertionError");
}

TEST_CASE("invalid UTF-8 and NUL bytes never stop a match") {
  std::string trace = "\xff\xfe garbage \x80\x81";
  trace.push_back('\0');
  trace += "\nConnectionResetError: [Errno 104] Connection reset by peer \xc3\x28";
  CHECK(classify(trace) == Category::flaky_network);
}

TEST_CASE("a bad rule is reported with its id and the position of the fault") {
  auto rules = builtin_rules();
  rules.push_back(Rule{"acme.broken", Category::timeout, "ok|(unclosed", 0.9, 0, "broken", {}, true, false});
  const auto compiled = RuleEngine::compile(rules);
  REQUIRE_FALSE(compiled.has_value());
  CHECK(compiled.error().rule_id == "acme.broken");
  CHECK(compiled.error().message.find("missing )") != std::string::npos);

  auto escape = builtin_rules();
  escape.push_back(Rule{"acme.escape", Category::timeout, R"(ok|\q)", 0.9, 0, "", {}, true, false});
  const auto bad_escape = RuleEngine::compile(escape);
  REQUIRE_FALSE(bad_escape.has_value());
  CHECK(bad_escape.error().message.find("invalid escape") != std::string::npos);
  CHECK(bad_escape.error().message.find("at byte 3") != std::string::npos);

  auto out_of_range = builtin_rules();
  out_of_range.push_back(Rule{"acme.sure", Category::timeout, "x", 1.5, 0, "", {}, true, false});
  const auto rejected = RuleEngine::compile(out_of_range);
  REQUIRE_FALSE(rejected.has_value());
  CHECK(rejected.error().rule_id == "acme.sure");
}

TEST_CASE("merge_rules overrides by id and appends new rules") {
  Rule replacement{"net.connection-reset", Category::infrastructure, "reset", 0.9, 0, "custom", {}, true, false};
  Rule extra{"acme.db", Category::infrastructure, "AcmeDbDown", 0.9, 0, "acme db down", {}, true, false};
  const auto merged = merge_rules(builtin_rules(), {replacement, extra});
  CHECK(merged.size() == builtin_rules().size() + 1);
  const auto compiled = RuleEngine::compile(merged);
  REQUIRE(compiled.has_value());
  CHECK(compiled->classify({"AcmeDbDown: primary unavailable", "", "", Language::any}).category ==
        Category::infrastructure);
  CHECK(compiled->pack_digest() != RuleEngine::compile(builtin_rules())->pack_digest());
}
