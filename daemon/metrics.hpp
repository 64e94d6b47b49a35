// Metrics: counters and a latency histogram for GET /metrics (Prometheus text format 0.0.4).
// Labels are bounded by construction: methods outside the MCP set count as "other", categories
// and sources come from closed enums. Also records degradations (cache, upstream, report) so each
// is counted even though it is logged only once. Thread-safe: atomics plus one mutex for maps.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <vector>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "protocol/observer.hpp"

namespace flakyd::app {

class Metrics final : public protocol::RequestObserver {
 public:
  void on_rpc(std::string_view method, std::string_view outcome, double seconds) override;
  void on_decision(const engine::Decision& decision) override;

  void count_http(int status);
  void count_event(std::string_view name);  // e.g. "cache_hit", "upstream_timeout"
  std::string render() const;
  // More series from a component that keeps its own counters (the shared store): `collector`
  // returns complete Prometheus text lines and is called on every render.
  void add_collector(std::function<std::string()> collector);

 private:
  static constexpr std::array<double, 12> k_buckets = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                       0.005,   0.01,   0.025,   0.05,   0.1,   1.0};
  mutable std::mutex m_mutex;
  std::map<std::pair<std::string, std::string>, unsigned long long> m_rpc;
  std::map<std::pair<std::string, std::string>, unsigned long long> m_decisions;
  std::map<int, unsigned long long> m_http;
  std::map<std::string, unsigned long long> m_events;
  std::array<unsigned long long, k_buckets.size() + 1> m_latency{};
  double m_latency_sum = 0.0;
  unsigned long long m_latency_count = 0;
  std::vector<std::function<std::string()>> m_collectors;
};

}  // namespace flakyd::app
