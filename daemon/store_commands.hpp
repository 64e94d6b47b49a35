// `flakyd store migrate|check`: operators' commands for a shared PostgreSQL store (DESIGN.md,
// "Store"). Exit codes: 0 the schema is current, 1 it needs `migrate` (or is newer than this
// flakyd), 2 usage (not a postgresql:// store), 3 the store cannot be reached.
#pragma once

#include "daemon/settings.hpp"

namespace flakyd::app {

int run_store(const Settings& settings);

}  // namespace flakyd::app
