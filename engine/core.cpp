#include "engine/core.hpp"

#include "engine/rule_file.hpp"

namespace flakyd::engine {

namespace {

std::string where(const CoreOptions& options) {
  return options.rule_file ? *options.rule_file + ": " : std::string();
}

flakyd::expected<RuleFile, std::string> rule_file_of(const CoreOptions& options) {
  if (!options.rule_file) return RuleFile{};
  return load_rule_file(*options.rule_file);
}

// The rule file's redaction settings win over the options' defaults.
flakyd::expected<redact::Redactor, std::string> redactor_from(RuleFile& file,
                                                             const CoreOptions& options) {
  redact::RedactorOptions redactor_options;
  redactor_options.redact_emails = file.redact_emails.value_or(options.redact_emails);
  redactor_options.redact_ip_addresses =
      file.redact_ip_addresses.value_or(options.redact_ip_addresses);
  redactor_options.extra_rules = std::move(file.secrets);
  redactor_options.allow_patterns = std::move(file.allow);
  auto redactor = redact::Redactor::create(std::move(redactor_options));
  if (!redactor) return flakyd::unexpected(where(options) + redactor.error().what);
  return std::move(*redactor);
}

}  // namespace

flakyd::expected<redact::Redactor, std::string> create_redactor(const CoreOptions& options) {
  auto file = rule_file_of(options);
  if (!file) return flakyd::unexpected(file.error());
  return redactor_from(*file, options);
}

flakyd::expected<Core, std::string> Core::create(const CoreOptions& options) {
  auto file = rule_file_of(options);
  if (!file) return flakyd::unexpected(file.error());
  auto rules = heuristics::RuleEngine::compile(
      heuristics::merge_rules(heuristics::builtin_rules(), file->rules));
  if (!rules) {
    const auto& error = rules.error();
    return flakyd::unexpected(where(options) +
                              (error.rule_id.empty() ? "" : "rule '" + error.rule_id + "': ") +
                              error.message);
  }
  auto redactor = redactor_from(*file, options);
  if (!redactor) return flakyd::unexpected(redactor.error());
  return Core{std::move(*rules), std::move(*redactor), redact::Fingerprinter{}};
}

}  // namespace flakyd::engine
