#include "daemon/http_transport.hpp"

#include <httplib.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace flakyd::app {

namespace {

constexpr const char* k_json = "application/json";

std::optional<std::string> header(const httplib::Request& request, const char* name) {
  if (!request.has_header(name)) return std::nullopt;
  return request.get_header_value(name);
}

void json_error(httplib::Response& response, int status, int code, const std::string& message) {
  response.status = status;
  response.set_content(R"({"jsonrpc":"2.0","id":null,"error":{"code":)" + std::to_string(code) +
                           R"(,"message":")" + message + R"("}})",
                       k_json);
}

bool starts_with_ci(const std::string& text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
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

struct HttpTransport::Impl {
  httplib::Server server;
  protocol::McpServer& mcp;
  Metrics& metrics;
  HttpOptions options;
  socket_t listen_socket = INVALID_SOCKET;  // the socket httplib bound last

  Impl(protocol::McpServer& mcp_server, Metrics& metrics_sink, HttpOptions opts)
      : mcp(mcp_server), metrics(metrics_sink), options(std::move(opts)) {}

  httplib::Server::HandlerResponse screen(const httplib::Request& request, httplib::Response& response);
  void post_mcp(const httplib::Request& request, httplib::Response& response,
                const httplib::ContentReader& reader);
  void delete_mcp(const httplib::Request& request, httplib::Response& response);
  void install_routes();
};

httplib::Server::HandlerResponse HttpTransport::Impl::screen(const httplib::Request& request,
                                                              httplib::Response& response) {
  using Result = httplib::Server::HandlerResponse;
  if (request.headers.size() > options.max_headers) {
    response.status = 431;
    response.set_header("Connection", "close");
    return Result::Handled;
  }
  if (request.has_header("Range")) {
    // httplib would honour Range on any response (an amplification vector): refuse it.
    response.status = 416;
    return Result::Handled;
  }
  if (request.has_header("Content-Length") && request.has_header("Transfer-Encoding")) {
    response.status = 400;
    response.set_header("Connection", "close");
    return Result::Handled;
  }
  if (const auto origin = header(request, "Origin");
      origin && !origin_allowed(*origin, options.allowed_origins)) {
    json_error(response, 403, -32600, "Forbidden: Origin not allowed");
    return Result::Handled;
  }
  if (options.token && request.path != "/healthz" &&
      !bearer_matches(request.get_header_value("Authorization"), *options.token)) {
    response.set_header("WWW-Authenticate", "Bearer");
    json_error(response, 401, -32600, "Unauthorized: a valid bearer token is required");
    return Result::Handled;
  }
  return Result::Unhandled;
}

void HttpTransport::Impl::post_mcp(const httplib::Request& request, httplib::Response& response,
                                   const httplib::ContentReader& reader) {
  const std::string content_type = request.get_header_value("Content-Type");
  if (!starts_with_ci(content_type, "application/json")) {
    json_error(response, 415, -32600, "Content-Type must be application/json");
    response.set_header("Connection", "close");
    return;
  }
  std::string body;
  bool too_large = false;
  reader([&](const char* data, std::size_t length) {
    if (body.size() + length > options.max_body_bytes) {
      too_large = true;
      return false;  // stop reading: the rest of the body is never buffered
    }
    body.append(data, length);
    return true;
  });
  if (too_large) {
    json_error(response, 413, -32600,
               "Request body larger than " + std::to_string(options.max_body_bytes) + " bytes");
    response.set_header("Connection", "close");
    return;
  }
  protocol::HttpContext context{header(request, "MCP-Protocol-Version"), header(request, "Mcp-Method"),
                                header(request, "Mcp-Name"), header(request, "Mcp-Session-Id")};
  auto reply = mcp.handle_http(body, context);
  response.status = reply.http_status;
  if (reply.session_id) response.set_header("Mcp-Session-Id", *reply.session_id);
  if (!reply.body.empty()) response.set_content(std::move(reply.body), k_json);
}

void HttpTransport::Impl::delete_mcp(const httplib::Request& request, httplib::Response& response) {
  const auto session = header(request, "Mcp-Session-Id");
  if (!session) {
    response.status = 405;
    response.set_header("Allow", "POST");
    return;
  }
  response.status = mcp.end_session(*session) ? 204 : 404;
}

void HttpTransport::Impl::install_routes() {
  server.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) { return screen(request, response); });
  server.Post("/mcp", [this](const httplib::Request& request, httplib::Response& response,
                             const httplib::ContentReader& reader) { post_mcp(request, response, reader); });
  server.Get("/mcp", [](const httplib::Request&, httplib::Response& response) {
    response.status = 405;  // no server-initiated stream is offered
    response.set_header("Allow", "POST, DELETE");
  });
  server.Delete("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
    delete_mcp(request, response);
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(std::string(R"({"status":"ok","version":")") + FLAKYD_VERSION + "\"}", k_json);
  });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics.render(), "text/plain; version=0.0.4");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
    json_error(response, 500, -32603, "internal error");
  });
  server.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    metrics.count_http(response.status);
    spdlog::debug("{} {} {} from {}", request.method, request.path, response.status, request.remote_addr);
  });
}

HttpTransport::HttpTransport(HttpOptions options, protocol::McpServer& server, Metrics& metrics)
    : m_impl(std::make_unique<Impl>(server, metrics, options)), m_options(std::move(options)) {
  auto& http = m_impl->server;
  const std::size_t threads = m_options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(m_options.keep_alive_seconds);
  http.set_read_timeout(m_options.io_timeout_seconds, 0);
  http.set_write_timeout(m_options.io_timeout_seconds, 0);
  // No set_payload_max_length: it only checks Content-Length and answers 400; the counting
  // reader in post_mcp bounds every body shape and answers 413.
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a second
  // process bind the same port and receive a share of the connections.
  http.set_socket_options([impl = m_impl.get()](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl->listen_socket = sock;
  });
  m_impl->install_routes();
}

HttpTransport::~HttpTransport() = default;

bool HttpTransport::bind() {
  auto& http = m_impl->server;
  if (m_options.port == 0) {
    m_port = http.bind_to_any_port(m_options.host);
    if (m_port <= 0) {
      spdlog::error("cannot bind {}:0", m_options.host);
      return false;
    }
  } else if (!http.bind_to_port(m_options.host, m_options.port)) {
    spdlog::error("cannot bind {}:{} (in use, or not a local address?)", m_options.host, m_options.port);
    return false;
  } else {
    m_port = m_options.port;
  }
  // httplib listens with a backlog of 5 (frozen in the .so): a burst of connections, such as a
  // test runner's parallel workers starting at once, overflows it, and the kernel's SYN retry
  // makes the unlucky ones wait a whole second. Linux lets listen() be called again to raise it.
  if (m_impl->listen_socket != INVALID_SOCKET && ::listen(m_impl->listen_socket, SOMAXCONN) != 0) {
    spdlog::warn("cannot raise the listen backlog; bursts of new connections may wait");
  }
  return true;
}

void HttpTransport::run() {
  spdlog::info("flakyd listening on http://{}:{}/mcp", m_options.host, m_port);
  m_impl->server.listen_after_bind();
}

void HttpTransport::stop() { m_impl->server.stop(); }

bool HttpTransport::running() const { return m_impl->server.is_running(); }

}  // namespace flakyd::app
