#include <doctest/doctest.h>

#include "heuristics/advice.hpp"
#include "heuristics/evidence.hpp"

using namespace flakyd::heuristics;

namespace {
Advice advise_for(Category category, int attempt, const RetryPolicy& policy, int max_attempts = 100) {
  AdviceInput input;
  input.category = category;
  input.attempt = attempt;
  input.max_attempts = max_attempts;
  input.policy = &policy;
  return advise(input);
}
}  // namespace

TEST_CASE("exponential backoff: base 2 gives 2, 4, 8, 16, 32, then the cap") {
  RetryPolicy policy;
  policy.base_delay_s = 2.0;
  policy.max_delay_s = 40.0;
  const double expected[] = {2, 4, 8, 16, 32, 40, 40};
  for (int attempt = 1; attempt <= 7; ++attempt) {
    const auto advice = advise_for(Category::flaky_network, attempt, policy);
    CHECK(advice.action == Action::retry_with_delay);
    CHECK(advice.delay_s == doctest::Approx(expected[attempt - 1]));
  }
}

TEST_CASE("linear and constant backoff") {
  CHECK(backoff_delay(Backoff::linear, 3.0, 100.0, 1) == doctest::Approx(3.0));
  CHECK(backoff_delay(Backoff::linear, 3.0, 100.0, 4) == doctest::Approx(12.0));
  CHECK(backoff_delay(Backoff::linear, 3.0, 10.0, 4) == doctest::Approx(10.0));
  CHECK(backoff_delay(Backoff::none, 3.0, 100.0, 9) == doctest::Approx(3.0));
  CHECK(backoff_delay(Backoff::exp, 1.0, 1e9, 5000) == doctest::Approx(1e9));  // no overflow
}

TEST_CASE("a runner's base delay replaces the category default") {
  RetryPolicy policy;
  policy.base_delay_s = 0.1;
  CHECK(advise_for(Category::timeout, 1, policy).delay_s == doctest::Approx(0.1));
  CHECK(advise_for(Category::timeout, 2, policy).delay_s == doctest::Approx(0.2));
  CHECK(advise_for(Category::timeout, 3, policy).delay_s == doctest::Approx(0.4));
}

TEST_CASE("category defaults apply without a policy") {
  const RetryPolicy none;
  CHECK(advise_for(Category::flaky_network, 1, none).delay_s == doctest::Approx(2.0));
  CHECK(advise_for(Category::timeout, 1, none).delay_s == doctest::Approx(10.0));
  CHECK(advise_for(Category::resource_exhaustion, 1, none).delay_s >= 60.0);
  CHECK(advise_for(Category::infrastructure, 1, none).delay_s >= 30.0);
  const auto race = advise_for(Category::concurrency, 2, none);
  CHECK(race.action == Action::retry_with_delay);
  CHECK(race.delay_s == doctest::Approx(0.0));
}

TEST_CASE("a rule's advice override sits between the category and the request") {
  AdviceOverride longer{20.0, 200.0};
  AdviceInput input;
  input.category = Category::flaky_network;
  input.rule_advice = &longer;
  input.attempt = 2;
  input.max_attempts = 5;
  CHECK(advise(input).delay_s == doctest::Approx(40.0));
  RetryPolicy policy;
  policy.base_delay_s = 1.0;
  input.policy = &policy;
  CHECK(advise(input).delay_s == doctest::Approx(2.0));
}

TEST_CASE("stop_retry categories and the attempt budget") {
  const RetryPolicy none;
  for (auto category : {Category::deterministic, Category::environmental, Category::order_dependency}) {
    CHECK(advise_for(category, 1, none).action == Action::stop_retry);
  }
  const auto spent = advise_for(Category::flaky_network, 3, none, 3);
  CHECK(spent.action == Action::stop_retry);
  CHECK(spent.why_stop.find("budget") != std::string::npos);
  CHECK(advise_for(Category::flaky_network, 2, none, 3).action == Action::retry_with_delay);
}

TEST_CASE("unknown failures get one retry by default") {
  const RetryPolicy none;
  CHECK(advise_for(Category::unknown, 1, none).action == Action::retry_with_delay);
  CHECK(advise_for(Category::unknown, 2, none).action == Action::stop_retry);
  AdviceInput input;
  input.category = Category::unknown;
  input.attempt = 1;
  input.unknown_retries = 0;
  CHECK(advise(input).action == Action::stop_retry);
}

TEST_CASE("retry_on allow-list turns any other exception into stop_retry") {
  RetryPolicy policy;
  policy.retry_on = {"TimeoutError", "ConnectionResetError"};
  AdviceInput input;
  input.category = Category::flaky_network;
  input.policy = &policy;
  input.max_attempts = 5;
  input.exception_names = {"RuntimeError", "ConnectionResetError"};
  CHECK(advise(input).action == Action::retry_with_delay);
  input.exception_names = {"requests.exceptions.ConnectionError"};
  CHECK(advise(input).action == Action::stop_retry);
  input.exception_names = {"asyncio.TimeoutError"};
  CHECK(advise(input).action == Action::retry_with_delay);
  CHECK(exception_allowed("Net::ReadTimeout", {"ReadTimeout"}));
  CHECK_FALSE(exception_allowed("ReadTimeoutError", {"ReadTimeout"}));
}

TEST_CASE("Retry-After is honoured for infrastructure failures, within the cap") {
  AdviceInput input;
  input.category = Category::infrastructure;
  input.max_attempts = 5;
  input.retry_after_s = 120.0;
  CHECK(advise(input).delay_s == doctest::Approx(120.0));
  RetryPolicy policy;
  policy.max_delay_s = 90.0;
  input.policy = &policy;
  CHECK(advise(input).delay_s == doctest::Approx(90.0));
  CHECK(find_retry_after("HTTP/1.1 429 Too Many Requests\nRetry-After: 120\n") == doctest::Approx(120.0));
  CHECK_FALSE(find_retry_after("no header here").has_value());
}

TEST_CASE("full jitter stays within [0, delay]") {
  RetryPolicy policy;
  policy.base_delay_s = 8.0;
  policy.jitter = Jitter::full;
  bool varied = false;
  double first = -1;
  for (int i = 0; i < 200; ++i) {
    const double delay = advise_for(Category::flaky_network, 1, policy).delay_s;
    CHECK(delay >= 0.0);
    CHECK(delay <= 8.0);
    if (first < 0) first = delay;
    varied = varied || delay != first;
  }
  CHECK(varied);
}

TEST_CASE("exception names are found in chains, dotted and Ruby-style") {
  const auto names = find_exception_names(
      "requests.exceptions.ChunkedEncodingError: broken\nNet::ReadTimeout (Net::ReadTimeout)\nValueError");
  REQUIRE(names.size() == 3);
  CHECK(names[0] == "requests.exceptions.ChunkedEncodingError");
  CHECK(names[1] == "Net::ReadTimeout");
  CHECK(names[2] == "ValueError");
}

TEST_CASE("backoff, jitter and action names round-trip") {
  CHECK(parse_backoff("linear") == Backoff::linear);
  CHECK_FALSE(parse_backoff("fibonacci").has_value());
  CHECK(parse_jitter("full") == Jitter::full);
  CHECK(to_string(Action::retry_with_delay) == "retry_with_delay");
}
