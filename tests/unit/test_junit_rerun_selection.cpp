// Rerun selections in each runner's own syntax.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "junit/rerun_selection.hpp"

using namespace flakyd::junit;

namespace {

TestCase test_case(std::string classname, std::string name, std::string file = "", int line = 0) {
  TestCase test;
  test.classname = std::move(classname);
  test.name = std::move(name);
  test.file = std::move(file);
  test.line = line;
  test.outcome = Outcome::failed;
  return test;
}

std::vector<std::string> select(RerunFormat format, const std::vector<TestCase>& tests,
                                const FileExists& exists = nullptr) {
  std::vector<const TestCase*> pointers;
  for (const auto& test : tests) pointers.push_back(&test);
  return rerun_arguments(format, pointers, exists);
}

}  // namespace

TEST_CASE("pytest node ids: the file found on disk, else the parts before a capitalised class") {
  const std::vector<TestCase> tests{test_case("tests.api.test_client.TestClient", "test_get[https]"),
                                    test_case("tests.test_math", "test_add"),
                                    test_case("tests.test_math", "test_add")};
  const auto on_disk = [](const std::string& path) { return path == "tests/api/test_client.py" || path == "tests/test_math.py"; };
  CHECK(select(RerunFormat::pytest, tests, on_disk) ==
        std::vector<std::string>{"'tests/api/test_client.py::TestClient::test_get[https]' tests/test_math.py::test_add"});
  CHECK(select(RerunFormat::pytest, tests) ==
        std::vector<std::string>{"'tests/api/test_client.py::TestClient::test_get[https]' tests/test_math.py::test_add"});
  // A package whose module path only the disk can tell (a class-less dotted name).
  const std::vector<TestCase> nested{test_case("pkg.sub.test_mod", "test_one")};
  CHECK(select(RerunFormat::pytest, nested, [](const std::string& p) { return p == "pkg/sub/test_mod.py"; }) ==
        std::vector<std::string>{"pkg/sub/test_mod.py::test_one"});
  // xunit1 names the file.
  CHECK(select(RerunFormat::pytest, {test_case("tests.test_x.TestA", "test_b", "tests/test_x.py")}) ==
        std::vector<std::string>{"tests/test_x.py::TestA::test_b"});
}

TEST_CASE("go: one -run per package, anchored, top-level tests, regex-escaped") {
  const std::vector<TestCase> tests{test_case("example.com/m/a", "TestOne/sub_case"), test_case("example.com/m/b", "TestTwo"),
                                    test_case("example.com/m/a", "TestOne"), test_case("example.com/m/a", "TestParse.v2")};
  CHECK(select(RerunFormat::go, tests) == std::vector<std::string>{"-run '^(TestOne|TestParse\\.v2)$' example.com/m/a",
                                                                   "-run '^(TestTwo)$' example.com/m/b"});
}

TEST_CASE("maven, gradle and dotnet select methods, parameters are cut off") {
  const std::vector<TestCase> tests{test_case("com.a.ATest", "m1"), test_case("com.a.ATest", "m2(String)[1]"),
                                    test_case("com.a.BTest", "m3()")};
  CHECK(select(RerunFormat::maven, tests) == std::vector<std::string>{"'-Dtest=com.a.ATest#m1+m2,com.a.BTest#m3'"});
  CHECK(select(RerunFormat::gradle, tests) ==
        std::vector<std::string>{"--tests com.a.ATest.m1 --tests com.a.ATest.m2 --tests com.a.BTest.m3"});
  const std::vector<TestCase> dotnet{test_case("Acme.Tests.PaymentTests", "Charges(amount: 10)"),
                                     test_case("Acme.Tests.PaymentTests", "Acme.Tests.PaymentTests.Refunds")};
  CHECK(select(RerunFormat::dotnet, dotnet) ==
        std::vector<std::string>{"--filter 'FullyQualifiedName=Acme.Tests.PaymentTests.Charges|"
                                 "FullyQualifiedName=Acme.Tests.PaymentTests.Refunds'"});
}

TEST_CASE("jest, vitest and node: an anchored, escaped name pattern, files when every test has one") {
  const std::vector<TestCase> jest{test_case("cart checkout [card] calls the API?", "cart checkout [card] calls the API?",
                                             "src/cart.test.js")};
  CHECK(select(RerunFormat::jest, jest) ==
        std::vector<std::string>{"-t '^(?:cart checkout \\[card\\] calls the API\\?)$' src/cart.test.js"});
  const std::vector<TestCase> vitest{test_case("src/api.test.ts", "api > retries > fetches the user")};
  CHECK(select(RerunFormat::vitest, vitest) ==
        std::vector<std::string>{"-t '^(?:api retries fetches the user)$' src/api.test.ts"});
  const std::vector<TestCase> node{test_case("test", "streams (blip)"), test_case("test", "it's $5")};
  CHECK(select(RerunFormat::node, node) ==
        std::vector<std::string>{"'--test-name-pattern=^(?:streams \\(blip\\)|it'\\''s \\$5)$'"});
}

TEST_CASE("nextest filtersets and rspec locations") {
  CHECK(select(RerunFormat::nextest, {test_case("acme::net", "client::tests::connects"), test_case("acme::net", "b::c")}) ==
        std::vector<std::string>{"-E 'test(=client::tests::connects) | test(=b::c)'"});
  CHECK(select(RerunFormat::rspec, {test_case("spec.user_spec", "User validates", "./spec/user_spec.rb", 20),
                                    test_case("spec.user_spec", "User#save retries the 'write'", "./spec/user_spec.rb")}) ==
        std::vector<std::string>{"./spec/user_spec.rb:20 ./spec/user_spec.rb -e 'User#save retries the '\\''write'\\'''"});
}

TEST_CASE("formats by name, nothing selected prints nothing, shell quoting") {
  CHECK(parse_rerun_format("go") == RerunFormat::go);
  CHECK_FALSE(parse_rerun_format("mocha").has_value());
  CHECK(rerun_format_names() == "pytest|go|maven|gradle|jest|vitest|node|nextest|dotnet|rspec");
  CHECK(rerun_arguments(RerunFormat::pytest, {}, nullptr).empty());
  CHECK(shell_quote("plain/path.py") == "plain/path.py");
  CHECK(shell_quote("a b") == "'a b'");
  CHECK(shell_quote("") == "''");
  CHECK(shell_quote("$(rm -rf /)") == "'$(rm -rf /)'");
}
