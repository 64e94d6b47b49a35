// Rule packs as data: the TOML (or JSON, converted by the caller) form in which the built-in
// pack is written and users write `--rules` files.
//
//   [[rules]]
//   id = "net.connection-reset"            # <family>.<what>, unique in a pack
//   category = "flaky-network"             # DESIGN.md taxonomy
//   confidence = 0.9                       # [0, 1], default 0.8
//   languages = ["python", "go"]           # optional; absent or empty: every language
//   reason = "the connection was reset by the peer"
//   patterns = ['ConnectionResetError', '\bECONNRESET\b']   # alternatives, or one `pattern`
//   asserts = false                        # the rule matches an assertion failure
//   marker = false                         # the match is a runner's failure marker, not a
//                                          # cause: the reason quotes the root-cause line
//   frame = false                          # the match is a CI runner's step-exit line: never
//                                          # the root cause (weighs as outside it)
//   base_delay_s = 5.0                     # optional advice overrides
//   max_delay_s = 60.0
//   enabled = true                         # false with only an id switches a rule off
//   examples = ["ConnectionResetError: [Errno 104] Connection reset by peer"]
//   counter_examples = ["test_connection_reset_is_retried PASSED"]
//
// `patterns` reads best as TOML literal strings ('...': no escaping); each alternative is
// wrapped in (?:...) and joined with |. Unknown keys are refused (a typo must not silently drop
// a field). Errors name the origin, the rule's index and id, and the field at fault; patterns
// are compiled later by RuleEngine::compile, which names the rule and byte offset.
// Pure functions, thread-safe. rule_pack_toml.hpp exposes the parsed-document form.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "heuristics/rule.hpp"
#include "support/expected.hpp"

namespace flakyd::heuristics {

// Parses TOML text and returns its `rules`.
flakyd::expected<std::vector<Rule>, std::string> parse_rule_pack(std::string_view toml_text,
                                                                 std::string_view origin);

// One embedded pack file (generated at build time from heuristics/rules/*.toml).
struct EmbeddedRuleFile {
  std::string_view name;
  std::string_view text;
};
const std::vector<EmbeddedRuleFile>& embedded_rule_files();

}  // namespace flakyd::heuristics
