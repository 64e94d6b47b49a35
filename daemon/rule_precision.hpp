// Self-calibration for `flakyd report`: per rule, how often its retry advice was followed by a
// pass -- the rule's measured precision. Joins the report trail (one line per decision, with
// run_id, test_id, attempt, rule, action) to the history store's final outcomes: a retry advised
// at attempt n was followed by a pass when the test's final outcome in that run is "passed" and
// the trail holds no failure of it at attempt n + 1. Decisions without a run_id, or whose run
// the store does not know, are counted as unjudged.
// Errors: a store failure leaves every decision unjudged (the report still prints).
#pragma once

#include <istream>
#include <nlohmann/json.hpp>

#include "daemon/settings.hpp"
#include "engine/history.hpp"

namespace flakyd::app {

// {"rules": [{"rule", "retries", "followed_by_pass", "precision"}...], "unjudged": N}
nlohmann::json rule_retry_precision(std::istream& trail, engine::HistoryStore& store);

// For `flakyd report TRAIL`: adds summary["rule_precision"] when a history store is configured
// (--store) or the default one exists, and prints it in the text form.
void add_rule_precision(nlohmann::json& summary, const Settings& settings);
void print_rule_precision(const nlohmann::json& summary);

}  // namespace flakyd::app
