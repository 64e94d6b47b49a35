// One attempt of `flakyd run`: runs a command with its stdout and stderr passing through to
// ours byte for byte (binary-safe; each stream in order, written as soon as it is read), keeps
// the last `tail_bytes` of both (interleaved as read) for classification, enforces a timeout,
// and forwards SIGINT/SIGTERM.
//
// The child runs in its own process group (like timeout(1)): a terminal's Ctrl-C reaches flakyd
// only, which forwards it once to the whole group; a timeout ends the whole group (SIGTERM, then
// SIGKILL after `kill_grace`), grandchildren included. stdin is inherited.
//
// Signals: SignalRelay installs handlers for SIGINT, SIGTERM and SIGCHLD that write to a
// self-pipe (nothing else happens in the handler) and ignores SIGPIPE; one relay per process,
// on the main thread. If our stdout or stderr is closed, that stream's pipe is closed too, so
// the child sees what it would have seen without flakyd.
// Errors: never throws; a command that cannot be started is reported in AttemptResult.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace flakyd::app {

class SignalRelay {
 public:
  SignalRelay();  // installs the handlers
  ~SignalRelay();  // restores the previous dispositions
  SignalRelay(const SignalRelay&) = delete;
  SignalRelay& operator=(const SignalRelay&) = delete;

  int read_fd() const;
  // Reads every pending signal number; returns the last SIGINT/SIGTERM seen, if any, and sets
  // `child_exited` when a SIGCHLD was among them.
  std::optional<int> drain(bool& child_exited);
  // Sleeps up to `duration`; returns the SIGINT/SIGTERM that cut it short, if one did.
  std::optional<int> sleep_for(std::chrono::milliseconds duration);
};

struct AttemptOptions {
  std::vector<std::string> argv;                      // argv[0] is looked up on PATH
  std::optional<std::chrono::milliseconds> timeout;  // none: no limit
  std::chrono::milliseconds kill_grace{5000};         // SIGTERM -> SIGKILL after a timeout
  std::size_t tail_bytes = std::size_t{1} << 20;
};

struct AttemptResult {
  int exit_code = 0;                    // the code, 128+N for a death by signal N, 124 after a
                                        // timeout, 127/126 when the command could not be run
  std::optional<int> signal;            // the child died of this signal
  bool timed_out = false;
  std::string start_error;              // non-empty: the command could not be started
  std::optional<int> forwarded_signal;  // a SIGINT/SIGTERM flakyd received and passed on
  bool output_closed = false;           // our stdout or stderr was closed (`| head`): the
                                        // reader is gone, a rerun would only repeat that
  std::string tail;                     // last tail_bytes of the child's stdout and stderr
};

AttemptResult run_attempt(const AttemptOptions& options, SignalRelay& relay);

}  // namespace flakyd::app
