#include "daemon/history_commands.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>

#include "daemon/pipeline.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/wire.hpp"

namespace flakyd::app {

using nlohmann::json;

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_bad_input = 1;
constexpr int k_exit_config = 2;
constexpr int k_exit_io = 3;
constexpr std::size_t k_max_outcome_input = 64 << 20;

std::optional<std::string> read_input(const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return std::nullopt;
    in = &file;
  }
  std::string text;
  char buffer[65536];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in->gcount()));
    if (text.size() > k_max_outcome_input) return std::nullopt;
  }
  return text;
}

std::int64_t days_ago(double days) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(now).count() - static_cast<std::int64_t>(days * 86400.0);
}

void print_table(const std::vector<engine::TestSummary>& tests) {
  if (tests.empty()) {
    std::cout << "no tests in the history store for this selection\n";
    return;
  }
  std::printf("%6s %8s %6s %6s  %-20s %s\n", "runs", "failures", "flaky", "rate", "last category", "test");
  for (const auto& test : tests) {
    std::printf("%6ld %8ld %6ld %5.1f%%  %-20s %s\n", test.runs, test.failures, test.flaky_runs,
                test.flake_rate * 100.0, test.last_category.empty() ? "-" : test.last_category.c_str(),
                test.test_id.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

json history_to_json(const std::vector<engine::TestSummary>& tests) {
  json list = json::array();
  for (const auto& test : tests) {
    list.push_back({{"test_id", test.test_id},
                    {"runs", test.runs},
                    {"failures", test.failures},
                    {"flaky_runs", test.flaky_runs},
                    {"flake_rate", std::round(test.flake_rate * 1000.0) / 1000.0},
                    {"last_category", test.last_category},
                    {"last_seen_unix", test.last_seen_unix}});
  }
  return list;
}

int run_outcome(const Settings& settings) {
  auto text = read_input(settings.input);
  if (!text) {
    spdlog::error("cannot read {} (or it is over {} bytes)", settings.input, k_max_outcome_input);
    return k_exit_io;
  }
  auto parsed = protocol::parse_json(*text);
  if (!parsed) {
    std::cout << protocol::dump_json(json{{"error", parsed.error().message}}) << "\n";
    return k_exit_bad_input;
  }
  auto batch = protocol::parse_outcome_batch(*parsed);
  if (!batch) {
    std::cout << protocol::dump_json(json{{"error", batch.error()}}) << "\n";
    return k_exit_bad_input;
  }
  auto core = engine::Core::create(core_options(settings));
  if (!core) {
    spdlog::error("configuration error: {}", core.error());
    return k_exit_config;
  }
  auto store = open_history(settings, nullptr);
  if (!store) return k_exit_io;
  const engine::OutcomeRecorder recorder(*core, *store);
  auto recorded = recorder.record(std::move(*batch));
  if (!recorded) return k_exit_io;
  std::cout << protocol::dump_json(json{{"recorded", *recorded}}) << "\n";
  return k_exit_ok;
}

int run_history(const Settings& settings) {
  auto store = open_history(settings, nullptr);
  if (!store) return k_exit_io;
  engine::SummaryQuery query;
  query.since_unix = days_ago(settings.history_since_days);
  if (settings.history_test) {
    // Stored test ids are redacted: look the given one up the same way.
    auto core = engine::Core::create(core_options(settings));
    if (!core) {
      spdlog::error("configuration error: {}", core.error());
      return k_exit_config;
    }
    query.test_id = core->redactor.redact(*settings.history_test).text;
  }
  if (settings.history_action == "flaky") query.min_flake_rate = std::max(settings.min_flake_rate, 1e-9);
  auto tests = store->summarise(query);
  if (!tests) return k_exit_io;
  if (settings.json_output) {
    std::cout << protocol::dump_json(json{{"store", store->describe()}, {"tests", history_to_json(*tests)}}, 2)
              << "\n";
  } else {
    print_table(*tests);
  }
  return k_exit_ok;
}

}  // namespace flakyd::app
