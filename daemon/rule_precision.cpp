#include "daemon/rule_precision.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include "daemon/pipeline.hpp"
#include "protocol/json_limits.hpp"
#include "report/builder.hpp"

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

// The retry decisions of the trails, and every failure they saw (to tell a retry that failed again).
struct TrailScan {
  std::vector<RetryAdvice> retries;
  std::set<FailureKey> failures;

  void add(std::istream& trail) {
    std::string line;
    while (std::getline(trail, line)) {
      auto parsed = protocol::parse_json(line, 8);
      if (parsed && parsed->is_object()) add_decision(*parsed);
    }
  }

  void add_decision(const json& entry) {
    const std::string run_id = text_field(entry, "run_id");
    const std::string test_id = text_field(entry, "test_id");
    if (run_id.empty() || test_id.empty()) return;  // no outcome can be found for it
    const auto attempt_field = entry.find("attempt");
    const long attempt = attempt_field != entry.end() && attempt_field->is_number_integer()
                             ? attempt_field->get<long>()
                             : 0L;
    failures.emplace(run_id, test_id, attempt);
    if (text_field(entry, "action") == "retry_with_delay") {
      retries.push_back({text_field(entry, "rule"), run_id, test_id, attempt});
    }
  }

  // A trail line is text someone may have edited: a field of the wrong type reads as absent
  // (json::value() would throw and end the whole scan).
  static std::string text_field(const json& entry, const char* key) {
    const auto field = entry.find(key);
    return field != entry.end() && field->is_string() ? field->get<std::string>() : std::string();
  }
};

}  // namespace

RuleOutcomeMap rule_retry_outcomes(const std::vector<std::istream*>& trails, engine::HistoryStore& store) {
  TrailScan scan;
  for (auto* trail : trails) scan.add(*trail);
  std::vector<engine::RunTest> keys;
  keys.reserve(scan.retries.size());
  for (const auto& retry : scan.retries) keys.push_back({retry.run_id, retry.test_id});
  const auto outcomes = store.final_outcomes(keys);
  RuleOutcomeMap rules;
  if (!outcomes) return rules;
  for (std::size_t i = 0; i < scan.retries.size(); ++i) {
    if (!(*outcomes)[i]) continue;
    const auto& retry = scan.retries[i];
    const bool passed = (*outcomes)[i]->outcome == engine::Outcome::passed &&
                        !scan.failures.contains({retry.run_id, retry.test_id, retry.attempt + 1});
    auto& counts = rules[retry.rule];
    ++counts.retries_with_outcome;
    counts.retries_then_passed += passed ? 1 : 0;
  }
  return rules;
}

StoreHistorySource::StoreHistorySource(std::unique_ptr<engine::HistoryStore> store, RuleOutcomeMap rules)
    : m_store(std::move(store)), m_rules(std::move(rules)) {}

std::vector<report::FlakyTest> StoreHistorySource::flakiest_tests(std::size_t limit,
                                                                  std::optional<int> since_days) const {
  engine::SummaryQuery query;
  query.limit = limit;
  query.min_flake_rate = 1e-9;  // flaky at least once
  if (since_days) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    query.since_unix = std::chrono::duration_cast<std::chrono::seconds>(now).count() - std::int64_t{*since_days} * 86400;
  }
  const auto tests = m_store->summarise(query);
  std::vector<report::FlakyTest> flakiest;
  if (!tests) return flakiest;
  for (const auto& test : *tests) {
    flakiest.push_back({test.test_id, test.flake_rate, test.runs, test.flaky_runs, test.last_category, "",
                        report::iso_utc(test.last_seen_unix)});
  }
  return flakiest;
}

std::optional<report::HistorySource::RuleOutcomes> StoreHistorySource::rule_outcomes(std::string_view rule) const {
  const auto found = m_rules.find(std::string(rule));
  if (found == m_rules.end()) return std::nullopt;
  return found->second;
}

std::unique_ptr<StoreHistorySource> open_report_history(const Settings& settings) {
  if (settings.no_history) return nullptr;
  if (!settings.store_url && !std::filesystem::exists(store::default_sqlite_path())) return nullptr;
  auto store = open_history(settings, nullptr);
  if (!store) return nullptr;
  std::vector<std::ifstream> files;
  files.reserve(settings.trails.size());
  std::vector<std::istream*> trails;
  for (const auto& path : settings.trails) {
    if (path == "-") continue;
    files.emplace_back(path);
    if (files.back()) trails.push_back(&files.back());
  }
  auto rules = rule_retry_outcomes(trails, *store);
  return std::make_unique<StoreHistorySource>(std::move(store), std::move(rules));
}

}  // namespace flakyd::app
