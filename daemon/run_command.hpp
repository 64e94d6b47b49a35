// `flakyd run [options] -- CMD [ARGS...]`: runs a command (any CI step) and reruns it while
// flakyd's advice says a rerun is worth it -- without a daemon, with the same offline pipeline
// as `flakyd classify` (redaction, fingerprint, heuristics; the report trail with --report).
//
// Per attempt (child_process.hpp): output passes through unchanged; on a non-zero exit the last
// 1 MiB of output is classified (a timeout as a timeout, a death by signal with its signal), and
// one line per decision goes to stderr:
//   flakyd: attempt 1 failed: flaky-network (connection reset); retrying in 2 s
//   flakyd: attempt 1 failed: deterministic (compile error); stop: deterministic failures ...
// The exit status is the last attempt's (128+N for a death by signal N, 124 after --timeout,
// 127/126 when the command cannot be run -- not retried). A SIGINT/SIGTERM received is passed to
// the command and ends the retrying; so does one received while waiting to retry, and so does
// a reader that closed our stdout or stderr (`flakyd run -- cmd | head`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "daemon/settings.hpp"

namespace flakyd::app {

struct RunSettings {
  int max_attempts = 3;
  std::optional<double> delay_s;  // base delay; default: the category's
  std::string backoff = "exp";    // exp | linear | none
  std::vector<std::string> retry_on;
  std::optional<double> timeout_s;  // per attempt
  double kill_grace_s = 5.0;        // after a timeout: SIGTERM, then SIGKILL this much later
  std::vector<std::string> command;
};

int run_command(const Settings& settings, const RunSettings& run);

}  // namespace flakyd::app
