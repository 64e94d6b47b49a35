// `flakyd cache stats|prune|clear` and `flakyd report TRAIL`: looking after the disk cache and
// summarising a report trail. Output is human text, or JSON with --json.
// Exit codes: 0 success; 2 bad usage; 3 the cache directory or trail cannot be read.
#pragma once

#include <istream>
#include <nlohmann/json.hpp>

#include "daemon/settings.hpp"

namespace flakyd::app {

int run_cache(const Settings& settings);
int run_report(const Settings& settings);

// The trail summary (exposed for tests): decisions by category, source and action, the tests
// retried most, the retry time advised, and how often AI and heuristics agreed.
nlohmann::json summarise_trail(std::istream& trail);

}  // namespace flakyd::app
