#include "daemon/decision_text.hpp"

#include <algorithm>

namespace flakyd::app {

std::string rule_words(const engine::Decision& decision) {
  if (decision.rule.empty()) return "no rule matched";
  std::string name = decision.rule.substr(decision.rule.rfind('.') + 1);
  std::replace(name.begin(), name.end(), '-', ' ');
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

std::string stop_clause(const std::string& reason) {
  const auto cut = reason.rfind("; ");
  return cut == std::string::npos ? reason : reason.substr(cut + 2);
}

}  // namespace flakyd::app
