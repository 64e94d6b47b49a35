// The built-in pack on failures written for these tests (not the evaluation corpus): every
// category, every language family, and the root-cause rules for exception chains.
#include <doctest/doctest.h>

#include <algorithm>
#include <span>
#include <string>

#include "heuristics/rule_engine.hpp"
#include "shared_core.hpp"

using namespace flakyd::heuristics;

namespace {

// The built-in pack, compiled once for the whole test binary.
const RuleEngine& engine() { return flakyd::testing::shared_core().rules; }

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
  // A connection to another host that timed out is the network's (net.timed-out), not a slow test.
  {"python", Category::flaky_network, "OSError: [Errno 110] Connection timed out"},
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
  // Go's table tests name the wanted error "wantErr" (the gotests template).
  CHECK(classify("    store_test.go:64: Claim() error = <nil>, wantErr \"database is locked\"\n"
                 "--- FAIL: TestClaimBusy (0.00s)",
                 "go") == Category::deterministic);
  CHECK(classify("    store_test.go:64: Claim() error = database is locked, wantErr <nil>\n"
                 "--- FAIL: TestClaimBusy (0.00s)",
                 "go") == Category::concurrency);
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

// clang-format off
const Example k_names[] = {
  // pytest's short summary: the node id is a name, the text after " - " is the failure's message.
  {"python", Category::deterministic,
     "FAILED tests/test_client.py::test_retries_on_ConnectionResetError - assert 2 == 3\n"},
  {"python", Category::flaky_network,
     "FAILED tests/test_client.py::test_fetch - ConnectionResetError: [Errno 104] Connection "
     "reset by peer\n"},
  {"python", Category::deterministic,
     "tests/test_client.py::test_ConnectionResetError FAILED\nE   assert 2 == 3\n"},
  // RSpec's rerun list, unittest's header, Minitest's header.
  {"ruby", Category::deterministic,
     "Failures:\n\n  1) Client retries\n     Failure/Error: expect(client.calls).to eq(3)\n\n"
     "Failed examples:\n\nrspec ./spec/client_spec.rb:12 # Client retries on Net::ReadTimeout\n"},
  {"python", Category::deterministic,
     "FAIL: test_gives_up_on_TimeoutError (tests.test_client.ClientTest)\n"
     "----------------------------------------------------------------------\n"
     "Traceback (most recent call last):\n  File \"tests/test_client.py\", line 9, in test\n"
     "    self.assertEqual(calls, 3)\n"},
  {"ruby", Category::deterministic,
     "  1) Failure:\nClientTest#test_retries_on_Errno::ECONNRESET [test/client_test.rb:12]:\n"
     "Expected: 3\n  Actual: 2\n"},
  // dotnet test and Dart's compact reporter.
  {"c#", Category::deterministic,
     "  Failed Client.Tests.Retries_On_SocketException_ECONNRESET [12 ms]\n  Error Message:\n"
     "   Expected 3 calls but found 2\n"},
  {"dart", Category::deterministic,
     "00:02 +3 -1: client gives up after ECONNRESET [E]\n  Expected: <3>\n    Actual: <2>\n"},
  // Surefire's class lines: "Running <class>" and the class summary "... <<< FAILURE! - in <class>".
  {"java", Category::deterministic,
     "[INFO] Running com.acme.SocketTimeoutExceptionMappingTest\n"
     "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.1 s <<< FAILURE! - in "
     "com.acme.SocketTimeoutExceptionMappingTest\n"
     "org.opentest4j.AssertionFailedError: expected: <504> but was: <500>\n"},
  {"java", Category::timeout,
     "[ERROR] Tests run: 3, Failures: 0, Errors: 1, Skipped: 0, Time elapsed: 30.1 s <<< FAILURE! -- in "
     "com.acme.ClientTest\njava.net.SocketTimeoutException: Read timed out\n"},
  // TAP's "not ok N - <name>" and node:test's spec reporter's cross.
  {"javascript", Category::deterministic,
     "not ok 1 - retries on ECONNRESET\n  ---\n  operator: equal\n  expected: 3\n  actual:   1\n  ...\n"},
  {"javascript", Category::deterministic,
     "\u2716 retries on ECONNRESET (1.2ms)\n  AssertionError [ERR_ASSERTION]: Expected values to be "
     "strictly equal:\n\n  1 !== 3\n"},
  {"javascript", Category::flaky_network,
     "\u2716 fetches the feed (31.2ms)\n  Error: read ECONNRESET\n      at TLSWrap.onStreamRead "
     "(node:internal/stream_base_commons:217:20)\n"},
  // Maven Surefire (JUnit 4 and 5), its summary, and the JUnit console launcher.
  {"java", Category::deterministic,
     "[ERROR] retriesOnSocketTimeoutException(com.acme.ClientTest)  Time elapsed: 0.012 s  <<< FAILURE!\n"
     "java.lang.AssertionError: expected:<3> but was:<2>\n\tat org.junit.Assert.fail(Assert.java:89)\n"
     "[ERROR] Failures: \n[ERROR]   ClientTest.retriesOnSocketTimeoutException:42 expected:<3> but was:<2>\n"},
  {"java", Category::deterministic,
     "[ERROR] com.acme.ClientTest.retriesOnSocketTimeoutException  Time elapsed: 0.012 s  <<< FAILURE!\n"
     "org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n"},
  {"java", Category::deterministic,
     "Failures (1):\n  JUnit Jupiter:ClientTest:retriesOnSocketTimeoutException()\n"
     "    MethodSource [className = 'com.acme.ClientTest', methodName = 'retriesOnSocketTimeoutException']\n"
     "    => org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n"},
  {"java", Category::timeout,
     "[ERROR]   ClientTest.fetch:42 \u00bb SocketTimeout Read timed out\n"},
  // Playwright's failure mark names the test; esbuild's prints an error.
  {"typescript", Category::deterministic,
     "  \u2718  1 [chromium] \u203a client.spec.ts:3:5 \u203a retries on ECONNRESET (5.0s)\n"
     "    Error: expect(received).toBe(expected)\n"},
  {"", Category::flaky_network,
     "\u2718 [ERROR] Failed to fetch https://registry.example.org/pkg: ECONNRESET\n"},
  // Swift Testing prints the issue after the name on the same line; cargo names a test's output.
  {"swift", Category::deterministic,
     "\u2718 Test retriesOnURLErrorTimedOut() recorded an issue at ClientTests.swift:12:5: "
     "Expectation failed: (calls \u2192 2) == 3\n"},
  {"rust", Category::deterministic,
     "---- tests::maps_ConnectionResetError stdout ----\n"
     "assertion failed: mapped.is_retryable()\n"},
  // Jest's and Go's file or package lines name what ran.
  {"javascript", Category::deterministic,
     " FAIL  test/retry-on-ECONNRESET.test.js (5.2 s)\n  \u25cf retries\n\n"
     "    expect(received).toBe(expected)\n"},
  {"go", Category::deterministic,
     "    parse_test.go:9: got 2, want 3\nFAIL\nFAIL\texample.com/client/ECONNRESET\t0.012s\n"},
  // A line that merely starts like a name is still evidence.
  {"", Category::flaky_network,
     "Failed to fetch https://registry.example.org: ECONNRESET\n"},
};

const Example k_loopback[] = {
  {"go", Category::concurrency,
     "--- FAIL: TestReload (8.42s)\n    router_test.go:14: Get http://0.0.0.0: dial tcp 0.0.0.0:80: "
     "getsockopt: connection reset by peer\nFAIL\n"},
  {"rust", Category::concurrency,
     "stderr: unable to connect to 127.0.0.1:4545 Connection refused\n"
     "thread 'main' panicked at 'Unexpected exit code: Some(1)', src/lib.rs:18:5\n"},
  // The same words about a remote host keep their transport categories.
  {"go", Category::flaky_network,
     "    client_test.go:8: read tcp 10.1.0.4:51234->140.82.112.3:443: read: connection reset by peer"},
  {"javascript", Category::infrastructure,
     "Error: connect ECONNREFUSED 10.0.0.7:5432\n    at TCPConnectWrap.afterConnect"},
  // A recognised assertion whose observed value is a local refusal stays the assertion.
  {"go", Category::deterministic,
     "--- FAIL: TestDial (0.00s)\n    dial_test.go:9:\n\tError:      \tReceived unexpected error:\n"
     "\t            \tactual(dial tcp 127.0.0.1:31193: connect: connection refused) != expected(EOF)\n"},
};

const Example k_download[] = {
  {"python", Category::flaky_network,
     "#10 18.23 pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool("
     "host='files.pythonhosted.org', port=443): Read timed out.\n"},
  {"java", Category::flaky_network,
     "> Could not resolve all files for configuration ':classpath'.\n"
     "   > Could not GET 'https://plugins.gradle.org/m2/a/b/1.0/b-1.0.pom'.\n"
     "      > Read timed out\n"},
  {"python", Category::timeout,
     "E   requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.internal', port=443): "
     "Read timed out. (read timeout=5)"},
};

const Example k_flags[] = {
  {"java", Category::deterministic,
     "Starting a Gradle Daemon\nDaemon JVM args: -Xmx2g -XX:MaxMetaspaceSize=512m "
     "-XX:+HeapDumpOnOutOfMemoryError\n> Task :app:compileJava FAILED\n"
     "src/main/java/App.java:12: error: cannot find symbol\n"},
  {"java", Category::resource_exhaustion,
     "Caused by: java.lang.OutOfMemoryError: Metaspace\n"},
};

const Example k_eof[] = {
  {"go", Category::deterministic,
     "    parse_test.go:12: decode fixture: unexpected EOF\n--- FAIL: TestParse (0.00s)\n"},
  {"", Category::deterministic,
     "deploy.sh: line 3: unexpected EOF while looking for matching `\"'\n"
     "deploy.sh: line 5: syntax error: unexpected end of file\n"},
  {"", Category::deterministic,
     "yes: standard output: Broken pipe\nsrc/app.c:3:10: error: unknown type name 'foo'\n"},
  {"go", Category::flaky_network,
     "go: downloading example.com/mod v1.2.0\nGet \"https://proxy.golang.org/example.com/mod/@v/"
     "v1.2.0.zip\": unexpected EOF\n"},
  {"go", Category::flaky_network,
     "write tcp 10.0.0.2:5000->10.0.0.3:443: write: broken pipe"},
};

const Example k_source[] = {
  // pytest lists the failing function; its E lines stay evidence.
  {"python", Category::deterministic,
     "    def test_fetch_retries():\n"
     "        session = FakeSession(fail_with=ConnectionResetError(\"Connection reset by peer\"))\n"
     ">       assert client.fetch(\"/x\") == {\"ok\": True}\n"
     "E       AssertionError: assert None == {'ok': True}\n\ntests/test_client.py:14: AssertionError\n"},
  {"python", Category::flaky_network,
     "    def fetch(self):\n>       return self.sock.recv(4096)\n"
     "E       ConnectionResetError: [Errno 104] Connection reset by peer\n\nclient.py:12: ConnectionResetError\n"},
  // A Python traceback's source line.
  {"python", Category::deterministic,
     "Traceback (most recent call last):\n  File \"tests/test_health.py\", line 22, in test_health\n"
     "    with mock.patch(\"socket.create_connection\", side_effect=ConnectionResetError()):\n"
     "KeyError: 'status'\n"},
  // Jest's code frame.
  {"javascript", Category::deterministic,
     "  \u25cf client \u203a gives up after retries\n\n    expect(received).toBe(expected)\n\n"
     "    Expected: 3\n    Received: 2\n\n"
     "      11 |     nock('http://api').get('/x').replyWithError({ code: 'ECONNRESET' });\n"
     "    > 12 |     expect(await client.attempts()).toBe(3);\n"
     "      at Object.<anonymous> (test/client.test.js:12:37)\n"},
  // A stack frame names code: a test method named after an exception is no such exception.
  {"java", Category::deterministic,
     "org.opentest4j.AssertionFailedError: expected: <3> but was: <2>\n"
     "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:55)\n"
     "\tat com.acme.ClientTest.retriesOnSocketTimeoutException(ClientTest.java:42)\n"},
  {"java", Category::timeout,
     "java.net.SocketTimeoutException: Read timed out\n"
     "\tat com.acme.ClientTest.fetchesTheFeed(ClientTest.java:42)\n"},
  {"c#", Category::deterministic,
     "System.InvalidOperationException : Sequence contains no elements\n"
     "   at Acme.Tests.ClientTests.Retries_On_TimeoutException() in /src/ClientTests.cs:line 42\n"},
  {"python", Category::deterministic,
     "Traceback (most recent call last):\n  File \"tests/test_client.py\", line 42, in test_retries_on_ConnectionResetError\n"
     "    self.assertEqual(client.attempts, 3)\nAssertionError: 2 != 3\n"},
  {"ruby", Category::deterministic,
     "  1) Client retries\n     Failure/Error: expect(client.attempts).to eq(3)\n\n       expected: 3\n            got: 2\n"
     "     # ./lib/client.rb:40:in `rescue in retry_on_Net::ReadTimeout'\n"},
  // Gradle's task lines are no pytest marker.
  {"java", Category::flaky_network,
     "E  unrelated\n    Could not GET 'https://repo.example.org/a.pom'. Connection reset\n> Task :app:test\n"},
};

// The failing expression a runner quotes above its values, and the expected side of a diff whose
// header names the sign: each shape once with the transient words quoted (deterministic) and once
// where the same words are what happened.
const Example k_runner_quotes[] = {
  // RSpec quotes the failing line after "Failure/Error:"; an error it raised follows on its own line.
  {"ruby", Category::deterministic,
     "  1) Client#get raises on a slow server\n"
     "     Failure/Error: expect { client.get('/') }.to raise_error(Net::ReadTimeout)\n"
     "       expected Net::ReadTimeout but nothing was raised\n"},
  {"ruby", Category::timeout,
     "  1) Client#get fetches the feed\n     Failure/Error: client.get('/')\n\n     Net::ReadTimeout:\n"
     "       Net::ReadTimeout with #<TCPSocket:(closed)>\n"},
  // ExUnit's "code:" line.
  {"elixir", Category::deterministic,
     "  1) test maps a reset (MyApp.ClientTest)\n     test/client_test.exs:12\n     Assertion with == failed\n"
     "     code:  assert Client.get(url) == {:error, \"connection reset by peer\"}\n"
     "     left:  {:ok, %{status: 200}}\n     right: {:error, \"unexpected status\"}\n"},
  {"elixir", Category::flaky_network,
     "  1) test maps a reset (MyApp.ClientTest)\n     test/client_test.exs:12\n     Assertion with == failed\n"
     "     code:  assert Client.get(url) == {:ok, 200}\n"
     "     left:  {:error, \"connection reset by peer\"}\n     right: {:ok, 200}\n"},
  // GoogleTest's compared expressions and "Value of:"; their values ("Which is:") are not quoted.
  {"c++", Category::deterministic,
     "[ RUN      ] ClientTest.Deadline\nclient_test.cc:42: Failure\nExpected equality of these values:\n"
     "  status.error_code()\n    Which is: 14\n  grpc::StatusCode::DEADLINE_EXCEEDED\n    Which is: 4\n"
     "[  FAILED  ] ClientTest.Deadline (3 ms)\n"},
  {"c++", Category::timeout,
     "[ RUN      ] ClientTest.Deadline\nclient_test.cc:42: Failure\nExpected equality of these values:\n"
     "  status.error_code()\n    Which is: DEADLINE_EXCEEDED\n  grpc::StatusCode::OK\n    Which is: OK\n"
     "[  FAILED  ] ClientTest.Deadline (3 ms)\n"},
  {"c++", Category::deterministic,
     "[ RUN      ] Pool.Acquire\npool_test.cc:17: Failure\nValue of: pool.Acquire(\"ETIMEDOUT\")\n"
     "  Actual: false\nExpected: true\n[  FAILED  ] Pool.Acquire (0 ms)\n"},
  // Catch2's macro line, then its expansion.
  {"c++", Category::deterministic,
     "/src/test/client.cpp:42: FAILED:\n  REQUIRE( client.connect() != ETIMEDOUT )\nwith expansion:\n  0 != 110\n"},
  // Jest: "- Expected" marks the expected side with "-".
  {"javascript", Category::deterministic,
     "  \u25cf client \u203a maps errors\n\n    expect(received).toEqual(expected) // deep equality\n\n"
     "    - Expected  - 1\n    + Received  + 1\n\n      Object {\n"
     "    -   \"code\": \"ECONNRESET\",\n    +   \"code\": \"EINVAL_MAPPED\",\n      }\n"},
  {"javascript", Category::flaky_network,
     "  \u25cf client \u203a maps errors\n\n    expect(received).toEqual(expected) // deep equality\n\n"
     "    - Expected  - 1\n    + Received  + 1\n\n      Object {\n"
     "    -   \"code\": \"EINVAL_MAPPED\",\n    +   \"code\": \"ECONNRESET\",\n      }\n"},
  // A Jest asymmetric matcher prints only what the test wanted, even where the diff's header was cut.
  {"javascript", Category::deterministic,
     "    -   \"message\": StringMatching /request failed, reason: connect ECONNREFUSED 127.0.0.1:443/,\n"
     "    +   \"message\": \"request failed, reason: \",\n"},
  {"javascript", Category::flaky_network,
     "    -   \"message\": StringContaining \"invalid token\",\n"
     "    +   \"message\": \"request failed, reason: read ECONNRESET\",\n"},
  // Mocha and Chai: "+ expected - actual" marks it with "+"; Node's assert: "+ actual - expected".
  {"javascript", Category::deterministic,
     "  1) client maps the error code:\n\n      AssertionError: expected 'EINVAL' to equal 'ECONNRESET'\n"
     "      + expected - actual\n\n      -EINVAL\n      +ECONNRESET\n"},
  {"javascript", Category::flaky_network,
     "  1) client maps the error code:\n\n      AssertionError: expected values to be equal\n"
     "      + expected - actual\n\n      -ECONNRESET\n      +EINVAL\n"},
  {"javascript", Category::deterministic,
     "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n+ actual - expected\n\n"
     "+ 'EINVAL'\n- 'ECONNRESET'\n"},
  // PHPUnit: "--- Expected" / "+++ Actual".
  {"php", Category::deterministic,
     "1) Tests\\ClientTest::testMessage\nFailed asserting that two strings are identical.\n--- Expected\n+++ Actual\n"
     "@@ @@\n-'Connection timed out'\n+'Operation failed'\n\n/app/tests/ClientTest.php:42\n"},
  {"php", Category::flaky_network,
     "1) Tests\\ClientTest::testMessage\nFailed asserting that two strings are identical.\n--- Expected\n+++ Actual\n"
     "@@ @@\n-'Operation failed'\n+'Connection timed out'\n\n/app/tests/ClientTest.php:42\n"},
  // xUnit's and MSTest's result lines name the test.
  {"c#", Category::deterministic,
     "[xUnit.net 00:00:01.20]     Tests.Client.Retries_On_ConnectionResetError [FAIL]\n"
     "  Assert.Equal() Failure\n  Expected: 3\n  Actual:   2\n"},
  {"c#", Category::deterministic,
     "  Failed   Tests.Client.Retries_On_ConnectionResetError [12 ms]\n  Error Message:\n"
     "   Assert.AreEqual failed. Expected:<3>. Actual:<2>.\n"},
  // Catch2 names the test case and its sections between rules of dashes, above file:line and dots.
  {"c++", Category::deterministic,
     "-------------------------------------------------------------------------------\n"
     "Client gives up on ECONNRESET\n  Given: a server that resets every connection\n"
     "-------------------------------------------------------------------------------\n"
     "/src/test/client.cpp:12\n"
     "...............................................................................\n\n"
     "/src/test/client.cpp:20: FAILED:\n  CHECK( attempts == 3 )\nwith expansion:\n  1 == 3\n"},
  {"c++", Category::flaky_network,
     "-------------------------------------------------------------------------------\n"
     "Client reads the feed\n"
     "-------------------------------------------------------------------------------\n"
     "/src/test/client.cpp:12\n"
     "...............................................................................\n\n"
     "/src/test/client.cpp:20: FAILED:\ndue to unexpected exception with message:\n  read: ECONNRESET\n"},
  // Playwright's web-first assertion that saw a wrong value until its timeout is a wrong value; its
  // call log's "waiting for locator" steps are printed for every failure. No element at all is a
  // wait, and so is an action that ran out of time.
  {"typescript", Category::deterministic,
     "    Error: Timed out 5000ms waiting for expect(locator).toHaveText(expected)\n\n"
     "    Locator: locator('h1')\n    Expected string: \"Hello, Ada\"\n    Received string: \"Hello, undefined\"\n"
     "    Call log:\n      - expect.toHaveText with timeout 5000ms\n      - waiting for locator('h1')\n"},
  {"typescript", Category::deterministic,
     "    Error: expect(locator).toHaveText(expected) failed\n\n    Locator: locator('h1')\n"
     "    Expected: \"Hello, Ada\"\n    Received: \"Hello, undefined\"\n    Timeout: 5000ms\n\n"
     "    Call log:\n      - Expect \"toHaveText\" with timeout 5000ms\n      - waiting for locator('h1')\n"},
  {"typescript", Category::timeout,
     "    Error: Timed out 5000ms waiting for expect(locator).toBeVisible()\n\n    Locator: getByRole('dialog')\n"
     "    Expected: visible\n    Received: <element(s) not found>\n    Call log:\n"
     "      - expect.toBeVisible with timeout 5000ms\n      - waiting for getByRole('dialog')\n"},
  {"typescript", Category::timeout,
     "TimeoutError: locator.click: Timeout 30000ms exceeded.\nCall log:\n  - waiting for getByRole('button')\n"},
  // AssertJ: the lines under "to contain:" are the expected side, those under "Expecting actual:" observed.
  {"java", Category::deterministic,
     "java.lang.AssertionError: \nExpecting actual:\n  \"ok\"\nto contain:\n  \"Connection reset\"\n"
     "\tat com.acme.ClientTest.maps(ClientTest.java:42)\n"},
  {"java", Category::flaky_network,
     "java.lang.AssertionError: \nExpecting actual:\n  \"Connection reset\"\nto contain:\n  \"ok\"\n"
     "\tat com.acme.ClientTest.maps(ClientTest.java:42)\n"},
  // Without a header a diff line's side is unknown: it stays evidence.
  {"", Category::flaky_network, "Call log:\n  - read ECONNRESET while waiting for the page\n"},
  // Mocha's title runs over lines, suite then test, the last ending in ":".
  {"javascript", Category::deterministic,
     "  1) client\n       retries on ECONNRESET:\n     AssertionError: expected 2 to equal 3\n"
     "      at Context.<anonymous> (test/client.test.js:12:5)\n"},
  {"javascript", Category::flaky_network,
     "  1) client\n       fetches the feed:\n     Error: read ECONNRESET\n"
     "      at TCP.onStreamRead (node:internal/stream_base_commons:217:20)\n"},
  // GoogleTest pads its status column ("[  FAILED  ] Suite.Test"): a title. Ginkgo's unpadded
  // "[FAILED] <message>" opens the failure's own message.
  {"cpp", Category::deterministic,
     "[ RUN      ] Client.RetriesOnConnectionRefused\nclient_test.cc:12: Failure\nExpected: 3\n  Actual: 1\n"
     "[  FAILED  ] Client.RetriesOnConnectionRefused (3 ms)\n"},
  {"go", Category::infrastructure,
     "  [FAILED] Get \"https://proxy.golang.org/x/@v/list\": dial tcp 142.250.74.17:443: connect: connection refused\n"
     "  In [It] at: /src/e2e/fetch_test.go:41\n"},
};
// clang-format on

namespace {

// Each example classified as its category; the trace names the failing example.
void check_examples(std::span<const Example> examples) {
  for (const auto& example : examples) {
    const std::string trace = example.trace;  // a const char* would be captured as its address
    CAPTURE(trace);
    CHECK(classify(example.trace, example.language) == example.expected);
  }
}

}  // namespace

TEST_CASE("runners that print a test's name before other text: the name is quoted, the rest is not") { check_examples(k_names); }

TEST_CASE("a reset or refusal at the loopback address is the test's own server racing it") { check_examples(k_loopback); }

TEST_CASE("a registry download that timed out in transit is a network blip, a read deadline in code is a timeout") { check_examples(k_download); }

TEST_CASE("a JVM flag named after an error is configuration, not the error") { check_examples(k_flags); }

TEST_CASE("an end of input is a transport event only on a connection") { check_examples(k_eof); }

TEST_CASE("source code a runner prints next to a failure is code, not an event") { check_examples(k_source); }

TEST_CASE("a runner's quoted expression and a diff's expected side are not evidence, the observed side is") {
  check_examples(k_runner_quotes);
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

TEST_CASE("an exception type the runner reported is a failure anyone can read") {
  // Its own field, with a message no rule knows: a defect, not unknown.
  CHECK(classify("tests/test_db.py (3 of 13 tests) -- relation \"products\" is absent", "python",
                 "psycopg2.errors.UndefinedTable") == Category::deterministic);
  // The same words inside a trace are no type name on their own.
  CHECK(classify("psycopg2.errors.UndefinedTable relation products is absent", "python") == Category::unknown);
  // Transient evidence beside it still wins.
  CHECK(classify("Connection reset by peer", "python", "psycopg2.OperationalError") == Category::flaky_network);
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

namespace {
// A rule a test adds to the pack: the fields a rule file sets, the rest at their defaults.
Rule made_rule(std::string id, Category category, std::string pattern, double confidence, std::string reason = "") {
  Rule rule;
  rule.id = std::move(id);
  rule.category = category;
  rule.pattern = std::move(pattern);
  rule.confidence = confidence;
  rule.reason = std::move(reason);
  return rule;
}
}  // namespace

TEST_CASE("a bad rule is reported with its id and the position of the fault") {
  auto rules = builtin_rules();
  rules.push_back(made_rule("acme.broken", Category::timeout, "ok|(unclosed", 0.9, "broken"));
  const auto compiled = RuleEngine::compile(rules);
  REQUIRE_FALSE(compiled.has_value());
  CHECK(compiled.error().rule_id == "acme.broken");
  CHECK(compiled.error().message.find("missing )") != std::string::npos);

  auto escape = builtin_rules();
  escape.push_back(made_rule("acme.escape", Category::timeout, R"(ok|\q)", 0.9));
  const auto bad_escape = RuleEngine::compile(escape);
  REQUIRE_FALSE(bad_escape.has_value());
  CHECK(bad_escape.error().message.find("invalid escape") != std::string::npos);
  CHECK(bad_escape.error().message.find("at byte 3") != std::string::npos);

  auto out_of_range = builtin_rules();
  out_of_range.push_back(made_rule("acme.sure", Category::timeout, "x", 1.5));
  const auto rejected = RuleEngine::compile(out_of_range);
  REQUIRE_FALSE(rejected.has_value());
  CHECK(rejected.error().rule_id == "acme.sure");
}

TEST_CASE("merge_rules overrides by id and appends new rules") {
  Rule replacement = made_rule("net.connection-reset", Category::infrastructure, "reset", 0.9, "custom");
  Rule extra = made_rule("acme.db", Category::infrastructure, "AcmeDbDown", 0.9, "acme db down");
  const auto merged = merge_rules(builtin_rules(), {replacement, extra});
  CHECK(merged.size() == builtin_rules().size() + 1);
  const auto compiled = RuleEngine::compile(merged);
  REQUIRE(compiled.has_value());
  CHECK(compiled->classify({"AcmeDbDown: primary unavailable", "", "", Language::any}).category ==
        Category::infrastructure);
  CHECK(compiled->pack_digest() != RuleEngine::compile(builtin_rules())->pack_digest());
}

namespace {

const Hit* hit_of(const Verdict& verdict, std::string_view rule_id) {
  const auto found = std::find_if(verdict.hits.begin(), verdict.hits.end(),
                                  [&](const Hit& hit) { return hit.rule->id == rule_id; });
  return found == verdict.hits.end() ? nullptr : &*found;
}

Verdict explain(std::string_view trace, std::string_view language = "") {
  FailureText failure{trace, "", "", parse_language(language)};
  failure.want_spans = true;
  return engine().classify(failure);
}

}  // namespace

TEST_CASE("a CI runner's step-exit line is the frame of a failure, never its root cause") {
  // cargo's chain ends in a transient cause; GitHub's step line follows it. Before the runner's
  // line was a frame it sat inside the last "Caused by:" segment and outranked the chain.
  const auto chained = explain(
      "warning: spurious network error (2 tries remaining): SecureTransport error: connection closed via error; class=Net (12)\n"
      "error: failed to get `version-sync` as a dependency of package `x v0.1.0`\n\n"
      "Caused by:\n  failed to load source for dependency `version-sync`\n\n"
      "Caused by:\n  network failure seems to have happened\n"
      "  if a proxy or similar is necessary `net.git-fetch-with-cli` may help here\n\n"
      "Caused by:\n  SecureTransport error: connection closed via error; class=Net (12)\n"
      "Error: Process completed with exit code 101.");
  CHECK(chained.category == Category::flaky_network);
  const Hit* step = hit_of(chained, "ci.step-failed");
  REQUIRE(step != nullptr);
  CHECK_FALSE(step->in_root_cause);
  CHECK(step->score < chained.hits.front().score);

  // Without a chain the same: a cause the step printed outranks the runner's line...
  CHECK(classify("Err:12 http://archive.ubuntu.com/ubuntu jammy/main amd64 libssl3\n"
                 "  Could not connect to archive.ubuntu.com:80 (91.189.91.38), connection timed out\n"
                 "make: *** [Makefile:12: deps] Error 100\nERROR: Job failed: exit code 1") != Category::deterministic);
  // ...and alone, or after a defect, it still stops.
  CHECK(classify("+ ./scripts/check.sh\nError: Process completed with exit code 1.") == Category::deterministic);
  CHECK(classify("Caused by:\n  TOML parse error at line 9, column 11\n  invalid string\n"
                 "Error: Process completed with exit code 101.") == Category::deterministic);
}

TEST_CASE("a cause named only on a tool's own retry warning yields to the error the step failed with") {
  // pip retried past a timeout, then the index said the project does not exist: a real 404.
  const auto missing = explain(
      "Collecting acme-internal-sdk==9.9.9\n"
      "  WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by "
      "'ReadTimeoutError(\"HTTPSConnectionPool(host='pypi.org', port=443): Read timed out. (read timeout=15)\")': /simple/acme-internal-sdk/\n"
      "  ERROR: HTTP error 404 while getting https://pypi.org/simple/acme-internal-sdk/\n"
      "Error: Process completed with exit code 1.",
      "python");
  CHECK(missing.category == Category::deterministic);
  for (const Hit& hit : missing.hits) {
    if (hit.rule->category != Category::deterministic) CHECK_FALSE(hit.in_root_cause);
  }
  // cargo retried, then the compiler failed: the compile error is the root.
  CHECK(classify("warning: spurious network error (2 tries remaining): [7] Couldn't connect to server (Failed to connect to "
                 "index.crates.io port 443 after 2 ms: Connection refused)\n"
                 "error[E0425]: cannot find value `timeout` in this scope\n  --> src/net.rs:12:20\n"
                 "error: could not compile `app` (lib) due to 1 previous error",
                 "rust") == Category::deterministic);
  // npm retried, then the registry said the package is not there.
  CHECK(classify("npm WARN retry will retry, error on last attempt: Error: socket hang up\n"
                 "npm ERR! code E404\nnpm ERR! 404  '@acme/net-retryy@^1.0.0' is not in this registry.") ==
        Category::deterministic);

  // When the final error repeats the cause, the hit moves to it and keeps full weight.
  const auto repeated = explain(
      "Retrying fetcher due to error (2/4): Bundler::HTTPError Could not fetch specs from https://rubygems.org/ due to "
      "underlying error <Errno::ECONNRESET: Connection reset by peer - SSL_connect>\n"
      "Could not fetch specs from https://rubygems.org/ due to underlying error <Errno::ECONNRESET: Connection reset by "
      "peer - SSL_connect>\nError: Process completed with exit code 17.",
      "ruby");
  CHECK(repeated.category == Category::flaky_network);
  REQUIRE_FALSE(repeated.hits.empty());
  CHECK(repeated.hits.front().in_root_cause);
  CHECK(repeated.hits.front().begin > std::string_view("Retrying fetcher").size() + 100);
  // Only retry warnings left: the tool retried until it gave up on a generic error, and the
  // cause it retried on still outranks the runner's step line.
  CHECK(classify("Warning: Attempt 1 failed. Reason: read tcp 10.1.0.5:48222->140.82.112.4:443: read: connection reset by peer\n"
                 "Warning: Attempt 2 failed. Reason: read tcp 10.1.0.5:48240->140.82.112.4:443: read: connection reset by peer\n"
                 "Error: Process completed with exit code 1.") == Category::flaky_network);
}

TEST_CASE("a rule written for a retry log's own words keeps its weight on that line") {
  // Playwright's call log says why it kept retrying until the deadline: the element re-rendered.
  const auto race = explain(
      "TimeoutError: locator.click: Timeout 60000ms exceeded.\nCall log:\n"
      "  - waiting for getByTestId('hover-button')\n  - element was detached from the DOM, retrying\n",
      "typescript");
  const Hit* log = hit_of(race, "conc.playwright-actionability");
  REQUIRE(log != nullptr);
  CHECK(log->in_root_cause);
  CHECK(log->score == doctest::Approx(log->rule->confidence));
}
