#include "daemon/run_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <csignal>
#include <cstring>
#include <iostream>

#include "daemon/child_process.hpp"
#include "daemon/decision_text.hpp"
#include "daemon/pipeline.hpp"

namespace flakyd::app {

namespace {

constexpr int k_exit_config = 2;

std::string command_line(const std::vector<std::string>& command) {
  std::string line;
  for (const auto& word : command) {
    if (!line.empty()) line += ' ';
    line += word;
  }
  return line;
}

std::string signal_name(int number) {
  const char* description = strsignal(number);
  return description ? description : "signal " + std::to_string(number);
}

// What the classifier reads for a failed attempt. A timeout is described as one (the output
// before it may show symptoms, not the cause); a death by signal is appended to the output.
engine::FailureReport failure_report(const AttemptResult& result, const RunSettings& run, int attempt) {
  engine::FailureReport report;
  if (result.timed_out) {
    report.trace = fmt::format("flakyd run: the attempt timed out after {:g} s (--timeout)", run.timeout_s.value_or(0));
  } else {
    report.trace = result.tail;
    if (result.signal) {
      report.trace += fmt::format("\nflakyd run: the command was killed by signal {} ({}), exit status {}\n",
                                  *result.signal, signal_name(*result.signal), result.exit_code);
    }
  }
  report.test_id = command_line(run.command);
  report.runner = "flakyd-run";
  report.attempt = attempt;
  report.max_attempts = run.max_attempts;
  report.policy.base_delay_s = run.delay_s;
  report.policy.backoff = heuristics::parse_backoff(run.backoff).value_or(heuristics::Backoff::exp);
  report.policy.retry_on = run.retry_on;
  return report;
}

void say(const std::string& line) { std::cerr << "flakyd: " << line << std::endl; }

}  // namespace

int run_command(const Settings& settings, const RunSettings& run) {
  auto pipeline = Pipeline::build(settings, nullptr, CacheDefault::off);
  if (!pipeline) {
    spdlog::error("configuration error: {}", pipeline.error());
    return k_exit_config;
  }
  const engine::Classifier& classifier = *(*pipeline)->classifier;
  SignalRelay relay;
  AttemptOptions options;
  options.argv = run.command;
  if (run.timeout_s) options.timeout = std::chrono::milliseconds(std::llround(*run.timeout_s * 1000));
  options.kill_grace = std::chrono::milliseconds(std::llround(run.kill_grace_s * 1000));

  for (int attempt = 1;; ++attempt) {
    const AttemptResult result = run_attempt(options, relay);
    if (!result.start_error.empty()) {
      say(fmt::format("attempt {}: {}; not retrying", attempt, result.start_error));
      return result.exit_code;
    }
    if (result.exit_code == 0) {
      if (attempt > 1) say(fmt::format("attempt {} passed", attempt));
      return 0;
    }
    if (result.forwarded_signal) {
      say(fmt::format("attempt {} ended after {} was passed on to the command; not retrying (exit {})", attempt,
                      signal_name(*result.forwarded_signal), result.exit_code));
      return result.exit_code;
    }
    if (result.output_closed) {
      say(fmt::format("attempt {} failed (exit {}) after its output was closed by the reader; not retrying", attempt,
                      result.exit_code));
      return result.exit_code;
    }
    const auto decision = classifier.classify(failure_report(result, run, attempt));
    const std::string what = result.timed_out ? fmt::format("timed out after {:g} s", run.timeout_s.value_or(0))
                                              : std::string("failed");
    const std::string head = fmt::format("attempt {} {}: {} ({})", attempt, what,
                                         heuristics::to_string(decision.category),
                                         result.timed_out ? "--timeout" : rule_words(decision));
    if (decision.action == heuristics::Action::stop_retry) {
      say(head + "; " + stop_clause(decision.reason));
      return result.exit_code;
    }
    say(fmt::format("{}; retrying in {:g} s", head, decision.delay_s));
    const auto delay = std::chrono::milliseconds(std::llround(decision.delay_s * 1000));
    if (auto interrupted = relay.sleep_for(delay)) {
      say(fmt::format("{} received while waiting; not retrying (exit {})", signal_name(*interrupted), result.exit_code));
      return result.exit_code;
    }
  }
}

}  // namespace flakyd::app
