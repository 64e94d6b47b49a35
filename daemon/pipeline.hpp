// Pipeline: everything a classification needs, built once from the settings -- the compiled
// core, the classifier, and its adapters (disk cache, report trail; upstream later). Shared by
// `serve` and `classify` so both wire the same way. A cache that cannot be opened degrades to
// "no cache" (logged once, counted); a report trail that cannot be opened is a configuration
// error (the user asked for it explicitly).
#pragma once

#include "support/expected.hpp"
#include <memory>
#include <string>

#include "daemon/fleet_store.hpp"
#include "daemon/metrics.hpp"
#include "daemon/report_trail.hpp"
#include "daemon/settings.hpp"
#include "daemon/verdict_cache.hpp"
#include "engine/classifier.hpp"

namespace flakyd::app {

enum class CacheDefault { on, off };

struct Pipeline {
  engine::Core core;
  std::unique_ptr<DiskVerdictCache> cache;
  std::unique_ptr<ReportTrail> trail;
  std::unique_ptr<engine::UpstreamClassifier> upstream;
  std::unique_ptr<FleetStore> fleet;  // --store postgresql://...: shared verdicts behind the cache
  std::unique_ptr<engine::Classifier> classifier;

  static flakyd::expected<std::unique_ptr<Pipeline>, std::string> build(const Settings& settings,
                                                                     Metrics* metrics,
                                                                     CacheDefault cache_default);
};

cache::CacheOptions cache_options(const Settings& settings, bool background_cleanup);
engine::CoreOptions core_options(const Settings& settings);

}  // namespace flakyd::app
