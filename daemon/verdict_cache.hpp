// DiskVerdictCache: the classifier's VerdictCache port on a cache::DiskCache. Values are small
// JSON objects (category, confidence, rule, reason, origin, time) -- never a trace or the advice.
// Degrades, never breaks: a failed write is logged once per errno kind and counted in /metrics,
// and the daemon keeps answering without storing. Thread-safe.
#pragma once

#include <atomic>
#include <memory>

#include "cache/disk_cache.hpp"
#include "daemon/metrics.hpp"
#include "engine/ports.hpp"

namespace flakyd::app {

class DiskVerdictCache final : public engine::VerdictCache {
 public:
  DiskVerdictCache(std::unique_ptr<cache::DiskCache> store, Metrics* metrics);

  std::optional<engine::CachedVerdict> lookup(std::string_view key) override;
  void store(std::string_view key, const engine::CachedVerdict& verdict) override;

  cache::DiskCache& disk() { return *m_store; }

 private:
  void count(std::string_view event);

  std::unique_ptr<cache::DiskCache> m_store;
  Metrics* m_metrics;
  std::atomic<bool> m_write_failure_logged{false};
  std::atomic<bool> m_read_failure_logged{false};
};

std::string serialise_verdict(const engine::CachedVerdict& verdict);
std::optional<engine::CachedVerdict> parse_verdict(std::string_view bytes);

}  // namespace flakyd::app
