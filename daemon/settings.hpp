// Settings: everything the command line, FLAKYD_* environment variables and the config file
// decide, as one plain struct with the embedded defaults. Parsed in cli.cpp (the only file that
// includes CLI11); consumed by the commands.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flakyd::app {

enum class InputFormat { text, json, jsonl };

struct Settings {
  // shared
  std::optional<std::string> rules_file;
  bool keep_emails = false;
  bool keep_ip_addresses = false;
  std::size_t max_trace_bytes = 1 << 20;
  int unknown_retries = 1;
  std::string log_level = "info";
  std::string log_format = "text";  // or "json"

  // cache and report trail
  std::optional<std::string> cache_dir;  // default: $XDG_CACHE_HOME/flakyd or ~/.cache/flakyd
  bool no_cache = false;
  long long cache_ttl_seconds = 7 * 24 * 3600;
  std::uint64_t cache_max_bytes = 64ull << 20;
  std::optional<std::string> report_path;
  std::string cache_action;  // stats | prune | clear
  std::vector<std::string> trails;          // `flakyd report TRAIL...`
  std::optional<std::string> report_html;   // --html OUT
  std::optional<int> report_since_days;     // --since DAYS
  std::optional<int> report_blanket_reruns; // --reruns N
  bool json_output = false;

  // history store, outcomes and run-level guards (DESIGN.md, "Outcomes and history")
  std::optional<std::string> store_url;  // default for serve: sqlite: ($XDG_STATE_HOME/flakyd)
  // postgresql://... shares verdicts and history across a fleet (DESIGN.md, "Store")
  int store_timeout_ms = 50;                 // deadline of a store lookup on the classify path
  std::optional<std::string> store_journal;  // outcomes not yet shipped to PostgreSQL
  std::string store_action;                  // `flakyd store migrate|check`
  bool no_history = false;
  int history_days = 90;
  int run_retry_budget = 50;
  int storm_tests = 10;
  std::string history_action;  // `flakyd history [flaky]`
  std::optional<std::string> history_test;
  double history_since_days = 90;
  double min_flake_rate = 0.05;

  // upstream MCP classifier
  std::optional<std::string> upstream_url;
  std::string upstream_tool = "classify_failure";
  std::string upstream_token_env = "FLAKYD_UPSTREAM_TOKEN";
  std::optional<std::string> upstream_ca;
  int upstream_connect_timeout_ms = 500;
  int upstream_timeout_ms = 1500;
  std::size_t upstream_max_trace = 64 << 10;
  int breaker_threshold = 3;
  int breaker_cooldown_ms = 30000;
  double deterministic_veto = 0.8;

  // serve
  bool stdio = false;
  std::string listen = "127.0.0.1:7340";
  std::size_t threads = 16;  // workers for requests that may wait
  std::size_t max_connections = 1024;
  std::size_t max_body_bytes = 8 << 20;
  int request_timeout_seconds = 30;
  int max_json_depth = 64;
  std::vector<std::string> allowed_origins;

  // classify / redact
  std::string input = "-";
  InputFormat format = InputFormat::text;
  bool explain = false;
  std::string language;
  std::string exception_type;
  int attempt = 1;
  int max_attempts = 3;
  bool pretty = false;
};

}  // namespace flakyd::app
