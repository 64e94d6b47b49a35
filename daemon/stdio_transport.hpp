// StdioTransport: newline-delimited JSON-RPC on a pair of file descriptors (stdin/stdout).
// One message per line in, one reply line out (none for notifications); stdout carries nothing
// else -- logs go to stderr. A line longer than `max_line_bytes` is discarded whole and answered
// with -32600, so a runaway producer cannot exhaust memory. Returns at end of input.
// Not thread-safe: one transport per pipe.
#pragma once

#include <cstddef>
#include <cstdio>

#include "protocol/mcp_server.hpp"

namespace flakyd::app {

class StdioTransport {
 public:
  StdioTransport(protocol::McpServer& server, std::size_t max_line_bytes);
  // Serves until end of input; returns the number of messages handled.
  std::size_t run(std::FILE* in, std::FILE* out);

 private:
  void answer(std::string_view line, std::FILE* out);

  protocol::McpServer& m_server;
  std::size_t m_max_line_bytes;
  protocol::Session m_session;
};

}  // namespace flakyd::app
