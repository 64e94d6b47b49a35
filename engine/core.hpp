// Core: the compiled, immutable machinery every classification shares -- the heuristic rule
// engine, the redactor and the fingerprinter -- built once at start-up from the built-in packs
// and an optional rule file. create() fails with a message naming the rule at fault.
// create_redactor() builds the redactor alone, as create() would, for commands that only redact
// (compiling the classification rules is most of a CLI start-up).
// Thread-safety: immutable after create(); share one Core between all threads.
#pragma once

#include "support/expected.hpp"
#include <optional>
#include <string>

#include "heuristics/rule_engine.hpp"
#include "redact/fingerprint.hpp"
#include "redact/redactor.hpp"

namespace flakyd::engine {

struct CoreOptions {
  std::optional<std::string> rule_file;  // path; none: built-ins only
  bool redact_emails = true;             // a rule file may override
  bool redact_ip_addresses = true;
};

struct Core {
  heuristics::RuleEngine rules;
  redact::Redactor redactor;
  redact::Fingerprinter fingerprinter;

  static flakyd::expected<Core, std::string> create(const CoreOptions& options = {});
};

flakyd::expected<redact::Redactor, std::string> create_redactor(const CoreOptions& options = {});

}  // namespace flakyd::engine
