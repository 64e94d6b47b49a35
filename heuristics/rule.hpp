// A classification rule: "when this RE2 pattern matches a failure, the root cause is probably
// <category>, with this confidence, because <reason>".
//
// Rules are plain data. The built-in pack is `builtin_rules()`: the TOML files under
// heuristics/rules/, embedded in the binary at build time and parsed by heuristics/rule_pack.hpp.
// Users add or override rules by id through a rule file in the same format (engine/rule_file.hpp).
// Patterns are RE2 syntax, matched byte-wise (Latin-1) so invalid UTF-8 never stops a match; use
// (?i) / (?m) inline flags as needed. Every built-in rule carries example lines it must match and
// counter-examples it must not; a unit test checks both (gitleaks keeps its rules the same way).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "heuristics/language.hpp"
#include "heuristics/taxonomy.hpp"

namespace flakyd::heuristics {

// Replaces the category's default backoff for failures this rule explains; a request's own
// policy still wins over both (DESIGN.md, "Backoff").
struct AdviceOverride {
  std::optional<double> base_delay_s;
  std::optional<double> max_delay_s;
};

struct Rule {
  std::string id;             // "net.connection-reset": <family>.<what>, unique in a pack
  Category category = Category::unknown;
  std::string pattern;        // RE2 syntax
  double confidence = 0.5;    // in [0, 1]: how reliably the evidence names the root cause
  LanguageMask languages = 0; // 0: every language
  std::string reason;         // short sentence, completed with the matched evidence
  AdviceOverride advice;
  bool enabled = true;        // a rule file may switch a built-in rule off by id
  // The rule matches an assertion failure: other evidence later on the same line is the
  // assertion's message ("AssertionError: expected a timeout"), not a cause, and is demoted.
  bool asserts = false;
  // The rule recognises a runner's failure shape -- its marker line ("--- FAIL:", "FAILED",
  // "●", "Failure/Error:") or an assertion's kind -- not a cause. Its match says only that a
  // test failed, so the result's reason quotes the failure's root-cause line instead (the
  // assertion's message and location the signature extractor found in the redacted text).
  bool marker = false;
  // The rule recognises the line a CI runner or build driver prints after a step's own error
  // ("Error: Process completed with exit code 1.", "ERROR: Job failed: exit code 1", "make: ***
  // [all] Error 2"): the frame around a failure, never its root cause, so its match always
  // weighs as evidence outside the root-cause segment and any cause the step printed outranks it.
  bool frame = false;
  std::vector<std::string> examples;          // lines the pattern must match
  std::vector<std::string> counter_examples;  // lines it must leave alone
  std::string origin;                         // the rule file that defined it ("python.toml")
  // A rule file's `patterns` list, whose alternation `pattern` is: the engine's prefilter matches
  // each on its own (heuristics/rule_engine.cpp says why). Empty: `pattern` is one piece.
  std::vector<std::string> alternatives;
};

// The built-in rule pack, in priority order (earlier wins a tie): the embedded TOML files in
// the order heuristics/CMakeLists.txt lists them. A broken embedded file is a build defect:
// builtin_rules() then aborts with the file and rule at fault (the unit tests catch it first).
const std::vector<Rule>& builtin_rules();

// `base` with every rule of `overrides` replacing the rule of the same id or appended.
std::vector<Rule> merge_rules(std::vector<Rule> base, const std::vector<Rule>& overrides);

}  // namespace flakyd::heuristics
