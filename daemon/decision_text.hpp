// Short words for a decision in one-line messages (`flakyd run`, `flakyd junit rerun`).
#pragma once

#include <string>

#include "engine/failure.hpp"

namespace flakyd::app {

// The winning rule's short name: "net.connection-reset" -> "connection reset";
// "no rule matched" when none did.
std::string rule_words(const engine::Decision& decision);

// The reason's last clause, which says why flakyd stops ("stop: deterministic failures do not
// pass on a rerun"); the whole reason when it has one clause.
std::string stop_clause(const std::string& reason);

}  // namespace flakyd::app
