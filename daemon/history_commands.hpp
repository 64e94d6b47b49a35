// `flakyd outcome --json FILE|-` and `flakyd history [flaky] ...`: outcomes in from any runner,
// and what the history store learnt, out (DESIGN.md, "Outcomes and history").
//   outcome   reads one JSON object shaped like report_outcome's arguments, redacts it, records
//             it in the store (--store, default sqlite:) and prints {"recorded": N}.
//   history   lists tests with runs, final failures, flaky runs, flake rate and last category,
//             flakiest first; `history flaky` keeps the quarantine candidates (rate >= --min-rate).
// Exit codes: 0 success; 1 the input was rejected; 3 the input or the store cannot be read.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "daemon/settings.hpp"
#include "engine/history.hpp"

namespace flakyd::app {

int run_outcome(const Settings& settings);
int run_history(const Settings& settings);

// The JSON `flakyd history --json` prints (exposed for tests).
nlohmann::json history_to_json(const std::vector<engine::TestSummary>& tests);

}  // namespace flakyd::app
