#include "heuristics/rule_pack_toml.hpp"

#include <algorithm>
#include <array>
#include <sstream>

namespace flakyd::heuristics {

namespace {

constexpr std::array<std::string_view, 16> k_known_keys = {
    "id",      "category",     "confidence",  "languages",       "reason",
    "pattern", "patterns",     "asserts",     "marker",          "base_delay_s",
    "max_delay_s", "enabled",  "examples",    "counter_examples", "description",
    "frame",
};

struct RuleSite {
  std::string origin;
  std::size_t index;
  std::string id;

  std::string operator()(std::string_view what) const {
    std::string at = origin + ": rules[" + std::to_string(index) + "]";
    if (!id.empty()) at += " (id '" + id + "')";
    return at + ": " + std::string(what);
  }
};

flakyd::expected<std::vector<std::string>, std::string> string_list(const toml::table& entry,
                                                                    std::string_view key,
                                                                    const RuleSite& site) {
  std::vector<std::string> values;
  const toml::node* node = entry.get(key);
  if (!node) return values;
  const toml::array* array = node->as_array();
  if (!array) return flakyd::unexpected(site("field '" + std::string(key) + "' must be an array of strings"));
  for (const toml::node& item : *array) {
    const auto* text = item.as_string();
    if (!text) return flakyd::unexpected(site("field '" + std::string(key) + "' must hold strings only"));
    values.push_back(text->get());
  }
  return values;
}

template <typename T>
flakyd::expected<T, std::string> scalar(const toml::table& entry, std::string_view key,
                                        const RuleSite& site, T fallback) {
  if (auto value = field_or<T>(entry, key, std::move(fallback))) return *std::move(value);
  return flakyd::unexpected(site("field '" + std::string(key) + "' has the wrong type"));
}

// The rule's `pattern`, or its `patterns` joined as one alternation (kept apart in `alternatives`).
flakyd::expected<std::string, std::string> joined_pattern(const toml::table& entry, const RuleSite& site,
                                                         std::vector<std::string>& alternatives) {
  auto single = scalar<std::string>(entry, "pattern", site, "");
  if (!single) return single;
  auto listed = string_list(entry, "patterns", site);
  if (!listed) return flakyd::unexpected(listed.error());
  if (!single->empty() && !listed->empty()) {
    return flakyd::unexpected(site("give 'pattern' or 'patterns', not both"));
  }
  if (listed->empty()) return single;
  std::string pattern;
  for (const auto& alternative : *listed) {
    if (alternative.empty()) return flakyd::unexpected(site("an empty alternative in 'patterns'"));
    if (!pattern.empty()) pattern += '|';
    pattern += "(?:" + alternative + ")";
  }
  alternatives = std::move(*listed);
  return pattern;
}

flakyd::expected<void, std::string> read_advice(const toml::table& entry, const RuleSite& site,
                                               AdviceOverride& advice) {
  for (auto [key, slot] : {std::pair{"base_delay_s", &advice.base_delay_s},
                           std::pair{"max_delay_s", &advice.max_delay_s}}) {
    if (!entry.contains(key)) continue;
    auto value = scalar<double>(entry, key, site, 0.0);
    if (!value) return flakyd::unexpected(value.error());
    if (*value < 0) return flakyd::unexpected(site(std::string("field '") + key + "' must be >= 0"));
    *slot = *value;
  }
  return {};
}

flakyd::expected<Rule, std::string> parse_rule(const toml::table& entry, RuleSite site) {
  auto id = scalar<std::string>(entry, "id", site, "");
  if (!id) return flakyd::unexpected(id.error());
  if (id->empty()) return flakyd::unexpected(site("field 'id' is required"));
  site.id = *id;
  for (const auto& [key, value] : entry) {
    if (std::find(k_known_keys.begin(), k_known_keys.end(), key.str()) == k_known_keys.end()) {
      return flakyd::unexpected(site("unknown field '" + std::string(key.str()) + "'"));
    }
  }
  Rule rule;
  rule.id = *id;
  rule.origin = site.origin;
  auto enabled = scalar<bool>(entry, "enabled", site, true);
  auto pattern = joined_pattern(entry, site, rule.alternatives);
  if (!enabled) return flakyd::unexpected(enabled.error());
  if (!pattern) return flakyd::unexpected(pattern.error());
  rule.enabled = *enabled;
  if (!rule.enabled && pattern->empty()) {
    rule.pattern = "(?:disabled)";  // switching a built-in off needs only the id
    return rule;
  }
  if (pattern->empty()) return flakyd::unexpected(site("field 'pattern' or 'patterns' is required"));
  rule.pattern = std::move(*pattern);

  auto category_name = scalar<std::string>(entry, "category", site, "");
  if (!category_name) return flakyd::unexpected(category_name.error());
  const auto category = parse_category(*category_name);
  if (!category) return flakyd::unexpected(site("unknown category '" + *category_name + "'"));
  rule.category = *category;

  auto confidence = scalar<double>(entry, "confidence", site, 0.8);
  auto reason = scalar<std::string>(entry, "reason", site, "");
  auto asserts = scalar<bool>(entry, "asserts", site, false);
  auto marker = scalar<bool>(entry, "marker", site, false);
  auto frame = scalar<bool>(entry, "frame", site, false);
  auto languages = string_list(entry, "languages", site);
  auto examples = string_list(entry, "examples", site);
  auto counter_examples = string_list(entry, "counter_examples", site);
  if (!confidence) return flakyd::unexpected(confidence.error());
  if (!reason) return flakyd::unexpected(reason.error());
  if (!asserts) return flakyd::unexpected(asserts.error());
  if (!marker) return flakyd::unexpected(marker.error());
  if (!frame) return flakyd::unexpected(frame.error());
  if (!languages) return flakyd::unexpected(languages.error());
  if (!examples) return flakyd::unexpected(examples.error());
  if (!counter_examples) return flakyd::unexpected(counter_examples.error());
  if (!(*confidence >= 0.0 && *confidence <= 1.0)) {
    return flakyd::unexpected(site("field 'confidence' must be within [0, 1]"));
  }
  rule.confidence = *confidence;
  rule.reason = reason->empty() ? "rule " + rule.id + " matched" : std::move(*reason);
  rule.asserts = *asserts;
  rule.marker = *marker;
  rule.frame = *frame;
  for (const auto& language : *languages) {
    const auto parsed = parse_language(language);
    if (parsed == Language::any) return flakyd::unexpected(site("unknown language '" + language + "'"));
    rule.languages |= mask_of(parsed);
  }
  rule.examples = std::move(*examples);
  rule.counter_examples = std::move(*counter_examples);
  if (auto advice = read_advice(entry, site, rule.advice); !advice) {
    return flakyd::unexpected(advice.error());
  }
  return rule;
}

}  // namespace

flakyd::expected<std::vector<Rule>, std::string> rules_from_table(const toml::table& document,
                                                                  std::string_view origin) {
  std::vector<Rule> rules;
  const toml::node* node = document.get("rules");
  if (!node) return rules;
  const toml::array* array = node->as_array();
  if (!array) return flakyd::unexpected(std::string(origin) + ": 'rules' must be an array of tables");
  rules.reserve(array->size());
  for (std::size_t index = 0; index < array->size(); ++index) {
    const RuleSite site{std::string(origin), index, ""};
    const toml::table* entry = array->get(index)->as_table();
    if (!entry) return flakyd::unexpected(site("a rule must be a table"));
    auto rule = parse_rule(*entry, site);
    if (!rule) return flakyd::unexpected(rule.error());
    rules.push_back(std::move(*rule));
  }
  return rules;
}

flakyd::expected<toml::table, std::string> parse_toml(std::string_view text, std::string_view origin) {
  try {
    return toml::parse(text, std::string(origin));
  } catch (const toml::parse_error& error) {
    std::ostringstream message;
    message << origin << ":" << error.source().begin.line << ":" << error.source().begin.column
            << ": not valid TOML: " << error.description();
    return flakyd::unexpected(message.str());
  }
}

flakyd::expected<std::vector<Rule>, std::string> parse_rule_pack(std::string_view toml_text,
                                                                 std::string_view origin) {
  auto document = parse_toml(toml_text, origin);
  if (!document) return flakyd::unexpected(document.error());
  return rules_from_table(*document, origin);
}

}  // namespace flakyd::heuristics
