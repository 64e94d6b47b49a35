// The built-in rule pack: the embedded TOML files (heuristics/rules/), parsed once.
// Confidence scale (see rule_engine.hpp for how it is used):
//   0.95  unmistakable root-cause evidence (heap exhausted, disk full, registry rate limit)
//   0.90  a specific exception type or compiler error naming the cause
//   0.85  a specific failure type of a test framework or client library
//   0.75  a phrase that usually, not always, names the cause
//   0.60  weak evidence (a bare "timed out"); loses to any exception type
//   0.55  an exception flakyd does not know as transient: a defect until shown otherwise
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "heuristics/rule.hpp"
#include "heuristics/rule_pack.hpp"

namespace flakyd::heuristics {

namespace {

std::vector<Rule> load_builtin_rules() {
  std::vector<Rule> rules;
  for (const auto& file : embedded_rule_files()) {
    auto parsed = parse_rule_pack(file.text, file.name);
    if (!parsed) {
      // The pack is compiled into the binary: a broken file is a build defect, not input.
      std::fprintf(stderr, "flakyd: built-in rule pack is broken: %s\n", parsed.error().c_str());
      std::abort();
    }
    std::move(parsed->begin(), parsed->end(), std::back_inserter(rules));
  }
  return rules;
}

}  // namespace

const std::vector<Rule>& builtin_rules() {
  static const std::vector<Rule> k_rules = load_builtin_rules();
  return k_rules;
}

std::vector<Rule> merge_rules(std::vector<Rule> base, const std::vector<Rule>& overrides) {
  for (const auto& extra : overrides) {
    auto same_id = std::find_if(base.begin(), base.end(),
                                [&](const Rule& rule) { return rule.id == extra.id; });
    if (same_id != base.end()) {
      *same_id = extra;
    } else {
      base.push_back(extra);
    }
  }
  return base;
}

}  // namespace flakyd::heuristics
