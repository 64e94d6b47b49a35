// DiskVerdictCache: the classifier's VerdictCache port on a cache::DiskCache. Values are small
// JSON objects (category, confidence, rule, reason, origin, time) -- never a trace or the advice.
// Degrades, never breaks: a failed write is logged once per errno kind and counted in /metrics,
// and the daemon keeps answering without storing. Thread-safe.
//
// Verdicts just read or written are also kept in memory for `memory_window` (default 2 s), so a
// burst of the same failure -- a test matrix's shards failing alike, a runner retrying -- is
// answered without a file open, read and parse each time (that was a tenth of a cache hit's
// cost under load). The window is short so that `flakyd cache clear` or `prune` run beside a
// live daemon takes effect within it. At most k_memory_entries verdicts are held.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cache/disk_cache.hpp"
#include "daemon/metrics.hpp"
#include "engine/ports.hpp"

namespace flakyd::app {

class DiskVerdictCache final : public engine::VerdictCache {
 public:
  static constexpr std::size_t k_memory_entries = 4096;

  DiskVerdictCache(std::unique_ptr<cache::DiskCache> store, Metrics* metrics,
                   std::chrono::milliseconds memory_window = std::chrono::seconds(2));

  std::optional<engine::CachedVerdict> lookup(std::string_view key) override;
  void store(std::string_view key, const engine::CachedVerdict& verdict) override;

  cache::DiskCache& disk() { return *m_store; }

 private:
  void count(std::string_view event);
  std::optional<engine::CachedVerdict> recall(std::string_view key);
  void remember(std::string_view key, const engine::CachedVerdict& verdict);

  struct Remembered {
    engine::CachedVerdict verdict;
    std::chrono::steady_clock::time_point at;
  };
  // Sharded by the key's first byte (keys are hex digests) so threads rarely share a lock.
  // Transparent hashing lets a lookup use the caller's string_view without copying the key.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  struct MemoryShard {
    std::mutex mutex;
    std::unordered_map<std::string, Remembered, KeyHash, std::equal_to<>> verdicts;
  };
  static constexpr std::size_t k_memory_shards = 16;
  MemoryShard& shard_for(std::string_view key);

  std::unique_ptr<cache::DiskCache> m_store;
  std::chrono::milliseconds m_memory_window;
  std::array<MemoryShard, k_memory_shards> m_memory;
  Metrics* m_metrics;
  std::atomic<bool> m_write_failure_logged{false};
  std::atomic<bool> m_read_failure_logged{false};
};

std::string serialise_verdict(const engine::CachedVerdict& verdict);
std::optional<engine::CachedVerdict> parse_verdict(std::string_view bytes);

}  // namespace flakyd::app
