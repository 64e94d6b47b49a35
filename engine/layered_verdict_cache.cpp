#include "engine/layered_verdict_cache.hpp"

namespace flakyd::engine {

std::optional<CachedVerdict> LayeredVerdictCache::lookup(std::string_view key) {
  if (auto near = m_near.lookup(key)) return near;
  auto far = m_far.lookup(key);
  if (far) m_near.store(key, *far);
  return far;
}

void LayeredVerdictCache::store(std::string_view key, const CachedVerdict& verdict) {
  m_near.store(key, verdict);
  m_far.store(key, verdict);
}

}  // namespace flakyd::engine
