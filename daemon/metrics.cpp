#include "daemon/metrics.hpp"

#include <algorithm>
#include <sstream>

#include "heuristics/taxonomy.hpp"

namespace flakyd::app {

namespace {

constexpr std::array<std::string_view, 9> k_known_methods = {
    "initialize",  "notifications/initialized", "ping", "tools/list", "tools/call",
    "server/discover", "notifications/cancelled", "(invalid)", "(unparsed)"};

std::string bounded_method(std::string_view method) {
  const bool known = std::find(k_known_methods.begin(), k_known_methods.end(), method) != k_known_methods.end();
  return known || method == "(batch)" ? std::string(method) : "other";
}

}  // namespace

void Metrics::on_rpc(std::string_view method, std::string_view outcome, double seconds) {
  std::lock_guard lock(m_mutex);
  ++m_rpc[{bounded_method(method), std::string(outcome)}];
  if (method == "tools/call") {
    const auto bucket = std::lower_bound(k_buckets.begin(), k_buckets.end(), seconds) - k_buckets.begin();
    ++m_latency[static_cast<std::size_t>(bucket)];
    m_latency_sum += seconds;
    ++m_latency_count;
  }
}

void Metrics::on_decision(const engine::Decision& decision) {
  std::lock_guard lock(m_mutex);
  ++m_decisions[{std::string(heuristics::to_string(decision.category)),
                 std::string(engine::to_string(decision.source))}];
  if (decision.source == engine::Source::cache) ++m_events["cache_hit"];
}

void Metrics::count_http(int status) {
  std::lock_guard lock(m_mutex);
  ++m_http[status];
}

void Metrics::add_collector(std::function<std::string()> collector) {
  std::lock_guard lock(m_mutex);
  m_collectors.push_back(std::move(collector));
}

void Metrics::count_event(std::string_view name) {
  std::lock_guard lock(m_mutex);
  ++m_events[std::string(name)];
}

std::string Metrics::render() const {
  std::lock_guard lock(m_mutex);
  std::ostringstream out;
  out << "# HELP flakyd_rpc_requests_total JSON-RPC messages by method and outcome.\n"
         "# TYPE flakyd_rpc_requests_total counter\n";
  for (const auto& [key, count] : m_rpc) {
    out << "flakyd_rpc_requests_total{method=\"" << key.first << "\",outcome=\"" << key.second
        << "\"} " << count << '\n';
  }
  out << "# HELP flakyd_classifications_total Decisions by category and source.\n"
         "# TYPE flakyd_classifications_total counter\n";
  for (const auto& [key, count] : m_decisions) {
    out << "flakyd_classifications_total{category=\"" << key.first << "\",source=\"" << key.second
        << "\"} " << count << '\n';
  }
  out << "# HELP flakyd_http_responses_total HTTP responses by status.\n"
         "# TYPE flakyd_http_responses_total counter\n";
  for (const auto& [status, count] : m_http) {
    out << "flakyd_http_responses_total{status=\"" << status << "\"} " << count << '\n';
  }
  out << "# HELP flakyd_events_total Cache, upstream and report events, degradations included.\n"
         "# TYPE flakyd_events_total counter\n";
  for (const auto& [name, count] : m_events) {
    out << "flakyd_events_total{event=\"" << name << "\"} " << count << '\n';
  }
  out << "# HELP flakyd_tool_call_seconds Latency of tools/call.\n"
         "# TYPE flakyd_tool_call_seconds histogram\n";
  unsigned long long cumulative = 0;
  for (std::size_t i = 0; i < k_buckets.size(); ++i) {
    cumulative += m_latency[i];
    out << "flakyd_tool_call_seconds_bucket{le=\"" << k_buckets[i] << "\"} " << cumulative << '\n';
  }
  cumulative += m_latency[k_buckets.size()];
  out << "flakyd_tool_call_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n'
      << "flakyd_tool_call_seconds_sum " << m_latency_sum << '\n'
      << "flakyd_tool_call_seconds_count " << m_latency_count << '\n';
  for (const auto& collector : m_collectors) out << collector();
  return out.str();
}

}  // namespace flakyd::app
