// `flakyd serve`: the daemon. Builds the core once, wires the classifier to its ports, and runs
// the MCP server over HTTP (default) or stdio (--stdio) until SIGINT/SIGTERM or end of input.
// Exit codes: 0 clean shutdown; 2 bad configuration; 4 cannot bind the address.
#pragma once

#include "daemon/settings.hpp"

namespace flakyd::app {

int run_serve(const Settings& settings);

}  // namespace flakyd::app
