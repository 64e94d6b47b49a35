#include "engine/rule_file.hpp"

#include "heuristics/rule_pack_toml.hpp"
#include "support/json_depth.hpp"

#include <cctype>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace flakyd::engine {

namespace {

using nlohmann::json;

// JSON rule files share the TOML files' reader: the document is converted to a toml::table.
using NodePtr = std::unique_ptr<toml::node>;

flakyd::expected<NodePtr, std::string> to_node(const json& value, const std::string& at) {
  switch (value.type()) {
    case json::value_t::object: {
      auto table = std::make_unique<toml::table>();
      for (const auto& item : value.items()) {
        const std::string& key = item.key();  // clang 14 cannot capture a structured binding
        auto node = to_node(item.value(), at + "." + key);
        if (!node) return node;
        (*node)->visit([&](auto&& concrete) { table->insert(key, std::move(concrete)); });
      }
      return NodePtr(std::move(table));
    }
    case json::value_t::array: {
      auto array = std::make_unique<toml::array>();
      for (std::size_t i = 0; i < value.size(); ++i) {
        auto node = to_node(value[i], at + "[" + std::to_string(i) + "]");
        if (!node) return node;
        (*node)->visit([&](auto&& concrete) { array->push_back(std::move(concrete)); });
      }
      return NodePtr(std::move(array));
    }
    case json::value_t::string: return NodePtr(std::make_unique<toml::value<std::string>>(value.get<std::string>()));
    case json::value_t::boolean: return NodePtr(std::make_unique<toml::value<bool>>(value.get<bool>()));
    case json::value_t::number_integer: return NodePtr(std::make_unique<toml::value<int64_t>>(value.get<int64_t>()));
    case json::value_t::number_unsigned:  // nlohmann reads every non-negative integer as unsigned
      if (value.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return NodePtr(std::make_unique<toml::value<int64_t>>(value.get<int64_t>()));
      }
      [[fallthrough]];
    case json::value_t::number_float: return NodePtr(std::make_unique<toml::value<double>>(value.get<double>()));
    default: return flakyd::unexpected(at + ": null and binary values are not allowed");
  }
}

flakyd::expected<toml::table, std::string> json_document(std::string_view json_text) {
  // A rule file is configuration, yet a hand-made one can still nest absurdly deep, and a deep
  // value would overflow the stack when converted or destroyed.
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
  auto converted = to_node(document, "");
  if (!converted) return flakyd::unexpected(converted.error());
  return std::move(*(*converted)->as_table());
}

// '{' opens JSON; so does '[' unless it opens a TOML table header ("[[rules]]", "[x]").
bool looks_like_json(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  if (text[first] != '[') return text[first] == '{';
  auto rest = text.substr(first + 1);
  if (!rest.empty() && rest.front() == '[') rest.remove_prefix(1);
  const auto name = rest.find_first_not_of(" \t");
  if (name == std::string_view::npos) return true;
  const char c = rest[name];
  return !(std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '"');
}

flakyd::expected<redact::SecretRule, std::string> parse_secret(const toml::node& node, std::size_t index) {
  const std::string at = "secrets[" + std::to_string(index) + "]";
  const toml::table* entry = node.as_table();
  if (!entry) return flakyd::unexpected(at + ": a secret rule must be a table");
  for (const auto& [key, value] : *entry) {
    if (key != "kind" && key != "pattern" && key != "group" && key != "description") {
      return flakyd::unexpected(at + ": unknown field '" + std::string(key.str()) + "'");
    }
  }
  const auto kind = heuristics::field_or<std::string>(*entry, "kind", "");
  const auto pattern = heuristics::field_or<std::string>(*entry, "pattern", "");
  const auto group = heuristics::field_or<int64_t>(*entry, "group", 0);
  if (!kind || !pattern || !group) return flakyd::unexpected(at + ": a field has the wrong type");
  if (kind->empty() || pattern->empty()) {
    return flakyd::unexpected(at + ": fields 'kind' and 'pattern' are required");
  }
  if (*group < 0 || *group > 9) return flakyd::unexpected(at + ": 'group' must be within [0, 9]");
  return redact::SecretRule{*kind, *pattern, static_cast<int>(*group), redact::Validator::none,
                            redact::Extent::match};
}

flakyd::expected<RuleFile, std::string> file_from_table(const toml::table& document) {
  for (const auto& [key, value] : document) {
    const std::string_view name = key.str();
    if (name == "rules" || name == "secrets" || name == "allow") {
      if (!value.is_array()) return flakyd::unexpected("'" + std::string(name) + "' must be an array");
    } else if (name == "redact_emails" || name == "redact_ip_addresses") {
      if (!value.is_boolean()) return flakyd::unexpected("'" + std::string(name) + "' must be true or false");
    } else {
      return flakyd::unexpected("unknown key '" + std::string(name) + "'");
    }
  }
  RuleFile file;
  auto rules = heuristics::rules_from_table(document, "rule file");
  if (!rules) return flakyd::unexpected(rules.error());
  file.rules = std::move(*rules);
  if (const auto* secrets = document["secrets"].as_array()) {
    for (std::size_t i = 0; i < secrets->size(); ++i) {
      auto secret = parse_secret(*secrets->get(i), i);
      if (!secret) return flakyd::unexpected(secret.error());
      file.secrets.push_back(std::move(*secret));
    }
  }
  if (const auto* allow = document["allow"].as_array()) {
    for (const auto& pattern : *allow) {
      if (!pattern.is_string()) return flakyd::unexpected("'allow' entries must be strings");
      file.allow.push_back(*pattern.value<std::string>());
    }
  }
  file.redact_emails = document["redact_emails"].value<bool>();
  file.redact_ip_addresses = document["redact_ip_addresses"].value<bool>();
  return file;
}

}  // namespace

flakyd::expected<RuleFile, std::string> parse_rule_file(std::string_view text) {
  auto document = looks_like_json(text) ? json_document(text) : heuristics::parse_toml(text, "rule file");
  if (!document) return flakyd::unexpected(document.error());
  return file_from_table(*document);
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
