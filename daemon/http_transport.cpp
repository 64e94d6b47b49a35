#include "daemon/http_transport.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>

namespace flakyd::app {

namespace {

constexpr const char* k_json = "application/json";
// Bodies above this are parsed and classified on a worker thread, never on a poll thread.
constexpr std::size_t k_inline_body_bytes = 64 << 10;

struct Route {
  std::string_view path;
  std::string_view allow;  // the Allow field of a 405: the methods the route takes
};
constexpr std::array<Route, 3> k_routes = {{{"/mcp", "POST, DELETE"},
                                            {"/healthz", "GET, HEAD"},
                                            {"/metrics", "GET, HEAD"}}};

const Route* find_route(std::string_view path) {
  for (const auto& route : k_routes) {
    if (route.path == path) return &route;
  }
  return nullptr;
}

bool route_takes(const Route& route, std::string_view method) {
  std::string_view rest = route.allow;
  while (!rest.empty()) {
    const auto comma = rest.find(", ");
    if (rest.substr(0, comma) == method) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 2);
  }
  return false;
}

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

bool host_allowed(std::string_view host, std::string_view bound_name, int port) {
  std::string_view name = host;
  int named_port = 80;
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos) {
    name = host.substr(0, colon);
    const std::string_view digits = host.substr(colon + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), named_port);
    if (digits.empty() || digits.size() > 5 || error != std::errc() || end != digits.data() + digits.size()) return false;
  }
  if (named_port != port) return false;
  const bool bound_is_ipv6 = bound_name.find(':') != std::string_view::npos;
  if (bound_is_ipv6 && name.size() == bound_name.size() + 2 && name.front() == '[' && name.back() == ']' &&
      iequals(name.substr(1, bound_name.size()), bound_name)) {
    return true;
  }
  for (std::string_view allowed : {std::string_view("localhost"), std::string_view("127.0.0.1"),
                                   std::string_view("[::1]"), bound_is_ipv6 ? std::string_view() : bound_name}) {
    if (!allowed.empty() && iequals(name, allowed)) return true;
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

  int port = 0;  // the bound port, which a Host field must name

  Impl(protocol::McpServer& mcp_server, Metrics& metrics_sink, const HttpOptions& opts)
      : mcp(mcp_server), metrics(metrics_sink), options(opts), server(opts.server, *this) {}

  std::optional<HttpResponse> screen(const HttpHead& head) override;
  bool may_wait(const HttpRequest& request) const override {
    return request.head.method == "POST" &&
           (options.upstream_configured || request.body.size() > k_inline_body_bytes);
  }
  HttpResponse handle(const HttpRequest& request) override;
  void answered(const HttpHead& head, const std::string& remote_address, int status) override;
  void edge_event(std::string_view name) override { metrics.count_event(name); }

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
  const auto* host = head.header("Host");
  if (!host || head.count("Host") != 1 || !host_allowed(*host, options.server.host, port)) {
    return json_error_response(400, -32600, "Host must be localhost, 127.0.0.1 or [::1] with the daemon's port");
  }
  if (const auto* origin = head.header("Origin"); origin && !origin_allowed(*origin, options.allowed_origins)) {
    return json_error_response(403, -32600, "Forbidden: Origin not allowed");
  }
  const Route* route = find_route(head.path);
  if (!route) return json_error_response(404, -32600, "Not found: the MCP endpoint is POST /mcp");
  if (!route_takes(*route, head.method)) {
    HttpResponse response;
    response.status = 405;
    response.headers.emplace_back("Allow", std::string(route->allow));
    return response;
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

// screen() has let through only the routes' own methods; GET /mcp (a server-initiated stream)
// is not offered, so it is a 405 there.
HttpResponse HttpTransport::Impl::handle(const HttpRequest& request) {
  const auto& head = request.head;
  if (head.path == "/mcp") {
    if (head.method == "POST") return post_mcp(request);
    return delete_mcp(request);
  }
  if (head.path == "/healthz") {
    HttpResponse response;
    response.content_type = k_json;
    response.body = std::string(R"({"status":"ok","version":")") + FLAKYD_VERSION + "\"}";
    return response;
  }
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = metrics.render();
  return response;
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
  m_impl->port = m_port;
  return true;
}

void HttpTransport::run() {
  spdlog::info("flakyd listening on http://{}:{}/mcp", m_options.server.host, m_port);
  m_impl->server.run();
}

void HttpTransport::stop() { m_impl->server.stop(); }

bool HttpTransport::running() const { return m_impl->server.running(); }

}  // namespace flakyd::app
