#include "heuristics/advice.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace flakyd::heuristics {

std::string_view to_string(Backoff backoff) {
  switch (backoff) {
    case Backoff::exp: return "exp";
    case Backoff::linear: return "linear";
    case Backoff::none: return "none";
  }
  return "exp";
}

std::string_view to_string(Jitter jitter) { return jitter == Jitter::full ? "full" : "none"; }

std::string_view to_string(Action action) {
  return action == Action::retry_with_delay ? "retry_with_delay" : "stop_retry";
}

std::optional<Backoff> parse_backoff(std::string_view name) {
  if (name == "exp") return Backoff::exp;
  if (name == "linear") return Backoff::linear;
  if (name == "none") return Backoff::none;
  return std::nullopt;
}

std::optional<Jitter> parse_jitter(std::string_view name) {
  if (name == "none") return Jitter::none;
  if (name == "full") return Jitter::full;
  return std::nullopt;
}

double backoff_delay(Backoff backoff, double base_s, double max_s, int attempt) {
  const int n = std::max(attempt, 1);
  double delay = base_s;
  switch (backoff) {
    case Backoff::exp: delay = std::ldexp(base_s, std::min(n - 1, 1000)); break;
    case Backoff::linear: delay = base_s * n; break;
    case Backoff::none: break;
  }
  return std::min(max_s, delay);
}

bool exception_allowed(std::string_view name, const std::vector<std::string>& retry_on) {
  const auto cut = name.find_last_of(".:");
  const std::string_view last = cut == std::string_view::npos ? name : name.substr(cut + 1);
  return std::any_of(retry_on.begin(), retry_on.end(), [&](const std::string& entry) {
    return entry == name || entry == last;
  });
}

namespace {

double full_jitter(double delay) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, delay);
  return delay > 0.0 ? uniform(generator) : 0.0;
}

Advice stop(std::string why) { return Advice{Action::stop_retry, 0.0, std::move(why)}; }

}  // namespace

Advice advise(const AdviceInput& input) {
  static const RetryPolicy k_default_policy;
  const RetryPolicy& policy = input.policy ? *input.policy : k_default_policy;

  if (input.attempt >= input.max_attempts) {
    return stop("attempt " + std::to_string(input.attempt) + " of " +
                std::to_string(input.max_attempts) + ": the retry budget is spent");
  }
  if (!policy.retry_on.empty() &&
      std::none_of(input.exception_names.begin(), input.exception_names.end(),
                   [&](std::string_view name) { return exception_allowed(name, policy.retry_on); })) {
    return stop("no exception in the failure is on the retry_on allow-list");
  }
  const CategoryAdvice defaults = default_advice(input.category);
  if (!defaults.retry) {
    return stop(std::string(to_string(input.category)) + " failures do not pass on a rerun");
  }
  if (input.category == Category::unknown && input.attempt > input.unknown_retries) {
    return stop("an unrecognised failure gets " + std::to_string(input.unknown_retries) +
                " retr" + (input.unknown_retries == 1 ? "y" : "ies"));
  }

  double base = defaults.base_delay_s;
  double cap = defaults.max_delay_s;
  if (input.rule_advice) {
    base = input.rule_advice->base_delay_s.value_or(base);
    cap = input.rule_advice->max_delay_s.value_or(cap);
  }
  base = policy.base_delay_s.value_or(base);
  cap = policy.max_delay_s.value_or(std::max(cap, base));

  double delay = backoff_delay(policy.backoff, base, cap, input.attempt);
  if (policy.jitter == Jitter::full) delay = full_jitter(delay);
  if (input.category == Category::infrastructure && input.retry_after_s) {
    delay = std::min(cap, std::max(delay, *input.retry_after_s));
  }
  return Advice{Action::retry_with_delay, delay, {}};
}

}  // namespace flakyd::heuristics
