// Logging set-up: spdlog's default logger writes to stderr (stdout belongs to command output
// and the stdio transport), as human text or one JSON object per line (`--log-format json`).
// Never log a trace, a token or a request body: log fingerprints, categories and statuses.
#pragma once

#include <string>

namespace flakyd::app {

void configure_logging(const std::string& level, const std::string& format);

}  // namespace flakyd::app
