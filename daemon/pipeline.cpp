#include "daemon/pipeline.hpp"

#include <spdlog/spdlog.h>

namespace flakyd::app {

cache::CacheOptions cache_options(const Settings& settings, bool background_cleanup) {
  cache::CacheOptions options;
  options.directory = settings.cache_dir ? std::filesystem::path(*settings.cache_dir) : cache::default_directory();
  options.ttl = std::chrono::seconds(settings.cache_ttl_seconds);
  options.max_bytes = settings.cache_max_bytes;
  options.background_cleanup = background_cleanup;
  return options;
}

engine::CoreOptions core_options(const Settings& settings) {
  engine::CoreOptions options;
  options.rule_file = settings.rules_file;
  options.redact_emails = !settings.keep_emails;
  options.redact_ip_addresses = !settings.keep_ip_addresses;
  return options;
}

std::expected<std::unique_ptr<Pipeline>, std::string> Pipeline::build(const Settings& settings,
                                                                      Metrics* metrics,
                                                                      CacheDefault cache_default) {
  auto core = engine::Core::create(core_options(settings));
  if (!core) return std::unexpected(core.error());
  auto pipeline = std::make_unique<Pipeline>(Pipeline{std::move(*core), nullptr, nullptr, nullptr});

  const bool want_cache = !settings.no_cache && (cache_default == CacheDefault::on || settings.cache_dir);
  if (want_cache) {
    auto store = cache::DiskCache::open(cache_options(settings, cache_default == CacheDefault::on));
    if (store) {
      pipeline->cache = std::make_unique<DiskVerdictCache>(std::move(*store), metrics);
      spdlog::info("cache: {}", pipeline->cache->disk().directory().string());
    } else {
      spdlog::warn("cache disabled: {}", store.error());
      if (metrics) metrics->count_event("cache_disabled");
    }
  }
  if (settings.report_path) {
    auto trail = ReportTrail::open(*settings.report_path, metrics);
    if (!trail) return std::unexpected("cannot open the report trail " + trail.error());
    pipeline->trail = std::move(*trail);
  }

  engine::ClassifierOptions options;
  options.max_trace_bytes = settings.max_trace_bytes;
  options.unknown_retries = settings.unknown_retries;
  engine::Ports ports{pipeline->cache.get(), nullptr, pipeline->trail.get()};
  pipeline->classifier = std::make_unique<engine::Classifier>(pipeline->core, options, ports);
  return pipeline;
}

}  // namespace flakyd::app
