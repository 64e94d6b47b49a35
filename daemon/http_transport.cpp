#include "daemon/http_transport.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

namespace flakyd::app {

namespace {

constexpr const char* k_json = "application/json";

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

}  // namespace

bool origin_allowed(const std::string& origin, const std::vector<std::string>& extra) {
  for (const auto& allowed : extra) {
    if (origin == allowed) return true;
  }
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!origin.starts_with(scheme)) continue;
    const std::string_view rest = std::string_view(origin).substr(scheme.size());
    for (std::string_view host : {"localhost", "127.0.0.1", "[::1]"}) {
      if (!rest.starts_with(host)) continue;
      const std::string_view tail = rest.substr(host.size());
      if (tail.empty()) return true;
      if (tail[0] != ':' || tail.size() < 2 || tail.size() > 6) continue;
      if (tail.substr(1).find_first_not_of("0123456789") == std::string_view::npos) return true;
    }
  }
  return false;
}

bool bearer_matches(const std::string& authorization, const std::string& token) {
  if (!starts_with_ci(authorization, "bearer ")) return false;
  const std::string_view presented = std::string_view(authorization).substr(7);
  // Compare equal-length buffers so the time does not depend on where they differ.
  const std::size_t length = std::max(presented.size(), token.size());
  std::string a(presented);
  std::string b(token);
  a.resize(length, '\0');
  b.resize(length, '\0');
  return CRYPTO_memcmp(a.data(), b.data(), length) == 0 && presented.size() == token.size();
}

struct HttpTransport::Impl final : HttpHandler {
  protocol::McpServer& mcp;
  Metrics& metrics;
  HttpOptions options;
  HttpServer server;

  Impl(protocol::McpServer& mcp_server, Metrics& metrics_sink, const HttpOptions& opts)
      : mcp(mcp_server), metrics(metrics_sink), options(opts), server(opts.server, *this) {}

  std::optional<HttpResponse> screen(const HttpHead& head) override;
  HttpResponse handle(const HttpRequest& request) override;
  void answered(const HttpHead& head, const std::string& remote_address, int status) override;
  void idle_connection_ended() override { metrics.count_event("idle_connection_ended"); }

  HttpResponse post_mcp(const HttpRequest& request);
  HttpResponse delete_mcp(const HttpRequest& request);
};

std::optional<HttpResponse> HttpTransport::Impl::screen(const HttpHead& head) {
  if (head.header("Range")) {
    // Ranges of a JSON-RPC answer make no sense, and serving many of one amplifies: refuse.
    HttpResponse response;
    response.status = 416;
    return response;
  }
  if (const auto* origin = head.header("Origin"); origin && !origin_allowed(*origin, options.allowed_origins)) {
    return json_error_response(403, -32600, "Forbidden: Origin not allowed");
  }
  if (options.token && head.path != "/healthz") {
    const auto* authorization = head.header("Authorization");
    if (!authorization || !bearer_matches(*authorization, *options.token)) {
      auto response = json_error_response(401, -32600, "Unauthorized: a valid bearer token is required");
      response.headers.emplace_back("WWW-Authenticate", "Bearer");
      return response;
    }
  }
  if (head.method == "POST" && head.path == "/mcp") {
    const auto* content_type = head.header("Content-Type");
    if (!content_type || !starts_with_ci(*content_type, "application/json")) {
      return json_error_response(415, -32600, "Content-Type must be application/json");
    }
  }
  return std::nullopt;
}

HttpResponse HttpTransport::Impl::handle(const HttpRequest& request) {
  const auto& head = request.head;
  const bool get = head.method == "GET" || head.method == "HEAD";
  if (head.path == "/mcp") {
    if (head.method == "POST") return post_mcp(request);
    if (head.method == "DELETE") return delete_mcp(request);
    HttpResponse response;
    response.status = 405;  // no server-initiated stream is offered
    response.headers.emplace_back("Allow", "POST, DELETE");
    return response;
  }
  if (head.path == "/healthz" && get) {
    HttpResponse response;
    response.content_type = k_json;
    response.body = std::string(R"({"status":"ok","version":")") + FLAKYD_VERSION + "\"}";
    return response;
  }
  if (head.path == "/metrics" && get) {
    HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = metrics.render();
    return response;
  }
  return json_error_response(404, -32600, "Not found: the MCP endpoint is POST /mcp");
}

void HttpTransport::Impl::answered(const HttpHead& head, const std::string& remote_address, int status) {
  metrics.count_http(status);
  spdlog::debug("{} {} {} from {}", head.method.empty() ? "-" : head.method, head.path.empty() ? "-" : head.path,
                status, remote_address);
}

HttpResponse HttpTransport::Impl::post_mcp(const HttpRequest& request) {
  auto optional_header = [&](const char* name) -> std::optional<std::string> {
    const auto* value = request.head.header(name);
    return value ? std::optional<std::string>(*value) : std::nullopt;
  };
  const protocol::HttpContext context{optional_header("MCP-Protocol-Version"), optional_header("Mcp-Method"),
                                      optional_header("Mcp-Name"), optional_header("Mcp-Session-Id")};
  auto reply = mcp.handle_http(request.body, context);
  HttpResponse response;
  response.status = reply.http_status;
  if (reply.session_id) response.headers.emplace_back("Mcp-Session-Id", *reply.session_id);
  if (!reply.body.empty()) {
    response.content_type = k_json;
    response.body = std::move(reply.body);
  }
  return response;
}

HttpResponse HttpTransport::Impl::delete_mcp(const HttpRequest& request) {
  HttpResponse response;
  const auto* session = request.head.header("Mcp-Session-Id");
  if (!session) {
    response.status = 405;
    response.headers.emplace_back("Allow", "POST");
    return response;
  }
  response.status = mcp.end_session(*session) ? 204 : 404;
  return response;
}

HttpTransport::HttpTransport(HttpOptions options, protocol::McpServer& server, Metrics& metrics)
    : m_impl(std::make_unique<Impl>(server, metrics, options)), m_options(std::move(options)) {}

HttpTransport::~HttpTransport() = default;

bool HttpTransport::bind() {
  if (auto error = m_impl->server.bind()) {
    spdlog::error("{}", *error);
    return false;
  }
  m_port = m_impl->server.port();
  return true;
}

void HttpTransport::run() {
  spdlog::info("flakyd listening on http://{}:{}/mcp", m_options.server.host, m_port);
  m_impl->server.run();
}

void HttpTransport::stop() { m_impl->server.stop(); }

bool HttpTransport::running() const { return m_impl->server.running(); }

}  // namespace flakyd::app
