#include "protocol/mcp_upstream.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "engine/classifier.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/upstream_reply.hpp"
#include "protocol/wire.hpp"

namespace flakyd::protocol {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* k_client_version = "2025-11-25";

json arguments_for(const engine::FailureReport& report, std::size_t max_trace_bytes) {
  std::string trace = report.trace;
  engine::trim_head_tail(trace, max_trace_bytes);
  json policy = {{"backoff", heuristics::to_string(report.policy.backoff)},
                 {"jitter", heuristics::to_string(report.policy.jitter)}};
  if (report.policy.base_delay_s) policy["base_delay_s"] = *report.policy.base_delay_s;
  if (report.policy.max_delay_s) policy["max_delay_s"] = *report.policy.max_delay_s;
  if (!report.policy.retry_on.empty()) policy["retry_on"] = report.policy.retry_on;
  json arguments = {{"trace", std::move(trace)}, {"attempt", report.attempt},
                    {"max_attempts", report.max_attempts}, {"policy", std::move(policy)}};
  for (const auto& [name, value] : {std::pair{"exception_type", &report.exception_type},
                                    std::pair{"message", &report.message}, std::pair{"test_id", &report.test_id},
                                    std::pair{"runner", &report.runner}, std::pair{"language", &report.language}}) {
    if (!value->empty()) arguments[name] = *value;
  }
  return arguments;
}

std::string status_of(httplib::Error error) {
  switch (error) {
    case httplib::Error::Connection: return "unreachable";
    case httplib::Error::ConnectionTimeout: return "timeout";
    case httplib::Error::Read: return "timeout";
    case httplib::Error::Write: return "write-failed";
    case httplib::Error::SSLConnection: return "tls";
    case httplib::Error::SSLLoadingCerts: return "tls";
    case httplib::Error::SSLServerVerification: return "tls-unverified";
    case httplib::Error::Canceled: return "timeout";
    default: return "transport-error";
  }
}

template <typename Duration>
std::pair<time_t, time_t> split(Duration duration) {
  const auto micros = std::max<long long>(1000, std::chrono::duration_cast<std::chrono::microseconds>(duration).count());
  return {static_cast<time_t>(micros / 1000000), static_cast<time_t>(micros % 1000000)};
}

}  // namespace

struct McpUpstream::Endpoint {
  std::string origin;  // scheme://host[:port]
  std::string path;
  bool https = false;
};

struct McpUpstream::Exchange {
  int status = 0;
  std::string body;
  std::optional<std::string> session_id;
};

flakyd::expected<std::unique_ptr<McpUpstream>, std::string> McpUpstream::create(UpstreamOptions options) {
  auto endpoint = std::make_unique<Endpoint>();
  const std::string& url = options.url;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return flakyd::unexpected("--upstream must be an http:// or https:// URL");
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return flakyd::unexpected("--upstream must be an http:// or https:// URL");
  endpoint->https = scheme == "https";
  const auto path_start = url.find('/', scheme_end + 3);
  endpoint->origin = url.substr(0, path_start);
  endpoint->path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (endpoint->origin.size() <= scheme_end + 3) return flakyd::unexpected("--upstream has no host");
  if (endpoint->origin.find('@') != std::string::npos) {
    return flakyd::unexpected("--upstream must not carry credentials: use the token environment variable");
  }
  if (options.ca_file && !endpoint->https) return flakyd::unexpected("--upstream-ca needs an https:// upstream");
  return std::unique_ptr<McpUpstream>(new McpUpstream(std::move(options), std::move(endpoint)));
}

McpUpstream::McpUpstream(UpstreamOptions options, std::unique_ptr<Endpoint> endpoint)
    : m_options(std::move(options)), m_endpoint(std::move(endpoint)) {}

McpUpstream::~McpUpstream() = default;

std::string McpUpstream::identity() const { return m_options.url + "#" + m_options.tool; }

flakyd::expected<std::string, std::string> McpUpstream::post(const std::string& body, bool expect_reply, long long id,
                                                          Clock::time_point deadline) {
  const auto remaining = deadline - Clock::now();
  if (remaining <= Clock::duration::zero()) return flakyd::unexpected("timeout");
  httplib::Client client(m_endpoint->origin);
  const auto [connect_s, connect_us] = split(std::min<Clock::duration>(m_options.connect_timeout, remaining));
  const auto [io_s, io_us] = split(remaining);
  client.set_connection_timeout(connect_s, connect_us);
  client.set_read_timeout(io_s, io_us);
  client.set_write_timeout(io_s, io_us);
  client.set_keep_alive(false);
  client.set_follow_location(false);
  if (m_endpoint->https) {
    client.enable_server_certificate_verification(true);
    if (m_options.ca_file) client.set_ca_cert_path(*m_options.ca_file);
  }

  httplib::Request request;
  request.method = "POST";
  request.path = m_endpoint->path;
  request.body = body;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}};
  {
    std::lock_guard lock(m_session_mutex);
    if (m_initialized) request.headers.emplace("MCP-Protocol-Version", k_client_version);
    if (m_session_id) request.headers.emplace("Mcp-Session-Id", *m_session_id);
  }
  if (m_options.token) request.headers.emplace("Authorization", "Bearer " + *m_options.token);

  Exchange exchange;
  bool event_stream = false;
  bool complete = false;
  bool too_large = false;
  request.response_handler = [&](const httplib::Response& response) {
    exchange.status = response.status;
    event_stream = response.get_header_value("Content-Type").rfind("text/event-stream", 0) == 0;
    if (response.has_header("Mcp-Session-Id")) exchange.session_id = response.get_header_value("Mcp-Session-Id");
    return true;
  };
  request.content_receiver = [&](const char* data, std::size_t length, std::uint64_t, std::uint64_t) {
    if (exchange.body.size() + length > m_options.max_response_bytes) {
      too_large = true;
      return false;  // an endless body is cut off, not buffered
    }
    exchange.body.append(data, length);
    if (Clock::now() > deadline) return false;
    // A stream that stays open after our response: stop reading once the response is in.
    if (event_stream && expect_reply && exchange.body.find("\n\n") != std::string::npos &&
        find_response(exchange.body, true, id)) {
      complete = true;
      return false;
    }
    return true;
  };
  const auto result = client.send(request);
  if (!result && !complete) return flakyd::unexpected(too_large ? "too-large" : status_of(result.error()));
  if (exchange.session_id) {
    std::lock_guard lock(m_session_mutex);
    m_session_id = exchange.session_id;
  }
  if (exchange.status == 404) {
    std::lock_guard lock(m_session_mutex);
    if (m_session_id) {
      m_session_id.reset();
      m_initialized = false;
      return flakyd::unexpected("session-expired");
    }
  }
  if (!expect_reply) {
    if (exchange.status >= 200 && exchange.status < 300) return std::string();
    return flakyd::unexpected("http-" + std::to_string(exchange.status));
  }
  if (exchange.status != 200) return flakyd::unexpected("http-" + std::to_string(exchange.status));
  return find_response(exchange.body, event_stream, id);
}

