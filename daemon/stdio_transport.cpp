#include "daemon/stdio_transport.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "protocol/json_limits.hpp"
#include "protocol/jsonrpc.hpp"

namespace flakyd::app {

StdioTransport::StdioTransport(protocol::McpServer& server, std::size_t max_line_bytes)
    : m_server(server), m_max_line_bytes(max_line_bytes) {}

void StdioTransport::answer(std::string_view line, std::FILE* out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;
  const std::string reply = m_server.handle_stdio(line, m_session);
  if (reply.empty()) return;
  std::fwrite(reply.data(), 1, reply.size(), out);
  std::fputc('\n', out);
  std::fflush(out);
}

std::size_t StdioTransport::run(std::FILE* in, std::FILE* out) {
  std::size_t handled = 0;
  std::string line;
  bool discarding = false;  // inside an over-long line: drop bytes until its newline
  char chunk[64 * 1024];
  const int fd = fileno(in);
  for (;;) {
    // read(2), not fread: return with whatever a peer wrote instead of waiting for 64 KiB.
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    const auto read = static_cast<std::size_t>(got);
    std::size_t start = 0;
    while (start < read) {
      const void* newline = std::memchr(chunk + start, '\n', read - start);
      const std::size_t end = newline ? static_cast<std::size_t>(static_cast<const char*>(newline) - chunk) : read;
      if (!discarding) {
        if (line.size() + (end - start) > m_max_line_bytes) {
          discarding = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(chunk + start, end - start);
        }
      }
      if (!newline) break;
      if (discarding) {
        const auto error = protocol::jsonrpc::error(nullptr, protocol::jsonrpc::k_invalid_request,
                                                    "message longer than " + std::to_string(m_max_line_bytes) + " bytes");
        const std::string reply = protocol::dump_json(error);
        std::fwrite(reply.data(), 1, reply.size(), out);
        std::fputc('\n', out);
        std::fflush(out);
        discarding = false;
      } else {
        answer(line, out);
      }
      ++handled;
      line.clear();
      start = end + 1;
    }
  }
  if (!discarding && !line.empty()) {
    answer(line, out);
    ++handled;
  }
  spdlog::info("end of input after {} messages", handled);
  return handled;
}

}  // namespace flakyd::app
