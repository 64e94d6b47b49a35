#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "engine/classifier.hpp"
#include "engine/rule_file.hpp"

using namespace flakyd;

namespace {
std::string write_temp(const std::string& content) {
  char path[] = "/tmp/flakyd-rules-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << content;
  return path;
}

// A core built with `content` as its rule file (the file is removed once read).
auto core_with_rule_file(const std::string& content) {
  const auto path = write_temp(content);
  engine::CoreOptions options;
  options.rule_file = path;
  auto core = engine::Core::create(options);
  std::remove(path.c_str());
  return core;
}
}  // namespace

TEST_CASE("a rule file adds and overrides rules, secrets and the allow-list") {
  auto core = core_with_rule_file(R"({
    "rules": [
      {"id": "acme.db-down", "category": "infrastructure", "pattern": "AcmeDbUnavailable",
       "confidence": 0.95, "reason": "the Acme DB was down", "base_delay_s": 7},
      {"id": "det.assertion", "enabled": false}
    ],
    "secrets": [{"kind": "acme-token", "pattern": "acme_[a-z0-9]{12}"}],
    "allow": ["AKIAQ7FIXTURE0000001"],
    "redact_emails": false
  })");
  REQUIRE_MESSAGE(core.has_value(), core.error());
  const engine::Classifier classifier(*core);
  engine::FailureReport failure;
  failure.trace = "AcmeDbUnavailable: primary lost; key acme_0123456789ab AKIAQ7FIXTURE0000001 ops@acme.io";
  const auto decision = classifier.classify(failure);
  CHECK(decision.category == heuristics::Category::infrastructure);
  CHECK(decision.rule == "acme.db-down");
  CHECK(decision.delay_s == doctest::Approx(7.0));
  CHECK(decision.redactions == 1);
  const auto redacted = core->redactor.redact(failure.trace).text;
  CHECK(redacted.find("AKIAQ7FIXTURE0000001") != std::string::npos);
  CHECK(redacted.find("ops@acme.io") != std::string::npos);

  failure.trace = "E   AssertionError: boom";
  CHECK(classifier.classify(failure).rule != "det.assertion");
}

TEST_CASE("bad rule files are clear errors naming the rule") {
  struct Case {
    std::string content;
    const char* expected;
  };
  const Case cases[] = {
      {R"({"rules": [{"id": "x.bad", "category": "timeout", "pattern": "a(b"}]})", "x.bad"},
      {R"({"rules": [{"id": "x.bad", "category": "timeout", "pattern": "ab\\qc"}]})", "at byte 2"},
      {R"({"rules": [{"id": "x.cat", "category": "slow", "pattern": "a"}]})", "unknown category 'slow'"},
      {R"({"rules": [{"category": "timeout", "pattern": "a"}]})", "'id' is required"},
      {R"({"rules": [{"id": "x.type", "category": "timeout", "pattern": 5}]})", "'pattern' has the wrong type"},
      {R"({"rules": [{"id": "x.lang", "category": "timeout", "pattern": "a", "languages": ["cobol"]}]})", "unknown language"},
      {R"({"rules": [{"id": "x.conf", "category": "timeout", "pattern": "a", "confidence": 3}]})", "confidence"},
      {R"({"rulez": []})", "unknown key 'rulez'"},
      {R"({"rules": [)", "not valid JSON"},
      {R"({"secrets": [{"kind": "k", "pattern": "(("}]})", "secret rule 'k'"},
      {R"([1, 2])", "top level"},
      // regressions found by fuzz_rule_file: an out-of-range number threw past the loader
      {R"({"rules": [{"id": "x.num", "category": "timeout", "pattern": "a", "confidence": 1e99999}]})", "not valid JSON"},
      {"{\"rules\": " + std::string(5000, '[') + std::string(5000, ']') + "}", "nested deeper"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.content);
    const auto path = write_temp(c.content);
    engine::CoreOptions options;
    options.rule_file = path;
    const auto core = engine::Core::create(options);
    REQUIRE_FALSE(core.has_value());
    CHECK(core.error().find(c.expected) != std::string::npos);
    CHECK(core.error().find(path) != std::string::npos);
    std::remove(path.c_str());
  }
  engine::CoreOptions missing;
  missing.rule_file = "/nonexistent/rules.json";
  CHECK_FALSE(engine::Core::create(missing).has_value());
}

TEST_CASE("a TOML rule file is read like the built-in pack") {
  auto core = core_with_rule_file(R"(
allow = ["AKIAQ7FIXTURE0000001"]

[[rules]]
id = "acme.db-down"
category = "infrastructure"
confidence = 0.95
patterns = ['AcmeDbUnavailable', 'AcmeDbGone']
base_delay_s = 7
examples = ["AcmeDbUnavailable: primary lost"]
counter_examples = ["AcmeDb ok"]

[[secrets]]
kind = "acme-token"
pattern = 'acme_[a-z0-9]{12}'
)");
  REQUIRE_MESSAGE(core.has_value(), core.error());
  const engine::Classifier classifier(*core);
  engine::FailureReport failure;
  failure.trace = "AcmeDbGone: primary lost; key acme_0123456789ab";
  const auto decision = classifier.classify(failure);
  CHECK(decision.rule == "acme.db-down");
  CHECK(decision.delay_s == doctest::Approx(7.0));
  CHECK(decision.redactions == 1);
}
