#include "daemon/verdict_cache.hpp"

#include <spdlog/spdlog.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "protocol/json_limits.hpp"

namespace flakyd::app {

using nlohmann::json;

std::string serialise_verdict(const engine::CachedVerdict& verdict) {
  return protocol::dump_json(json{{"category", heuristics::to_string(verdict.category)},
                                  {"confidence", verdict.confidence},
                                  {"rule", verdict.rule},
                                  {"reason", verdict.reason},
                                  {"origin", engine::to_string(verdict.origin)},
                                  {"stored_at", verdict.stored_at_unix}});
}

std::optional<engine::CachedVerdict> parse_verdict(std::string_view bytes) {
  auto parsed = protocol::parse_json(bytes, 4);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  const auto& value = *parsed;
  try {
    const auto category = heuristics::parse_category(value.at("category").get<std::string>());
    const double confidence = value.at("confidence").get<double>();
    const std::string origin = value.at("origin").get<std::string>();
    if (!category || !(confidence >= 0.0 && confidence <= 1.0) || (origin != "heuristic" && origin != "ai")) {
      return std::nullopt;
    }
    return engine::CachedVerdict{*category, confidence, value.at("rule").get<std::string>(),
                                 value.at("reason").get<std::string>(),
                                 origin == "ai" ? engine::Source::ai : engine::Source::heuristic,
                                 value.value("stored_at", std::int64_t{0})};
  } catch (const json::exception&) {
    return std::nullopt;  // a foreign or damaged value is a miss
  }
}

DiskVerdictCache::DiskVerdictCache(std::unique_ptr<cache::DiskCache> store, Metrics* metrics,
                                   std::chrono::milliseconds memory_window)
    : m_store(std::move(store)), m_memory_window(memory_window), m_metrics(metrics) {}

DiskVerdictCache::MemoryShard& DiskVerdictCache::shard_for(std::string_view key) {
  const auto first = key.empty() ? 0U : static_cast<unsigned char>(key.front());
  return m_memory[first % k_memory_shards];
}

std::optional<engine::CachedVerdict> DiskVerdictCache::recall(std::string_view key) {
  auto& shard = shard_for(key);
  const std::lock_guard lock(shard.mutex);
  const auto found = shard.verdicts.find(key);
  if (found == shard.verdicts.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() - found->second.at >= m_memory_window) {
    shard.verdicts.erase(found);
    return std::nullopt;
  }
  return found->second.verdict;
}

void DiskVerdictCache::remember(std::string_view key, const engine::CachedVerdict& verdict) {
  if (m_memory_window.count() <= 0) return;
  auto& shard = shard_for(key);
  const std::lock_guard lock(shard.mutex);
  // A full shard starts over: entries live two seconds, so little is lost, and no LRU list is
  // needed to keep the bound.
  if (shard.verdicts.size() >= k_memory_entries / k_memory_shards) shard.verdicts.clear();
  shard.verdicts.insert_or_assign(std::string(key), Remembered{verdict, std::chrono::steady_clock::now()});
}

void DiskVerdictCache::count(std::string_view event) {
  if (m_metrics) m_metrics->count_event(event);
}

std::optional<engine::CachedVerdict> DiskVerdictCache::lookup(std::string_view key) {
  if (auto remembered = recall(key)) return remembered;
  auto bytes = m_store->get(key);
  if (!bytes) {
    switch (bytes.error()) {
      case cache::Miss::absent: count("cache_miss"); break;
      case cache::Miss::expired: count("cache_expired"); break;
      case cache::Miss::corrupt: count("cache_corrupt"); break;
      case cache::Miss::unreadable:
        count("cache_read_error");
        if (!m_read_failure_logged.exchange(true)) {
          spdlog::warn("cache: cannot read entries in {}; answering without the cache",
                       m_store->directory().string());
        }
        break;
    }
    return std::nullopt;
  }
  auto verdict = parse_verdict(*bytes);
  if (verdict) remember(key, *verdict);
  else count("cache_corrupt");
  return verdict;
}

void DiskVerdictCache::store(std::string_view key, const engine::CachedVerdict& verdict) {
  remember(key, verdict);  // served from memory even if the disk refuses the write
  const int error = m_store->put(key, serialise_verdict(verdict));
  if (error == 0) {
    count("cache_store");
    return;
  }
  count("cache_write_error");
  if (!m_write_failure_logged.exchange(true)) {
    spdlog::warn("cache: cannot write to {} ({}); serving without storing new answers",
                 m_store->directory().string(), std::strerror(error));
  }
}

}  // namespace flakyd::app
