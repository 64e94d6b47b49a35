// Rule files: users add or override heuristic rules (by id), add secret rules and allow-list
// patterns, and choose whether e-mail and IP addresses are redacted. TOML (the built-in pack's
// format, heuristics/rule_pack.hpp: [[rules]], [[secrets]], allow = [...]) or JSON, told apart by
// the first character ('{' is JSON). JSON form:
//
//   { "rules":   [ { "id": "acme.db-flake", "category": "infrastructure",
//                    "pattern": "AcmeDbUnavailable", "confidence": 0.9,
//                    "languages": ["python"], "reason": "the Acme DB was down",
//                    "base_delay_s": 20, "max_delay_s": 300, "enabled": true } ],
//     "secrets": [ { "kind": "acme-token", "pattern": "acme_[a-z0-9]{32}", "group": 0 } ],
//     "allow":   [ "AKIAIOSFODNN7EXAMPLE" ],
//     "redact_emails": true, "redact_ip_addresses": true }
//
// Every key is optional. load_rule_file() fails with a message naming the file, and the rule and
// field at fault (a bad pattern is reported when the engines compile, with the rule id and the
// byte offset in the pattern). Thread-safe (no shared state).
#pragma once

#include "support/expected.hpp"
#include <string>
#include <string_view>
#include <vector>

#include "heuristics/rule.hpp"
#include "redact/redactor.hpp"

namespace flakyd::engine {

struct RuleFile {
  std::vector<heuristics::Rule> rules;
  std::vector<redact::SecretRule> secrets;
  std::vector<std::string> allow;
  std::optional<bool> redact_emails;
  std::optional<bool> redact_ip_addresses;
};

flakyd::expected<RuleFile, std::string> parse_rule_file(std::string_view text);
flakyd::expected<RuleFile, std::string> load_rule_file(const std::string& path);

}  // namespace flakyd::engine