flakyd::expected<void, std::string> McpUpstream::ensure_session(Clock::time_point deadline) {
  {
    std::lock_guard lock(m_session_mutex);
    if (m_initialized) return {};
  }
  const long long id = m_next_id++;
  const json initialize = {{"jsonrpc", "2.0"},
                           {"id", id},
                           {"method", "initialize"},
                           {"params",
                            {{"protocolVersion", k_client_version},
                             {"capabilities", json::object()},
                             {"clientInfo", {{"name", "flakyd"}, {"version", FLAKYD_VERSION}}}}}};
  auto reply = post(dump_json(initialize), true, id, deadline);
  if (!reply) return flakyd::unexpected(reply.error());
  auto parsed = parse_json(*reply, 32);
  if (!parsed || !parsed->is_object() || !(*parsed)["result"].is_object() ||
      !(*parsed)["result"]["protocolVersion"].is_string()) {
    return flakyd::unexpected("invalid-answer");
  }
  {
    std::lock_guard lock(m_session_mutex);
    m_initialized = true;
  }
  const json initialized = {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}};
  auto sent = post(dump_json(initialized), false, 0, deadline);
  if (!sent) return flakyd::unexpected(sent.error());
  return {};
}

flakyd::expected<engine::UpstreamVerdict, std::string> McpUpstream::call_tool(const engine::FailureReport& report,
                                                                           Clock::time_point deadline) {
  const double max_delay = report.policy.max_delay_s.value_or(3600.0);
  const json arguments = arguments_for(report, m_options.max_trace_bytes);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto session = ensure_session(deadline); !session) return flakyd::unexpected(session.error());
    const long long id = m_next_id++;
    const json call = {{"jsonrpc", "2.0"},
                       {"id", id},
                       {"method", "tools/call"},
                       {"params", {{"name", m_options.tool}, {"arguments", arguments}}}};
    auto reply = post(dump_json(call), true, id, deadline);
    if (!reply && reply.error() == "session-expired") continue;  // re-initialise once
    if (!reply) return flakyd::unexpected(reply.error());
    return parse_tool_reply(*reply, max_delay);
  }
  return flakyd::unexpected("session-expired");
}

bool McpUpstream::breaker_allows() {
  std::lock_guard lock(m_breaker_mutex);
  if (m_consecutive_failures < m_options.breaker_threshold) return true;
  if (Clock::now() < m_open_until || m_probe_in_flight) return false;
  m_probe_in_flight = true;  // half-open: one probe decides
  return true;
}

void McpUpstream::record_outcome(bool success) {
  std::lock_guard lock(m_breaker_mutex);
  m_probe_in_flight = false;
  if (success) {
    if (m_consecutive_failures >= m_options.breaker_threshold) spdlog::info("upstream: healthy again");
    m_consecutive_failures = 0;
    return;
  }
  if (++m_consecutive_failures >= m_options.breaker_threshold) {
    m_open_until = Clock::now() + m_options.breaker_cooldown;
  }
}

void McpUpstream::report_failure(const std::string& status) {
  if (m_options.on_event) m_options.on_event("upstream_" + status);
  std::lock_guard lock(m_log_mutex);
  if (m_logged_statuses.insert(status).second) {
    spdlog::warn("upstream {}{}: {}; the heuristics answer instead", m_endpoint->origin, m_endpoint->path, status);
  }
}

flakyd::expected<engine::UpstreamVerdict, engine::UpstreamFailure> McpUpstream::classify(
    const engine::FailureReport& report) {
  if (!breaker_allows()) {
    report_failure("circuit-open");
    return flakyd::unexpected(engine::UpstreamFailure{"circuit-open"});
  }
  auto verdict = call_tool(report, Clock::now() + m_options.total_timeout);
  record_outcome(verdict.has_value());
  if (!verdict) {
    report_failure(verdict.error());
    return flakyd::unexpected(engine::UpstreamFailure{verdict.error()});
  }
  if (m_options.on_event) m_options.on_event("upstream_ok");
  return *verdict;
}

}  // namespace flakyd::protocol
