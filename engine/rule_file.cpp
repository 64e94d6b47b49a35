#include "engine/rule_file.hpp"

#include "support/json_depth.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace flakyd::engine {

namespace {

using nlohmann::json;

std::string where(std::string_view section, std::size_t index, const json& entry) {
  std::string label = std::string(section) + "[" + std::to_string(index) + "]";
  if (entry.is_object() && entry.contains("id") && entry["id"].is_string()) {
    label += " (id '" + entry["id"].get<std::string>() + "')";
  }
  return label;
}

template <typename T>
flakyd::expected<T, std::string> field(const json& entry, const char* name, const std::string& at,
                                    T fallback) {
  if (!entry.contains(name)) return fallback;
  try {
    return entry.at(name).get<T>();
  } catch (const json::exception&) {
    return flakyd::unexpected(at + ": field '" + name + "' has the wrong type");
  }
}

flakyd::expected<heuristics::Rule, std::string> parse_rule(const json& entry, const std::string& at) {
  if (!entry.is_object()) return flakyd::unexpected(at + ": a rule must be an object");
  heuristics::Rule rule;
  auto id = field<std::string>(entry, "id", at, "");
  auto category = field<std::string>(entry, "category", at, "");
  auto pattern = field<std::string>(entry, "pattern", at, "");
  auto confidence = field<double>(entry, "confidence", at, 0.8);
  auto reason = field<std::string>(entry, "reason", at, "");
  auto enabled = field<bool>(entry, "enabled", at, true);
  auto languages = field<std::vector<std::string>>(entry, "languages", at, {});
  for (const auto* text : {&id, &category, &pattern, &reason}) {
    if (!*text) return flakyd::unexpected(text->error());
  }
  if (!confidence) return flakyd::unexpected(confidence.error());
  if (!enabled) return flakyd::unexpected(enabled.error());
  if (!languages) return flakyd::unexpected(languages.error());
  if (id->empty()) return flakyd::unexpected(at + ": field 'id' is required");
  rule.id = *id;
  rule.enabled = *enabled;
  if (!rule.enabled && pattern->empty()) {
    rule.pattern = "(?:disabled)";  // switching a built-in off needs only the id
    return rule;
  }
  const auto parsed = heuristics::parse_category(*category);
  if (!parsed) return flakyd::unexpected(at + ": unknown category '" + *category + "'");
  if (pattern->empty()) return flakyd::unexpected(at + ": field 'pattern' is required");
  rule.category = *parsed;
  rule.pattern = *pattern;
  rule.confidence = *confidence;
  rule.reason = reason->empty() ? "rule " + *id + " matched" : *reason;
  for (const auto& language : *languages) {
    const auto parsed_language = heuristics::parse_language(language);
    if (parsed_language == heuristics::Language::any) {
      return flakyd::unexpected(at + ": unknown language '" + language + "'");
    }
    rule.languages |= heuristics::mask_of(parsed_language);
  }
  for (const char* key : {"base_delay_s", "max_delay_s"}) {
    auto value = field<double>(entry, key, at, -1.0);
    if (!value) return flakyd::unexpected(value.error());
    if (entry.contains(key) && *value < 0) {
      return flakyd::unexpected(at + ": field '" + key + "' must be >= 0");
    }
    if (*value >= 0) {
      (std::string_view(key) == "base_delay_s" ? rule.advice.base_delay_s
                                                : rule.advice.max_delay_s) = *value;
    }
  }
  return rule;
}

flakyd::expected<redact::SecretRule, std::string> parse_secret(const json& entry,
                                                            const std::string& at) {
  if (!entry.is_object()) return flakyd::unexpected(at + ": a secret rule must be an object");
  auto kind = field<std::string>(entry, "kind", at, "");
  auto pattern = field<std::string>(entry, "pattern", at, "");
  auto group = field<int>(entry, "group", at, 0);
  if (!kind) return flakyd::unexpected(kind.error());
  if (!pattern) return flakyd::unexpected(pattern.error());
  if (!group) return flakyd::unexpected(group.error());
  if (kind->empty() || pattern->empty()) {
    return flakyd::unexpected(at + ": fields 'kind' and 'pattern' are required");
  }
  return redact::SecretRule{*kind, *pattern, *group, redact::Validator::none, redact::Extent::match};
}

}  // namespace

flakyd::expected<RuleFile, std::string> parse_rule_file(std::string_view json_text) {
  // A rule file is configuration, yet a hand-made one can still nest absurdly deep, and a deep
  // value would overflow the stack when destroyed.
  constexpr int k_max_depth = 32;
  if (json_depth(json_text, k_max_depth) > k_max_depth) {
    return flakyd::unexpected("nested deeper than " + std::to_string(k_max_depth) + " levels");
  }
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::exception& error) {
    // parse_error, and out_of_range for a number beyond double's range (found by fuzz_rule_file).
    return flakyd::unexpected(std::string("not valid JSON: ") + error.what());
  }
  if (!document.is_object()) return flakyd::unexpected("the top level must be a JSON object");
  RuleFile file;
  for (const auto& [key, value] : document.items()) {
    if (key == "rules" || key == "secrets" || key == "allow") {
      if (!value.is_array()) return flakyd::unexpected("'" + key + "' must be an array");
    } else if (key == "redact_emails" || key == "redact_ip_addresses") {
      if (!value.is_boolean()) return flakyd::unexpected("'" + key + "' must be true or false");
    } else {
      return flakyd::unexpected("unknown key '" + key + "'");
    }
  }
  if (document.contains("rules")) {
    const auto& rules = document["rules"];
    for (std::size_t i = 0; i < rules.size(); ++i) {
      auto rule = parse_rule(rules[i], where("rules", i, rules[i]));
      if (!rule) return flakyd::unexpected(rule.error());
      file.rules.push_back(std::move(*rule));
    }
  }
  if (document.contains("secrets")) {
    const auto& secrets = document["secrets"];
    for (std::size_t i = 0; i < secrets.size(); ++i) {
      auto secret = parse_secret(secrets[i], where("secrets", i, secrets[i]));
      if (!secret) return flakyd::unexpected(secret.error());
      file.secrets.push_back(std::move(*secret));
    }
  }
  if (document.contains("allow")) {
    for (const auto& pattern : document["allow"]) {
      if (!pattern.is_string()) return flakyd::unexpected("'allow' entries must be strings");
      file.allow.push_back(pattern.get<std::string>());
    }
  }
  if (document.contains("redact_emails")) file.redact_emails = document["redact_emails"].get<bool>();
  if (document.contains("redact_ip_addresses")) {
    file.redact_ip_addresses = document["redact_ip_addresses"].get<bool>();
  }
  return file;
}

flakyd::expected<RuleFile, std::string> load_rule_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return flakyd::unexpected(path + ": cannot open the rule file");
  std::ostringstream content;
  content << in.rdbuf();
  auto file = parse_rule_file(content.str());
  if (!file) return flakyd::unexpected(path + ": " + file.error());
  return file;
}

}  // namespace flakyd::engine
