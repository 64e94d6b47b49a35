// `flakyd cache stats|prune|clear` and `flakyd report TRAIL...`: looking after the disk cache and
// summarising report trails (the figures come from report/: text, JSON with --json, and one HTML
// page with --html OUT). Output is human text, or JSON with --json.
// Exit codes: 0 success; 2 bad usage; 3 the cache directory or trail cannot be read.
#pragma once

#include <istream>
#include <nlohmann/json.hpp>

#include "daemon/settings.hpp"

namespace flakyd::app {

int run_cache(const Settings& settings);
int run_report(const Settings& settings);

// The trail summary as `flakyd report --json` prints it (exposed for tests).
nlohmann::json summarise_trail(std::istream& trail);

}  // namespace flakyd::app
