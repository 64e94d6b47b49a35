// LayeredVerdictCache: a near cache (this machine's disk cache) in front of a far one (the
// fleet's shared store), as one engine::VerdictCache (DESIGN.md, "Store").
//   - lookup: the near cache first; on a miss the far one, and a far hit is copied into the near
//     cache so the next lookup stays local.
//   - store: both (a new verdict becomes a hit for every daemon of the fleet).
// The far cache bounds its own latency (a short deadline) and answers "miss" when it cannot;
// this class adds no waiting and no threads of its own. Thread-safe if both layers are.
#pragma once

#include "engine/ports.hpp"

namespace flakyd::engine {

class LayeredVerdictCache final : public VerdictCache {
 public:
  LayeredVerdictCache(VerdictCache& near, VerdictCache& far) : m_near(near), m_far(far) {}

  std::optional<CachedVerdict> lookup(std::string_view key) override;
  void store(std::string_view key, const CachedVerdict& verdict) override;

 private:
  VerdictCache& m_near;
  VerdictCache& m_far;
};

}  // namespace flakyd::engine
