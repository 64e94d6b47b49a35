#include "daemon/rule_precision.hpp"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "daemon/pipeline.hpp"
#include "protocol/json_limits.hpp"

namespace flakyd::app {

using nlohmann::json;

namespace {

struct RetryAdvice {
  std::string rule;
  std::string run_id;
  std::string test_id;
  long attempt;
};

using FailureKey = std::tuple<std::string, std::string, long>;  // run, test, attempt

}  // namespace

json rule_retry_precision(std::istream& trail, engine::HistoryStore& store) {
  std::vector<RetryAdvice> retries;
  std::set<FailureKey> failures;
  long unjudged = 0;
  std::string line;
  while (std::getline(trail, line)) {
    auto parsed = protocol::parse_json(line, 8);
    if (!parsed || !parsed->is_object()) continue;
    const auto& entry = *parsed;
    const std::string run_id = entry.value("run_id", "");
    const std::string test_id = entry.value("test_id", "");
    const long attempt = entry.value("attempt", 0L);
    if (!run_id.empty() && !test_id.empty()) failures.emplace(run_id, test_id, attempt);
    if (entry.value("action", "") != "retry_with_delay") continue;
    if (run_id.empty() || test_id.empty()) {
      ++unjudged;
      continue;
    }
    const std::string rule = entry.value("rule", "");
    retries.push_back({rule.empty() ? "(no rule)" : rule, run_id, test_id, attempt});
  }
  std::vector<engine::RunTest> keys;
  keys.reserve(retries.size());
  for (const auto& retry : retries) keys.push_back({retry.run_id, retry.test_id});
  auto outcomes = store.final_outcomes(keys);

  std::map<std::string, std::pair<long, long>> by_rule;  // rule -> (judged retries, followed by a pass)
  for (std::size_t i = 0; i < retries.size(); ++i) {
    if (!outcomes || !(*outcomes)[i]) {
      ++unjudged;
      continue;
    }
    const auto& retry = retries[i];
    const bool passed = (*outcomes)[i]->outcome == engine::Outcome::passed &&
                        !failures.contains({retry.run_id, retry.test_id, retry.attempt + 1});
    auto& [judged, followed] = by_rule[retry.rule];
    ++judged;
    followed += passed ? 1 : 0;
  }
  json rules = json::array();
  for (const auto& [rule, counts] : by_rule) {
    rules.push_back({{"rule", rule},
                     {"retries", counts.first},
                     {"followed_by_pass", counts.second},
                     {"precision", static_cast<double>(counts.second) / static_cast<double>(counts.first)}});
  }
  return json{{"rules", rules}, {"unjudged", unjudged}};
}

void add_rule_precision(json& summary, const Settings& settings) {
  if (settings.no_history) return;
  if (!settings.store_url && !std::filesystem::exists(store::default_sqlite_path())) return;
  auto store = open_history(settings, nullptr);
  std::ifstream trail(settings.trail);
  if (!store || !trail) return;
  summary["rule_precision"] = rule_retry_precision(trail, *store);
}

void print_rule_precision(const json& summary) {
  if (!summary.contains("rule_precision")) return;
  const auto& precision = summary["rule_precision"];
  std::cout << "retry advice followed by a pass, per rule (" << precision["unjudged"]
            << " retries without a known outcome):\n";
  for (const auto& rule : precision["rules"]) {
    std::cout << "  " << rule["followed_by_pass"] << "/" << rule["retries"] << "  "
              << rule["rule"].get<std::string>() << "\n";
  }
}

}  // namespace flakyd::app
