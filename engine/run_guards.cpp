#include "engine/run_guards.hpp"

namespace flakyd::engine {

RunGuards::RunGuards(RunGuardOptions options) : m_options(options) {}

std::string_view to_string(Guard guard) {
  switch (guard) {
    case Guard::none: return "none";
    case Guard::storm: return "storm";
    case Guard::retry_budget: return "run-retry-budget";
  }
  return "none";
}

RunGuards::RunState& RunGuards::run(std::string_view run_id) {
  const std::string key(run_id);
  if (auto found = m_runs.find(key); found != m_runs.end()) {
    m_recency.splice(m_recency.begin(), m_recency, found->second.recency);
    return found->second;
  }
  if (m_runs.size() >= m_options.max_runs && !m_recency.empty()) {
    m_runs.erase(m_recency.back());
    m_recency.pop_back();
  }
  m_recency.push_front(key);
  RunState& state = m_runs[key];
  state.recency = m_recency.begin();
  return state;
}

GuardVerdict RunGuards::check(std::string_view run_id, std::string_view test_id, std::string_view signature,
                              bool wants_retry) {
  std::lock_guard lock(m_mutex);
  RunState& state = run(run_id);
  auto tests = state.tests_by_signature.find(std::string(signature));
  if (tests == state.tests_by_signature.end() && state.tests_by_signature.size() < m_options.max_signatures) {
    tests = state.tests_by_signature.emplace(std::string(signature), std::unordered_set<std::string>{}).first;
  }
  if (tests != state.tests_by_signature.end()) {
    // Counting stops at the threshold: the set never grows past it.
    if (tests->second.size() < m_options.storm_tests) tests->second.emplace(test_id);
    if (tests->second.size() >= m_options.storm_tests) {
      return {Guard::storm, "storm: " + std::to_string(tests->second.size()) +
                                " tests of this run failed with the same failure -- an outage, not flaky "
                                "tests: rerun the job once it is fixed"};
    }
  }
  if (!wants_retry) return {};
  if (state.retries >= m_options.retry_budget) {
    return {Guard::retry_budget, "this run's retry budget (" + std::to_string(m_options.retry_budget) +
                                     " retries) is spent"};
  }
  ++state.retries;
  return {};
}

}  // namespace flakyd::engine
