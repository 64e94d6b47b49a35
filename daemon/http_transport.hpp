// HttpTransport: MCP Streamable HTTP on cpp-httplib 0.11.4, plus /healthz and /metrics.
//
// Defends what this httplib version leaves open (see SECURITY.md): request bodies are read
// through a counting reader that stops at `max_body_bytes` (Content-Length, chunked and
// length-less bodies alike: 413); more than `max_headers` headers get 431; any Range header gets
// 416 with an empty body; Content-Length together with Transfer-Encoding gets 400; a foreign
// Origin gets 403; handler exceptions become a bare 500 (nothing of what() leaks); the client's
// address comes from the socket, never from a header. Throughput settings: TCP_NODELAY, long
// keep-alive, a worker pool sized for many idle keep-alive connections with short idle timeouts.
//
// Thread-safety: run() blocks; stop() may be called from any thread (e.g. a signal watcher).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/metrics.hpp"
#include "protocol/mcp_server.hpp"

namespace flakyd::app {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 7340;                         // 0: any free port (logged, and see bound_port())
  std::size_t threads = 256;               // each keep-alive connection holds one while open
  std::size_t max_body_bytes = 8 << 20;
  std::size_t max_headers = 64;
  int keep_alive_seconds = 5;              // idle time before a keep-alive connection closes
  int io_timeout_seconds = 5;              // per read / write
  std::vector<std::string> allowed_origins;  // besides http(s)://localhost|127.0.0.1|[::1][:port]
  std::optional<std::string> token;        // bearer token required on /mcp and /metrics
};

class HttpTransport {
 public:
  HttpTransport(HttpOptions options, protocol::McpServer& server, Metrics& metrics);
  ~HttpTransport();

  // Binds; false (with a log line) when the address is unusable.
  bool bind();
  int bound_port() const { return m_port; }
  // Serves until stop(); in-flight requests finish first.
  void run();
  void stop();
  bool running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  HttpOptions m_options;
  int m_port = 0;
};

// True for http(s)://localhost, 127.0.0.1 and [::1] origins (any port) and listed extra origins.
bool origin_allowed(const std::string& origin, const std::vector<std::string>& extra);
// Constant-time comparison of "Bearer <token>" against the configured token.
bool bearer_matches(const std::string& authorization, const std::string& token);

}  // namespace flakyd::app
