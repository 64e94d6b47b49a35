// HttpTransport: MCP Streamable HTTP (POST /mcp, DELETE /mcp for sessions, 405 for GET /mcp),
// plus GET /healthz and GET /metrics, on the daemon's own HTTP/1.1 edge (http_server.hpp).
//
// Screens every request before its body is read: any Range header gets 416 with an empty body,
// a foreign Origin 403 (DNS-rebinding protection), a missing or wrong bearer token 401 (when
// FLAKYD_TOKEN is set; compared in constant time), a POST /mcp that is not application/json 415.
// The edge itself answers malformed heads (400), too many header fields (431), Content-Length
// with Transfer-Encoding (400) and bodies over max_body_bytes (413, never buffered). The client's
// address comes from the socket, never from a header.
//
// Thread-safety: run() blocks; stop() may be called from any thread (e.g. a signal watcher).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "protocol/mcp_server.hpp"

namespace flakyd::app {

struct HttpOptions {
  HttpServerOptions server;                  // address, threads, limits and timeouts
  std::vector<std::string> allowed_origins;  // besides http(s)://localhost|127.0.0.1|[::1][:port]
  std::optional<std::string> token;          // bearer token required on /mcp and /metrics
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
