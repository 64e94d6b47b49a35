// Pipeline: everything a classification needs, built once from the settings -- the compiled
// core, the classifier, and its adapters (disk cache, report trail; upstream later). Shared by
// `serve` and `classify` so both wire the same way. A cache that cannot be opened degrades to
// "no cache" (logged once, counted); a report trail that cannot be opened is a configuration
// error (the user asked for it explicitly). A history store that cannot be opened degrades to
// "text alone" (logged once, counted as store_unavailable); run-level guards need no store.
#pragma once

#include "support/expected.hpp"
#include <memory>
#include <string>

#include "daemon/fleet_store.hpp"
#include "daemon/metrics.hpp"
#include "daemon/observed_history.hpp"
#include "daemon/report_trail.hpp"
#include "daemon/settings.hpp"
#include "daemon/verdict_cache.hpp"
#include "engine/classifier.hpp"
#include "engine/outcome_recorder.hpp"
#include "store/open_store.hpp"

namespace flakyd::app {

enum class CacheDefault { on, off };
enum class StoreDefault { on, off };  // off: a store only when --store is given

struct Pipeline {
  engine::Core core;
  std::unique_ptr<DiskVerdictCache> cache;
  std::unique_ptr<ReportTrail> trail;
  std::unique_ptr<engine::UpstreamClassifier> upstream;
  std::unique_ptr<FleetStore> fleet;  // --store postgresql://...: shared verdicts behind the cache
  std::unique_ptr<ObservedHistoryStore> history;  // nullptr: none configured or unavailable
  std::unique_ptr<engine::OutcomeRecorder> outcomes;
  std::unique_ptr<engine::RunGuards> guards;
  std::unique_ptr<engine::Classifier> classifier;

  static flakyd::expected<std::unique_ptr<Pipeline>, std::string> build(const Settings& settings,
                                                                     Metrics* metrics,
                                                                     CacheDefault cache_default,
                                                                     StoreDefault store_default = StoreDefault::off);
};

store::StoreOptions store_options(const Settings& settings);
// Opens the history store the settings name (wrapped for logging and metrics); nullptr with a
// logged warning and a counted store_unavailable when it cannot be opened.
std::unique_ptr<ObservedHistoryStore> open_history(const Settings& settings, Metrics* metrics);

cache::CacheOptions cache_options(const Settings& settings, bool background_cleanup);
engine::CoreOptions core_options(const Settings& settings);

}  // namespace flakyd::app
