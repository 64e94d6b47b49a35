// The built-in rule pack is data with its own proof: every rule carries example lines it must
// match and counter-examples it must leave alone (heuristics/rules/*.toml).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "heuristics/rule_engine.hpp"
#include "heuristics/rule_pack.hpp"

using namespace flakyd::heuristics;

namespace {

bool rule_matches(const RuleEngine& single_rule, const std::string& line) {
  FailureText failure;
  failure.trace = line;
  return !single_rule.classify(failure).hits.empty();
}

}  // namespace

TEST_CASE("every built-in rule has examples, matches them and leaves its counter-examples alone") {
  std::set<std::string> ids;
  REQUIRE(builtin_rules().size() > 50);
  for (const Rule& rule : builtin_rules()) {
    CAPTURE(rule.id);
    CAPTURE(rule.origin);
    CHECK_MESSAGE(ids.insert(rule.id).second, "duplicate rule id");
    CHECK_MESSAGE(!rule.examples.empty(), "a rule without examples");
    CHECK_MESSAGE(!rule.counter_examples.empty(), "a rule without counter-examples");
    Rule alone = rule;
    alone.languages = 0;
    auto engine = RuleEngine::compile({alone}, EngineOptions{0.0});
    REQUIRE_MESSAGE(engine.has_value(), engine.error().message);
    for (const auto& example : rule.examples) {
      CAPTURE(example);
      CHECK_MESSAGE(rule_matches(*engine, example), "the rule misses its own example");
    }
    for (const auto& counter : rule.counter_examples) {
      CAPTURE(counter);
      CHECK_MESSAGE(!rule_matches(*engine, counter), "the rule matches its counter-example");
    }
  }
}

TEST_CASE("the whole pack files each example under the category of the rule that gives it") {
  auto engine = RuleEngine::compile(builtin_rules());
  REQUIRE(engine.has_value());
  int checked = 0;
  for (const Rule& rule : builtin_rules()) {
    for (const auto& example : rule.examples) {
      CAPTURE(rule.id);
      CAPTURE(example);
      FailureText failure;
      failure.trace = example;
      const Verdict verdict = engine->classify(failure);
      // A stronger rule may claim an example only when it agrees on the category.
      CHECK(verdict.category == rule.category);
      ++checked;
    }
  }
  CHECK(checked >= static_cast<int>(builtin_rules().size()));
}

TEST_CASE("rule pack files: alternatives, defaults and clear errors") {
  const auto pack = parse_rule_pack(R"(
[[rules]]
id = "acme.db"
category = "infrastructure"
patterns = ['AcmeDb(?:Down|Gone)', '\bACME_UNAVAILABLE\b']
examples = ["AcmeDbDown: primary lost"]
counter_examples = ["AcmeDbUp"]
)", "acme.toml");
  REQUIRE_MESSAGE(pack.has_value(), pack.error());
  REQUIRE(pack->size() == 1);
  const Rule& rule = pack->front();
  CHECK(rule.pattern == R"((?:AcmeDb(?:Down|Gone))|(?:\bACME_UNAVAILABLE\b))");
  CHECK(rule.confidence == doctest::Approx(0.8));
  CHECK(rule.reason == "rule acme.db matched");
  CHECK(rule.origin == "acme.toml");
  CHECK(rule.examples.size() == 1);
  CHECK_FALSE(rule.marker);  // a rule names a cause unless it says it only marks a failure

  const auto marker = parse_rule_pack("[[rules]]\nid = 'acme.fail'\ncategory = 'deterministic'\n"
                                      "pattern = '^ACME FAIL'\nmarker = true\n", "acme.toml");
  REQUIRE_MESSAGE(marker.has_value(), marker.error());
  CHECK(marker->front().marker);

  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\npatern = 'b'\n", "unknown field 'patern'"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\npatterns = ['b']\n", "not both"},
      {"[[rules]]\nid = 'x'\ncategory = 'slow'\npattern = 'a'\n", "unknown category 'slow'"},
      {"[[rules]]\ncategory = 'timeout'\npattern = 'a'\n", "'id' is required"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\n", "'pattern' or 'patterns' is required"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\nconfidence = 2\n", "within [0, 1]"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\nlanguages = ['cobol']\n", "unknown language"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npatterns = ['a', '']\n", "empty alternative"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\nexamples = 'a'\n", "array of strings"},
      {"[[rules]\nid = 'x'\n", "pack.toml:1:"},
      {"rules = 5\n", "'rules' must be an array"},
      {"[[rules]]\nid = 'x'\ncategory = 'timeout'\npattern = 'a'\nmarker = 'yes'\n", "'marker' has the wrong type"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const auto parsed = parse_rule_pack(c.text, "pack.toml");
    REQUIRE_FALSE(parsed.has_value());
    CHECK_MESSAGE(parsed.error().find(c.expected) != std::string::npos, parsed.error());
  }
}

TEST_CASE("the embedded pack is split by ecosystem and every file parses") {
  REQUIRE(embedded_rule_files().size() >= 10);
  for (const auto& file : embedded_rule_files()) {
    CAPTURE(file.name);
    CHECK(parse_rule_pack(file.text, file.name).has_value());
  }
}
