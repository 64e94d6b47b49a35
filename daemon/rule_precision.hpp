// The report's view of outcome history (report::HistorySource over the history store), for
// `flakyd report TRAIL...`:
//   - the flakiest tests: the store's summary (flake rate, runs, flaky runs, last category);
//   - per rule, how often its retry advice was followed by a pass -- the rule's measured
//     precision. The trail holds the decisions (run_id, test_id, attempt, rule, action), the
//     store the final outcomes: a retry advised at attempt n was followed by a pass when the test's
//     final outcome in that run is "passed" and the trail holds no failure of it at attempt n + 1.
//     Retries without a run_id, or whose run the store does not know, have no outcome.
// Errors: a store failure leaves the history parts empty (the report still prints).
#pragma once

#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/settings.hpp"
#include "engine/history.hpp"
#include "report/model.hpp"

namespace flakyd::app {

using RuleOutcomeMap = std::map<std::string, report::HistorySource::RuleOutcomes>;

// Per rule ("" when none matched): retries with a known outcome, and those followed by a pass.
RuleOutcomeMap rule_retry_outcomes(const std::vector<std::istream*>& trails, engine::HistoryStore& store);

class StoreHistorySource final : public report::HistorySource {
 public:
  StoreHistorySource(std::unique_ptr<engine::HistoryStore> store, RuleOutcomeMap rules);
  std::vector<report::FlakyTest> flakiest_tests(std::size_t limit, std::optional<int> since_days) const override;
  std::optional<RuleOutcomes> rule_outcomes(std::string_view rule) const override;

 private:
  std::unique_ptr<engine::HistoryStore> m_store;
  RuleOutcomeMap m_rules;
};

// The history source for `flakyd report`, over the trail files (stdin, read once already, is
// left out) when a store is configured (--store) or the default one exists; nullptr otherwise.
std::unique_ptr<StoreHistorySource> open_report_history(const Settings& settings);

}  // namespace flakyd::app
