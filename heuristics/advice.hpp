// Retry advice: turns a category (and the rule that found it) into retry_with_delay / stop_retry
// for the n-th failed attempt, exactly as DESIGN.md's "Backoff" section states.
//
//   delay(n) = min(max_delay, base * 2^(n-1))   backoff "exp" (default)
//            = min(max_delay, base * n)         backoff "linear"
//            = min(max_delay, base)             backoff "none"
//   jitter "full": uniform in [0, delay].
// Base and cap come from, in increasing precedence: the category default, the rule's advice
// override, the request's policy. Then, in order:
//   - attempt >= max_attempts                      -> stop_retry (budget spent)
//   - a non-empty retry_on names none of the exceptions in the failure -> stop_retry
//   - the category does not retry                  -> stop_retry
//   - unknown retries only `unknown_retries` times  (default: one retry with the base delay)
//   - infrastructure with a Retry-After: delay = min(max_delay, max(delay, Retry-After))
// Thread-safe; jitter draws from a thread-local generator.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heuristics/rule.hpp"
#include "heuristics/taxonomy.hpp"

namespace flakyd::heuristics {

enum class Backoff { exp, linear, none };
enum class Jitter { none, full };
enum class Action { retry_with_delay, stop_retry };

std::string_view to_string(Backoff backoff);
std::string_view to_string(Jitter jitter);
std::string_view to_string(Action action);
std::optional<Backoff> parse_backoff(std::string_view name);
std::optional<Jitter> parse_jitter(std::string_view name);

struct RetryPolicy {
  std::optional<double> base_delay_s;
  std::optional<double> max_delay_s;
  Backoff backoff = Backoff::exp;
  Jitter jitter = Jitter::none;
  std::vector<std::string> retry_on;  // exception names; empty: any exception may retry
};

struct AdviceInput {
  Category category = Category::unknown;
  const AdviceOverride* rule_advice = nullptr;  // the winning rule's override, if any
  int attempt = 1;                              // 1-based: the attempt that just failed
  int max_attempts = 3;
  const RetryPolicy* policy = nullptr;          // nullptr: all defaults
  std::vector<std::string_view> exception_names;  // found in the failure (for retry_on)
  std::optional<double> retry_after_s;            // from a Retry-After header in the failure
  int unknown_retries = 1;
};

struct Advice {
  Action action = Action::stop_retry;
  double delay_s = 0.0;
  std::string why_stop;  // empty when retrying; otherwise the rule of this header that applied
};

Advice advise(const AdviceInput& input);

// The un-jittered delay for attempt n (>= 1); exposed for tests and documentation tables.
double backoff_delay(Backoff backoff, double base_s, double max_s, int attempt);

// True when `name` ("requests.exceptions.ReadTimeout", "Net::ReadTimeout") is allowed by an
// allow-list entry: equal to the entry, or its last dotted / :: component equals the entry.
bool exception_allowed(std::string_view name, const std::vector<std::string>& retry_on);

}  // namespace flakyd::heuristics
