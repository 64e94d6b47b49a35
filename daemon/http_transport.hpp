// HttpTransport: MCP Streamable HTTP (POST /mcp, DELETE /mcp for sessions, 405 for GET /mcp),
// plus GET/HEAD /healthz and GET/HEAD /metrics, on the HTTP edge (http_server.hpp).
//
// Screens every request before any body byte is read, in this order: any Range header gets 416
// with an empty body; a Host that is missing, repeated, or not localhost, 127.0.0.1, [::1] or
// the bound name with the bound port gets 400 (DNS-rebinding protection even without a token);
// a foreign Origin 403; an unknown path 404; a method the route does not take 405 (the routes
// and their methods are a table); a missing or wrong bearer token 401 (when FLAKYD_TOKEN is
// set, on every route but /healthz; compared in constant time); a POST /mcp that is not
// application/json 415. The edge itself answers malformed heads (400), heads over the
// per-connection memory (431), ambiguous framing (400) and bodies over max_body_bytes (413,
// never buffered). A POST /mcp runs on a worker thread when an upstream classifier is configured
// (it may wait for it) or its body is large (parsing and classifying take long); the rest on the
// edge's poll threads. The client's address comes from the socket, never from a header.
//
// Thread-safety: run() blocks; stop() may be called from any thread (e.g. a signal watcher).
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "protocol/mcp_server.hpp"

namespace flakyd::app {

struct HttpOptions {
  HttpServerOptions server;                  // address, threads, limits and timeouts
  std::vector<std::string> allowed_origins;  // besides http(s)://localhost|127.0.0.1|[::1][:port]
  std::optional<std::string> token;          // bearer token required on /mcp and /metrics
  bool upstream_configured = false;          // a tools/call may wait for the upstream classifier
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
// True for a Host field naming localhost, 127.0.0.1, [::1] or `bound_name`, with `port` (a Host
// without a port means 80).
bool host_allowed(std::string_view host, std::string_view bound_name, int port);
// Constant-time comparison of "Bearer <token>" against the configured token.
bool bearer_matches(const std::string& authorization, const std::string& token);

}  // namespace flakyd::app
