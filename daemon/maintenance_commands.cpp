#include "daemon/maintenance_commands.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <vector>

#include "cache/disk_cache.hpp"
#include "daemon/pipeline.hpp"
#include "daemon/rule_precision.hpp"
#include "protocol/json_limits.hpp"

namespace flakyd::app {

using nlohmann::json;

namespace {

constexpr int k_exit_usage = 2;
constexpr int k_exit_io = 3;

void print_counts(const char* title, const json& counts) {
  std::cout << title << ":\n";
  for (const auto& [name, count] : counts.items()) std::cout << "  " << name << ": " << count << "\n";
}

}  // namespace

int run_cache(const Settings& settings) {
  auto store = cache::DiskCache::open(cache_options(settings, false));
  if (!store) {
    spdlog::error("cache: {}", store.error());
    return k_exit_io;
  }
  auto& cache = **store;
  json result = {{"directory", cache.directory().string()}};
  if (settings.cache_action == "stats") {
    const auto stats = cache.stats();
    result["entries"] = stats.entries;
    result["bytes"] = stats.bytes;
    result["max_bytes"] = settings.cache_max_bytes;
    result["ttl_seconds"] = settings.cache_ttl_seconds;
  } else if (settings.cache_action == "prune") {
    const auto pruned = cache.cleanup();
    result["removed_expired"] = pruned.removed_expired;
    result["removed_corrupt"] = pruned.removed_corrupt;
    result["evicted"] = pruned.evicted;
    result["bytes_after"] = pruned.bytes_after;
  } else if (settings.cache_action == "clear") {
    result["removed"] = cache.clear();
  } else {
    spdlog::error("cache: unknown action '{}' (stats, prune or clear)", settings.cache_action);
    return k_exit_usage;
  }
  if (settings.json_output) {
    std::cout << protocol::dump_json(result) << "\n";
  } else {
    for (const auto& [name, value] : result.items()) std::cout << name << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  return 0;
}

json summarise_trail(std::istream& trail) {
  std::map<std::string, long> categories, sources, actions, retried_tests;
  long decisions = 0, skipped = 0, ai = 0, ai_agree = 0;
  double retry_seconds = 0.0;
  std::string line;
  while (std::getline(trail, line)) {
    if (line.empty()) continue;
    auto parsed = protocol::parse_json(line, 8);
    if (!parsed || !parsed->is_object() || !(*parsed)["category"].is_string() ||
        !(*parsed)["action"].is_string() || !(*parsed)["source"].is_string()) {
      ++skipped;
      continue;
    }
    const auto& entry = *parsed;
    ++decisions;
    const std::string category = entry["category"];
    const std::string action = entry["action"];
    const std::string source = entry["source"];
    ++categories[category];
    ++sources[source];
    ++actions[action];
    if (action == "retry_with_delay") {
      retry_seconds += entry.value("delay_s", 0.0);
      const std::string test = entry.value("test_id", "");
      if (!test.empty()) ++retried_tests[test];
    }
    if (source == "ai") {
      ++ai;
      if (entry.value("heuristic", "") == category) ++ai_agree;
    }
  }
  std::vector<std::pair<std::string, long>> top(retried_tests.begin(), retried_tests.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (top.size() > 10) top.resize(10);
  json most_retried = json::array();
  for (const auto& [test, count] : top) most_retried.push_back({{"test_id", test}, {"retries", count}});
  json summary = {{"decisions", decisions},
                  {"skipped_lines", skipped},
                  {"by_category", categories},
                  {"by_source", sources},
                  {"by_action", actions},
                  {"most_retried", most_retried},
                  {"retry_seconds_advised", retry_seconds},
                  {"ai_decisions", ai}};
  summary["ai_heuristic_agreement"] = ai > 0 ? json(static_cast<double>(ai_agree) / static_cast<double>(ai)) : json(nullptr);
  return summary;
}

int run_report(const Settings& settings) {
  std::ifstream in(settings.trail);
  if (!in) {
    spdlog::error("cannot read the report trail {}", settings.trail);
    return k_exit_io;
  }
  json summary = summarise_trail(in);
  add_rule_precision(summary, settings);
  if (settings.json_output) {
    std::cout << protocol::dump_json(summary, 2) << "\n";
    return 0;
  }
  std::cout << "decisions: " << summary["decisions"] << " (" << summary["skipped_lines"]
            << " unreadable lines skipped)\n";
  print_counts("by category", summary["by_category"]);
  print_counts("by source", summary["by_source"]);
  print_counts("by action", summary["by_action"]);
  std::cout << "retry time advised: " << summary["retry_seconds_advised"].get<double>() << " s\n";
  std::cout << "tests retried most:\n";
  for (const auto& test : summary["most_retried"]) {
    std::cout << "  " << test["retries"] << "  " << test["test_id"].get<std::string>() << "\n";
  }
  if (summary["ai_heuristic_agreement"].is_null()) {
    std::cout << "AI/heuristic agreement: no AI decisions\n";
  } else {
    std::cout << "AI/heuristic agreement: " << summary["ai_heuristic_agreement"].get<double>() * 100.0
              << "% of " << summary["ai_decisions"] << " AI decisions\n";
  }
  print_rule_precision(summary);
  return 0;
}

}  // namespace flakyd::app
