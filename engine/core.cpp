#include "engine/core.hpp"

#include "engine/rule_file.hpp"

namespace flakyd::engine {

flakyd::expected<Core, std::string> Core::create(const CoreOptions& options) {
  RuleFile file;
  if (options.rule_file) {
    auto loaded = load_rule_file(*options.rule_file);
    if (!loaded) return flakyd::unexpected(loaded.error());
    file = std::move(*loaded);
  }
  auto rules = heuristics::RuleEngine::compile(
      heuristics::merge_rules(heuristics::builtin_rules(), file.rules));
  if (!rules) {
    const auto& error = rules.error();
    return flakyd::unexpected(
        (options.rule_file ? *options.rule_file + ": " : std::string()) +
        (error.rule_id.empty() ? "" : "rule '" + error.rule_id + "': ") + error.message);
  }
  redact::RedactorOptions redactor_options;
  redactor_options.redact_emails = file.redact_emails.value_or(options.redact_emails);
  redactor_options.redact_ip_addresses =
      file.redact_ip_addresses.value_or(options.redact_ip_addresses);
  redactor_options.extra_rules = std::move(file.secrets);
  redactor_options.allow_patterns = std::move(file.allow);
  auto redactor = redact::Redactor::create(std::move(redactor_options));
  if (!redactor) {
    return flakyd::unexpected((options.rule_file ? *options.rule_file + ": " : std::string()) +
                           redactor.error().what);
  }
  return Core{std::move(*rules), std::move(*redactor), redact::Fingerprinter{}};
}

}  // namespace flakyd::engine
