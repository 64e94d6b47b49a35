// Failure anatomy per ecosystem (issue 13): for each runner, a failure in the shape its
// documentation prints, the category flakyd must name, and the root-cause text the result's
// reason must quote. A runner's failure marker ("--- FAIL:", "FAILED", "●", "Failure/Error:")
// says only that a test failed: the reason must name what failed, in the runner's words.
#include <doctest/doctest.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "engine/classifier.hpp"
#include "shared_core.hpp"

using namespace flakyd;
using heuristics::Action;
using heuristics::Category;

namespace {

struct AnatomyRow {
  std::string_view runner;
  std::string_view language;
  std::string_view trace;
  Category category;
  std::string_view root_cause;  // the reason must contain it
};

// Each text is written from the runner's documented output format (not copied from a tracker).
constexpr AnatomyRow k_rows[] = {
    {"pytest", "python",
     "_________________________________ test_total _________________________________\n\n"
     "    def test_total():\n>       assert total([1, 2]) == 4\nE       assert 3 == 4\n"
     "E        +  where 3 = total([1, 2])\n\ntests/test_cart.py:7: AssertionError\n"
     "=========================== short test summary info ============================\n"
     "FAILED tests/test_cart.py::test_total - assert 3 == 4\n",
     Category::deterministic, "assert 3 == 4"},
    {"unittest", "python",
     "======================================================================\n"
     "FAIL: test_total (test_cart.CartTest.test_total)\n"
     "----------------------------------------------------------------------\n"
     "Traceback (most recent call last):\n  File \"/src/test_cart.py\", line 9, in test_total\n"
     "    self.assertEqual(total([1, 2]), 4)\nAssertionError: 3 != 4\n\n"
     "----------------------------------------------------------------------\n"
     "Ran 1 test in 0.001s\n\nFAILED (failures=1)\n",
     Category::deterministic, "AssertionError: 3 != 4"},
    {"JUnit 5 + Surefire", "java",
     "[ERROR] Tests run: 3, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.05 s <<< FAILURE! -- in com.acme.CartTest\n"
     "[ERROR] com.acme.CartTest.total -- Time elapsed: 0.01 s <<< FAILURE!\n"
     "org.opentest4j.AssertionFailedError: expected: <4> but was: <3>\n"
     "\tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)\n"
     "\tat com.acme.CartTest.total(CartTest.java:14)\n",
     Category::deterministic, "expected: <4> but was: <3>"},
    {"JUnit 4 + Surefire", "java",
     "Running com.acme.CartTest\n"
     "Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.02 sec <<< FAILURE!\n"
     "total(com.acme.CartTest)  Time elapsed: 0.01 sec  <<< FAILURE!\n"
     "java.lang.AssertionError: expected:<4> but was:<3>\n\tat org.junit.Assert.fail(Assert.java:89)\n"
     "\tat com.acme.CartTest.total(CartTest.java:14)\n",
     Category::deterministic, "expected:<4> but was:<3>"},
    {"Gradle", "java",
     "> Task :test\n\nCartTest > total() FAILED\n    org.opentest4j.AssertionFailedError at CartTest.java:14\n\n"
     "1 test completed, 1 failed\n\n> Task :test FAILED\n",
     Category::deterministic, "AssertionFailedError at CartTest.java:14"},
    {"Kotlin coroutines", "kotlin",
     "CartViewModelTest > loads the items() FAILED\n"
     "    java.lang.AssertionError: expected:<3> but was:<2>\n"
     "        at org.junit.Assert.fail(Assert.java:89)\n"
     "        at com.acme.CartViewModelTest$loads the items$1.invokeSuspend(CartViewModelTest.kt:31)\n"
     "        at kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)\n"
     "        at kotlinx.coroutines.test.TestDispatcher.processEvent$kotlinx_coroutines_core(TestDispatcher.kt:28)\n",
     Category::deterministic, "expected:<3> but was:<2>"},
    {"Go --- FAIL", "go",
     "=== RUN   TestParse\n--- FAIL: TestParse (0.00s)\n    parse_test.go:42: got 3, want 4\nFAIL\n"
     "FAIL\texample.com/parse\t0.004s\n",
     Category::deterministic, "got 3, want 4 (parse_test.go:42)"},
    {"Go panic", "go",
     "--- FAIL: TestParse (0.00s)\n"
     "panic: runtime error: index out of range [3] with length 3 [recovered]\n"
     "\tpanic: runtime error: index out of range [3] with length 3\n\ngoroutine 7 [running]:\n"
     "testing.tRunner.func1.2({0x5d3e20, 0xc000018108})\n\t/usr/local/go/src/testing/testing.go:1545 +0x238\n"
     "example.com/parse.Parse(...)\n\t/src/parse/parse.go:17 +0x1c\n",
     Category::deterministic, "index out of range [3] with length 3"},
    {"Go -race", "go",
     "==================\nWARNING: DATA RACE\nWrite at 0x00c0000a4010 by goroutine 8:\n"
     "  example.com/cache.(*Cache).Put()\n      /src/cache/cache.go:21 +0x64\n\n"
     "Previous read at 0x00c0000a4010 by goroutine 7:\n  example.com/cache.(*Cache).Get()\n"
     "      /src/cache/cache.go:15 +0x3c\n==================\n--- FAIL: TestCacheConcurrent (0.01s)\n"
     "    testing.go:1465: race detected during execution of test\nFAIL\n",
     Category::concurrency, "DATA RACE"},
    {"Go t.Fatal", "go",
     "=== RUN   TestLoadConfig\n    config_test.go:18: parse config: field \"retries\" must be a number\n"
     "--- FAIL: TestLoadConfig (0.00s)\nFAIL\nFAIL\texample.com/config\t0.004s\n",
     Category::deterministic, "parse config: field \"retries\" must be a number (config_test.go:18)"},
    {"Rust cargo test", "rust",
     "running 1 test\ntest tests::adds ... FAILED\n\nfailures:\n\n---- tests::adds stdout ----\n"
     "thread 'tests::adds' panicked at src/lib.rs:10:9:\nassertion `left == right` failed\n  left: 3\n right: 4\n"
     "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\nfailures:\n    tests::adds\n\n"
     "test result: FAILED. 0 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n",
     Category::deterministic, "assertion `left == right` failed left: 3 right: 4"},
    {"GoogleTest", "cpp",
     "[ RUN      ] CartTest.Total\n/src/cart_test.cc:14: Failure\nExpected equality of these values:\n"
     "  total({1, 2})\n    Which is: 3\n  4\n[  FAILED  ] CartTest.Total (0 ms)\n",
     Category::deterministic, "Which is: 3"},
    {"Catch2", "cpp",
     "-------------------------------------------------------------------------------\ntotal adds the items\n"
     "-------------------------------------------------------------------------------\n/src/cart_test.cpp:10\n"
     "...............................................................................\n\n"
     "/src/cart_test.cpp:12: FAILED:\n  REQUIRE( total({1, 2}) == 4 )\nwith expansion:\n  3 == 4\n\n"
     "===============================================================================\n"
     "test cases: 1 | 1 failed\nassertions: 1 | 1 failed\n",
     Category::deterministic, "3 == 4"},
    {"CTest", "c",
     "    Start 2: cart_test\n"
     "2: cart_test: /src/cart_test.c:9: main: Assertion `total(items) == 4' failed.\n"
     "2/3 Test #2: cart_test ........................Subprocess aborted***Exception:   0.01 sec\n\n"
     "67% tests passed, 1 tests failed out of 3\n\nThe following tests FAILED:\n\t  2 - cart_test (Subprocess aborted)\n"
     "Errors while running CTest\n",
     Category::deterministic, "Assertion `total(items) == 4' failed"},
    {"AddressSanitizer", "cpp",
     "=================================================================\n"
     "==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55d1 bp 0x7ffc sp 0x7ffc\n"
     "READ of size 4 at 0x602000000010 thread T0\n    #0 0x55d1 in Cart::total() /src/cart.cc:21:10\n"
     "    #1 0x55d2 in main /src/main.cc:5:3\n"
     "SUMMARY: AddressSanitizer: heap-use-after-free /src/cart.cc:21:10 in Cart::total()\n",
     Category::deterministic, "heap-use-after-free"},
    {"UndefinedBehaviorSanitizer", "cpp",
     "/src/cart.cc:14:12: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'\n"
     "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /src/cart.cc:14:12\n",
     Category::deterministic, "signed integer overflow"},
    {"ThreadSanitizer", "cpp",
     "==================\nWARNING: ThreadSanitizer: data race (pid=9)\n"
     "  Write of size 4 at 0x7b0400000000 by thread T1:\n    #0 Counter::add() /src/counter.cc:8 (test+0x4a)\n"
     "  Previous read of size 4 at 0x7b0400000000 by main thread:\n    #0 Counter::get() /src/counter.cc:12 (test+0x5b)\n"
     "SUMMARY: ThreadSanitizer: data race /src/counter.cc:8 in Counter::add()\n==================\n",
     Category::concurrency, "data race"},
    {"MemorySanitizer", "cpp",
     "==77==WARNING: MemorySanitizer: use-of-uninitialized-value\n    #0 0x4a in parse /src/parse.cc:30:7\n"
     "SUMMARY: MemorySanitizer: use-of-uninitialized-value /src/parse.cc:30:7 in parse\n",
     Category::deterministic, "use-of-uninitialized-value"},
    {"Valgrind", "c",
     "==1234== Invalid read of size 4\n==1234==    at 0x108671: total (cart.c:12)\n"
     "==1234==    by 0x1086A0: main (cart.c:20)\n"
     "==1234==  Address 0x522d068 is 0 bytes after a block of size 8 alloc'd\n"
     "==1234== ERROR SUMMARY: 1 errors from 1 contexts (suppressed: 0 from 0)\n",
     Category::deterministic, "Invalid read of size 4"},
    {"xUnit", "csharp",
     "[xUnit.net 00:00:00.41]     Acme.Tests.CartTests.Total [FAIL]\n  Failed Acme.Tests.CartTests.Total [3 ms]\n"
     "  Error Message:\n   Assert.Equal() Failure: Values differ\nExpected: 4\nActual:   3\n  Stack Trace:\n"
     "     at Acme.Tests.CartTests.Total() in /src/CartTests.cs:line 14\n",
     Category::deterministic, "Expected: 4 Actual:   3"},
    {"NUnit", "csharp",
     "  Failed Total [12 ms]\n  Error Message:\n     Expected: 4\n  But was:  3\n\n  Stack Trace:\n"
     "     at Acme.Tests.CartTests.Total() in /src/CartTests.cs:line 14\n",
     Category::deterministic, "Expected: 4 But was:  3"},
    {"MSTest", "csharp",
     "  Failed Total [5 ms]\n  Error Message:\n   Assert.AreEqual failed. Expected:<4>. Actual:<3>. \n  Stack Trace:\n"
     "     at Acme.Tests.CartTests.Total() in /src/CartTests.cs:line 14\n",
     Category::deterministic, "Assert.AreEqual failed. Expected:<4>. Actual:<3>."},
    {"Jest", "javascript",
     " FAIL  src/cart.test.js\n  \u25cf cart \u203a totals the items\n\n"
     "    expect(received).toBe(expected) // Object.is equality\n\n    Expected: 4\n    Received: 3\n\n"
     "      3 | test('totals the items', () => {\n    > 4 |   expect(total([1, 2])).toBe(4);\n"
     "        |                         ^\n\n      at Object.toBe (src/cart.test.js:4:25)\n",
     Category::deterministic, "Expected: 4 Received: 3"},
    {"Vitest", "typescript",
     " FAIL  src/cart.test.ts > cart > totals the items\n"
     "AssertionError: expected 3 to be 4 // Object.is equality\n\n- Expected\n+ Received\n\n- 4\n+ 3\n\n"
     " \u276f src/cart.test.ts:4:25\n",
     Category::deterministic, "expected 3 to be 4"},
    {"Mocha", "javascript",
     "  1) cart\n       totals the items:\n\n"
     "      AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n3 !== 4\n\n"
     "      + expected - actual\n\n      -3\n      +4\n\n      at Context.<anonymous> (test/cart.test.js:5:12)\n",
     Category::deterministic, "Expected values to be strictly equal: 3 !== 4"},
    {"Node test runner", "javascript",
     "\u2716 totals the items (1.2ms)\n"
     "  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n  3 !== 4\n\n"
     "      at TestContext.<anonymous> (file:///src/cart.test.mjs:5:10)\n",
     Category::deterministic, "Expected values to be strictly equal: 3 !== 4"},
    {"bun test", "typescript",
     "(fail) cart > totals the items [0.52ms]\n(fail) cart > adds the tax [0.31ms]\n\n 12 pass\n 2 fail\n",
     Category::deterministic, "(fail) cart > totals the items [0.52ms]"},
    {"Playwright", "typescript",
     "  1) [chromium] \u203a tests/cart.spec.ts:5:5 \u203a cart \u203a shows the total \n\n"
     "    Error: expect(locator).toHaveText(expected) failed\n\n    Locator: getByTestId('total')\n"
     "    Expected string: \"4\"\n    Received string: \"3\"\n",
     Category::deterministic, "Expected string: \"4\""},
    {"Cypress", "javascript",
     "  1) cart\n       shows the total:\n"
     "     AssertionError: Timed out retrying after 4000ms: expected '<span#total>' to have text '4', but the text was '3'\n"
     "      at Context.eval (webpack:///./cypress/e2e/cart.cy.js:6:32)\n",
     Category::deterministic, "to have text '4', but the text was '3'"},
    {"Selenium", "python",
     "    def test_total(driver):\n>       driver.find_element(By.CSS_SELECTOR, \"#total\")\n"
     "E       selenium.common.exceptions.NoSuchElementException: Message: no such element: Unable to locate element: "
     "{\"method\":\"css selector\",\"selector\":\"#total\"}\n\ntests/test_cart.py:12: NoSuchElementException\n",
     Category::deterministic, "Unable to locate element"},
    {"RSpec", "ruby",
     "Failures:\n\n  1) Cart#total adds the items\n     Failure/Error: expect(cart.total).to eq(4)\n\n"
     "       expected: 4\n            got: 3\n\n       (compared using ==)\n"
     "     # ./spec/cart_spec.rb:6:in `block (2 levels) in <top (required)>'\n",
     Category::deterministic, "expected: 4 got: 3"},
    {"Minitest", "ruby",
     "  1) Failure:\nCartTest#test_total [test/cart_test.rb:7]:\nExpected: 4\n  Actual: 3\n\n"
     "1 runs, 1 assertions, 1 failures, 0 errors, 0 skips\n",
     Category::deterministic, "Expected: 4 Actual: 3"},
    {"PHPUnit", "php",
     "There was 1 failure:\n\n1) Tests\\CartTest::testTotal\nFailed asserting that 3 matches expected 4.\n\n"
     "/app/tests/CartTest.php:12\n\nFAILURES!\nTests: 1, Assertions: 1, Failures: 1.\n",
     Category::deterministic, "Failed asserting that 3 matches expected 4."},
    {"PHPUnit defect list alone", "php",
     "1) App\\Tests\\CartTest::testTotal\n2) App\\Tests\\CartTest::testTax\n",
     Category::deterministic, "1) App\\Tests\\CartTest::testTotal"},
    {"PHP fatal", "php",
     "PHP Fatal error:  Uncaught TypeError: Cart::total(): Argument #1 ($items) must be of type array, null given, "
     "called in /app/src/Checkout.php on line 14 and defined in /app/src/Cart.php:8\nStack trace:\n"
     "#0 /app/src/Checkout.php(14): Cart->total(NULL)\n",
     Category::deterministic, "Argument #1 ($items) must be of type array"},
    {"XCTest", "swift",
     "Test Case '-[CartTests.CartTests testTotal]' started.\n"
     "/Users/runner/work/Cart/Tests/CartTests.swift:12: error: -[CartTests.CartTests testTotal] : "
     "XCTAssertEqual failed: (\"3\") is not equal to (\"4\")\n"
     "Test Case '-[CartTests.CartTests testTotal]' failed (0.002 seconds).\n",
     Category::deterministic, "XCTAssertEqual failed: (\"3\") is not equal to (\"4\")"},
    {"Swift runtime trap", "swift",
     "Test Case 'CartTests.testTotal' started.\nSwift/ContiguousArrayBuffer.swift:600: Fatal error: Index out of range\n",
     Category::deterministic, "Index out of range"},
    {"ExUnit", "elixir",
     "  1) test totals the items (CartTest)\n     test/cart_test.exs:5\n     Assertion with == failed\n"
     "     code:  assert Cart.total([1, 2]) == 4\n     left:  3\n     right: 4\n     stacktrace:\n"
     "       test/cart_test.exs:6: (test)\n",
     Category::deterministic, "Assertion with == failed"},
    {"Dart test", "dart",
     "00:01 +0 -1: totals the items [E]\n  Expected: <4>\n    Actual: <3>\n\n"
     "  package:test_api           expect\n  test/cart_test.dart 6:5    main.<fn>\n\n00:01 +0 -1: Some tests failed.\n",
     Category::deterministic, "Expected: <4> Actual: <3>"},
};

// A runner's or runtime's own words for what went wrong between tests or threads, or for a
// deadline it enforced: the category is the one those words name, not the assertion or
// exception type the runner wraps them in (an xUnit InvalidOperationException, a Sinon
// TypeError, a Playwright "expect(...) failed"). Written from each tool's documented messages.
constexpr AnatomyRow k_signal_rows[] = {
    {"rspec-mocks expired double", "ruby",
     "Failures:\n\n  1) Person::HistoryController#index lists events\n"
     "     Failure/Error: if Settings.assignments&.enabled\n"
     "       #<Double (anonymous)> was originally created in one example but has leaked into another example "
     "and can no longer be used. rspec-mocks' doubles are designed to only last for one example, and you need "
     "to create a new one in each example you wish to use it for.\n"
     "     # ./app/helpers/sheet/person.rb:54:in `<class:Person>'\n",
     Category::order_dependency, "has leaked into another example"},
    {"Sinon under Mocha", "javascript",
     "  1) api client\n       fetches users:\n     TypeError: Attempted to wrap fetch which is already wrapped\n"
     "      at checkWrappedMethod (node_modules/sinon/lib/sinon/util/core/wrap-method.js:67:21)\n"
     "      at Context.<anonymous> (test/api.test.js:12:11)\n",
     Category::order_dependency, "Attempted to wrap fetch which is already wrapped"},
    {"Mockito under Surefire", "java",
     "[ERROR] com.acme.ClockTest.ticks -- Time elapsed: 0.01 s <<< ERROR!\n"
     "org.mockito.exceptions.base.MockitoException: \nFor com.acme.Clock, static mocking is already registered "
     "in the current thread\n\nTo create a new mock, the existing static mock registration must be deregistered\n"
     "\tat com.acme.ClockTest.ticks(ClockTest.java:21)\n",
     Category::order_dependency, "static mocking is already registered"},
    {"kotlinx-coroutines-test", "kotlin",
     "DispatcherTest > loadsItems FAILED\n"
     "    kotlinx.coroutines.test.UncaughtExceptionsBeforeTest: There were uncaught exceptions before the test "
     "started. Please avoid this, as such exceptions are also reported in a platform-dependent manner so that "
     "they are not lost.\n        at kotlinx.coroutines.test.TestScopeImpl.enter(TestScope.kt:239)\n",
     Category::order_dependency, "UncaughtExceptionsBeforeTest"},
    {"xUnit output helper", "csharp",
     "[xUnit.net 00:00:00.28]     Acme.Tests.FeedTests.Refreshes [FAIL]\n"
     "[xUnit.net 00:00:00.28]       System.InvalidOperationException : There is no currently active test.\n"
     "[xUnit.net 00:00:00.28]       Stack Trace:\n",
     Category::order_dependency, "There is no currently active test."},
    {"node:test", "javascript",
     "not ok 1 - /rest/chat\n  ---\n  duration_ms: 12.3\n  type: 'suite'\n  failureType: 'subtestsFailed'\n"
     "  error: '1 subtest failed'\n  ...\n"
     "# Error: Test hook \"before\" at test/api/chat.test.ts:4:1 generated asynchronous activity after the test "
     "ended. This activity created the error \"SyntaxError: Unexpected end of JSON input\" and would have caused "
     "the test to fail, but instead triggered an uncaughtException event.\n",
     Category::order_dependency, "generated asynchronous activity after the test ended"},
    {"pytest, then alone", "python",
     "$ python3 -m pytest tests/test_header.py -n 4 -q\nFAILED tests/test_header.py::test_short_edit\n"
     "1 failed, 30 passed in 1.81s\n\n$ python3 -m pytest tests/test_header.py -q\n31 passed in 1.64s\n",
     Category::order_dependency, "31 passed in 1.64s"},
    {".NET collections", "csharp",
     "  Failed Acme.Tests.CacheTests.ConcurrentSave [23 ms]\n  Error Message:\n"
     "   System.InvalidOperationException : Operations that change non-concurrent collections must have "
     "exclusive access. A concurrent update was performed on this collection and corrupted its state. The "
     "collection's state is no longer correct.\n  Stack Trace:\n"
     "     at System.Collections.Generic.Dictionary`2.FindEntry(TKey key)\n",
     Category::concurrency, "must have exclusive access"},
    {"Swift Testing", "swift",
     "\u25c7 Test fetchesFeed() started.\n"
     "\u2718 Test fetchesFeed() recorded an issue at FeedTests.swift:40:6: Time limit was exceeded: 60.000 seconds\n"
     "\u2718 Test fetchesFeed() failed after 60.000 seconds with 1 issue.\n",
     Category::timeout, "Time limit was exceeded: 60.000 seconds"},
    {"Qt Test", "cpp",
     "********* Start testing of tst_Storage *********\nPASS   : tst_Storage::initTestCase()\n"
     "QFATAL : tst_Storage::importLargeFile() Test function timed out\n"
     "FAIL!  : tst_Storage::importLargeFile() Received a fatal error.\n",
     Category::timeout, "Test function timed out"},
    {"Playwright, nothing found", "typescript",
     "  1) [chromium] \u203a tests/login.spec.ts:8:5 \u203a shows the dashboard\n\n"
     "    Error: expect(locator).toBeVisible() failed\n\n    Locator: getByRole('heading')\n"
     "    Expected: visible\n    Timeout: 5000ms\n    Error: element(s) not found\n",
     Category::timeout, "element(s) not found"},
};

// The rule file of each language's runners: a failure may be read by its own ecosystem's rules
// or by the cross-language ones, never by another language's (whose reason would name the
// wrong runner: "a Go test failed" for a Playwright failure).
std::string_view ecosystem_file(std::string_view language) {
  static constexpr std::pair<std::string_view, std::string_view> k_files[] = {
      {"python", "python.toml"}, {"java", "jvm.toml"},         {"kotlin", "jvm.toml"},
      {"go", "go.toml"},         {"rust", "rust.toml"},        {"c", "native.toml"},
      {"cpp", "native.toml"},    {"csharp", "dotnet.toml"},    {"javascript", "javascript.toml"},
      {"typescript", "javascript.toml"}, {"ruby", "ruby.toml"}, {"php", "php.toml"},
      {"swift", "swift.toml"},   {"elixir", "other.toml"},     {"dart", "other.toml"}};
  for (auto [name, file] : k_files) {
    if (name == language) return file;
  }
  return {};
}

bool cross_language(std::string_view origin) {
  for (std::string_view file : {"defects.toml", "concurrency.toml", "timeouts.toml", "resources.toml",
                                "environment.toml", "network.toml", "infrastructure.toml", "ci.toml"}) {
    if (origin == file) return true;
  }
  return false;
}

}  // namespace

static void check_rows(std::span<const AnatomyRow> rows) {
  const engine::Classifier classifier(testing::shared_core());
  for (const auto& row : rows) {
    CAPTURE(row.runner);
    engine::FailureReport failure;
    failure.trace = std::string(row.trace);
    failure.language = std::string(row.language);
    const auto decision = classifier.classify(failure);
    CAPTURE(decision.reason);
    CAPTURE(decision.rule);
    CHECK(decision.category == row.category);
    CHECK(decision.action == (heuristics::default_advice(row.category).retry ? Action::retry_with_delay
                                                                              : Action::stop_retry));
    CHECK(decision.reason.find(row.root_cause) != std::string::npos);
    CHECK(decision.reason.find('\n') == std::string::npos);
    const auto* rule = testing::shared_core().rules.find(decision.rule);
    REQUIRE(rule != nullptr);
    CAPTURE(rule->origin);
    CHECK((rule->origin == ecosystem_file(row.language) || cross_language(rule->origin)));
  }
}

TEST_CASE("each runner's failure shape is classified and its reason quotes the root-cause line") {
  check_rows(k_rows);
}

TEST_CASE("a runner's own words for a leak between tests, a race or its deadline name that category") {
  check_rows(k_signal_rows);
}
