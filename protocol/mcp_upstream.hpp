// McpUpstream: the classifier's UpstreamClassifier port, an MCP client over Streamable HTTP.
//
// It `initialize`s once (2025-11-25; the session id is kept, and renewed on 404), sends
// `notifications/initialized`, then calls the configured tool with the same arguments flakyd
// accepts -- the trace already redacted by the classifier and trimmed to `max_trace_bytes`.
// Replies may be JSON or text/event-stream. http:// and https:// (OpenSSL): certificates are
// verified against the system store or `ca_file`; there is no fallback to an unverified or plain
// connection. The bearer token comes from the caller (who read it from the environment) and is
// never logged or put into an error.
//
// Bounded in time: a connect timeout and a total deadline per call; a circuit breaker opens after
// `breaker_threshold` consecutive failures and then fails fast ("circuit-open") until
// `breaker_cooldown` has passed, when one probe is let through (half-open).
// Every failure is a short status ("timeout", "unreachable", "tls", "http-500", "invalid-answer",
// "circuit-open", ...) counted through `on_event` and logged once per status.
// Thread-safe: calls may run concurrently (one HTTP connection per call).
#pragma once

#include <atomic>
#include <chrono>
#include "support/expected.hpp"
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "engine/ports.hpp"

namespace flakyd::protocol {

struct UpstreamOptions {
  std::string url;                      // http(s)://host[:port]/path
  std::string tool = "classify_failure";
  std::optional<std::string> token;     // sent as Authorization: Bearer
  std::optional<std::string> ca_file;   // extra trust anchor for https (e.g. a self-signed CA)
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds total_timeout{1500};
  std::size_t max_trace_bytes = 64 << 10;
  std::size_t max_response_bytes = 1 << 20;
  int breaker_threshold = 3;
  std::chrono::milliseconds breaker_cooldown{30000};
  std::function<void(std::string_view event)> on_event;  // metrics hook
};

class McpUpstream final : public engine::UpstreamClassifier {
 public:
  static flakyd::expected<std::unique_ptr<McpUpstream>, std::string> create(UpstreamOptions options);
  ~McpUpstream() override;

  flakyd::expected<engine::UpstreamVerdict, engine::UpstreamFailure> classify(
      const engine::FailureReport& report) override;
  std::string identity() const override;

 private:
  struct Endpoint;
  struct Exchange;
  explicit McpUpstream(UpstreamOptions options, std::unique_ptr<Endpoint> endpoint);

  flakyd::expected<std::string, std::string> post(const std::string& body, bool expect_reply,
                                               long long id, std::chrono::steady_clock::time_point deadline);
  flakyd::expected<void, std::string> ensure_session(std::chrono::steady_clock::time_point deadline);
  flakyd::expected<engine::UpstreamVerdict, std::string> call_tool(const engine::FailureReport& report,
                                                                std::chrono::steady_clock::time_point deadline);
  bool breaker_allows();
  void record_outcome(bool success);
  void report_failure(const std::string& status);

  UpstreamOptions m_options;
  std::unique_ptr<Endpoint> m_endpoint;

  std::mutex m_session_mutex;
  std::optional<std::string> m_session_id;
  bool m_initialized = false;

  std::mutex m_breaker_mutex;
  int m_consecutive_failures = 0;
  std::chrono::steady_clock::time_point m_open_until{};
  bool m_probe_in_flight = false;

  std::mutex m_log_mutex;
  std::set<std::string> m_logged_statuses;
  std::atomic<long long> m_next_id{1};
};

}  // namespace flakyd::protocol
