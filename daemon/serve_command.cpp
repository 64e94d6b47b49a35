#include "daemon/serve_command.hpp"

#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "daemon/http_transport.hpp"
#include "daemon/metrics.hpp"
#include "daemon/stdio_transport.hpp"
#include "daemon/pipeline.hpp"

namespace flakyd::app {

namespace {

constexpr int k_exit_config = 2;
constexpr int k_exit_bind = 4;

constexpr const char* k_instructions =
    "Call classify_failure with a failed test's output (trace) and, if known, exception_type, "
    "test_id, language and attempt/max_attempts. Follow `action`: retry after `delay_s` "
    "seconds, or stop retrying. Pass run_id and commit so history can decide, and call "
    "report_outcome once per run with every test's final outcome. Secrets are redacted before "
    "anything is stored or forwarded.";

std::optional<std::string> token_from_environment() {
  const char* token = std::getenv("FLAKYD_TOKEN");
  if (!token || !*token) return std::nullopt;
  return std::string(token);
}

bool parse_listen(const std::string& listen, HttpServerOptions& options) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  options.host = listen.substr(0, colon);
  if (options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  try {
    std::size_t used = 0;
    const int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) return false;
    options.port = port;
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

// Waits for SIGINT/SIGTERM on its own thread (the signals are blocked everywhere else) and stops
// the transport once it is running; a stop() before listen() starts would be lost.
class SignalWatcher {
 public:
  explicit SignalWatcher(HttpTransport& transport) : m_transport(transport) {
    m_thread = std::thread([this] { watch(); });
  }
  ~SignalWatcher() {
    m_done = true;
    m_thread.join();
  }

 private:
  void watch() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    bool requested = false;
    while (!m_done) {
      timespec wait{0, 100 * 1000 * 1000};
      const int signal = sigtimedwait(&signals, nullptr, &wait);
      if (signal == SIGINT || signal == SIGTERM) {
        spdlog::info("received {}: finishing in-flight requests", signal == SIGINT ? "SIGINT" : "SIGTERM");
        requested = true;
      }
      if (requested && m_transport.running()) {
        m_transport.stop();
        requested = false;
      }
    }
  }

  HttpTransport& m_transport;
  std::atomic<bool> m_done{false};
  std::thread m_thread;
};

}  // namespace

int run_serve(const Settings& settings) {
  // Block the shutdown signals before any thread starts (the cache's cleaner is one), so only
  // the watcher receives them. stdio mode keeps the default: end of input or a signal ends it.
  if (!settings.stdio) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }
  signal(SIGPIPE, SIG_IGN);
  // Blocks of 1 MiB and more (request bodies, their parsed strings, answers) are mapped and
  // unmapped on their own, so a large request's buffers go back to the system when it ends.
  // glibc otherwise raises this threshold after each such free, and serves the next one from a
  // per-thread arena that keeps the pages: 40 sequential 6 MB requests left ~200 MB resident.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  Metrics metrics;
  auto pipeline = Pipeline::build(settings, &metrics, CacheDefault::on, StoreDefault::on);
  if (!pipeline) {
    spdlog::error("configuration error: {}", pipeline.error());
    return k_exit_config;
  }
  const engine::Classifier& classifier = *(*pipeline)->classifier;
  protocol::WireLimits limits;
  limits.max_trace_bytes = settings.max_body_bytes;
  const protocol::ToolCatalog tools(classifier, (*pipeline)->core.redactor, limits, &metrics,
                                    (*pipeline)->outcomes.get());
  const char* faults = std::getenv("FLAKYD_TEST_FAULTS");
  const bool fault_injection = faults && std::string_view(faults) == "1";
  if (fault_injection) spdlog::warn("FLAKYD_TEST_FAULTS=1: test fault injection is enabled");
  protocol::McpServer server(tools, {"flakyd", FLAKYD_VERSION, k_instructions, fault_injection},
                             &metrics, settings.max_json_depth);

  if (settings.stdio) {
    StdioTransport transport(server, settings.max_body_bytes);
    transport.run(stdin, stdout);
    spdlog::default_logger()->flush();
    return 0;
  }

  HttpOptions options;
  if (!parse_listen(settings.listen, options.server)) {
    spdlog::error("--listen must be HOST:PORT, got '{}'", settings.listen);
    return k_exit_config;
  }
  options.server.workers = settings.threads;
  options.server.max_connections = settings.max_connections;
  options.server.max_body_bytes = settings.max_body_bytes;
  options.server.request_timeout_seconds = settings.request_timeout_seconds;
  options.server.response_timeout_seconds = settings.request_timeout_seconds;
  options.server.fault_injection = fault_injection;
  options.upstream_configured = settings.upstream_url.has_value();
  options.allowed_origins = settings.allowed_origins;
  options.token = token_from_environment();
  if (const auto& host = options.server.host; host != "127.0.0.1" && host != "localhost" && host != "::1") {
    spdlog::warn("listening on {}: reachable from other hosts{}", host,
                 options.token ? "" : " and no FLAKYD_TOKEN is set");
  }

  HttpTransport transport(options, server, metrics);
  if (!transport.bind()) return k_exit_bind;
  {
    SignalWatcher watcher(transport);
    transport.run();
  }
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace flakyd::app
