#include "daemon/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "protocol/mcp_upstream.hpp"

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

store::StoreOptions store_options(const Settings& settings) {
  store::StoreOptions options;
  options.url = settings.store_url.value_or("sqlite:");
  options.retention = std::chrono::hours(24) * settings.history_days;
  if (store::is_postgres_url(options.url)) {
    options.read_timeout = std::chrono::milliseconds(settings.store_timeout_ms);
    if (settings.store_journal) options.journal = *settings.store_journal;
  }
  return options;
}

std::unique_ptr<ObservedHistoryStore> open_history(const Settings& settings, Metrics* metrics) {
  auto opened = store::open_store(store_options(settings));
  if (!opened) {
    spdlog::warn("history store unavailable ({}): flakyd answers from the text alone", opened.error());
    if (metrics) metrics->count_event("store_unavailable");
    return nullptr;
  }
  spdlog::info("history store: {}", (*opened)->describe());
  return std::make_unique<ObservedHistoryStore>(std::move(*opened), metrics);
}

namespace {

// The token is read from the environment variable the user named -- never from the command line
// -- and goes nowhere but the Authorization header.
flakyd::expected<std::unique_ptr<engine::UpstreamClassifier>, std::string> make_upstream(const Settings& settings,
                                                                                      Metrics* metrics) {
  protocol::UpstreamOptions options;
  options.url = *settings.upstream_url;
  options.tool = settings.upstream_tool;
  if (const char* token = std::getenv(settings.upstream_token_env.c_str()); token && *token) options.token = token;
  options.ca_file = settings.upstream_ca;
  options.connect_timeout = std::chrono::milliseconds(settings.upstream_connect_timeout_ms);
  options.total_timeout = std::chrono::milliseconds(settings.upstream_timeout_ms);
  options.max_trace_bytes = settings.upstream_max_trace;
  options.breaker_threshold = settings.breaker_threshold;
  options.breaker_cooldown = std::chrono::milliseconds(settings.breaker_cooldown_ms);
  if (metrics) options.on_event = [metrics](std::string_view event) { metrics->count_event(event); };
  auto upstream = protocol::McpUpstream::create(std::move(options));
  if (!upstream) return flakyd::unexpected(upstream.error());
  spdlog::info("upstream: {} (tool {}, token {})", *settings.upstream_url, settings.upstream_tool,
               std::getenv(settings.upstream_token_env.c_str()) ? "from " + settings.upstream_token_env : "none");
  return std::unique_ptr<engine::UpstreamClassifier>(std::move(*upstream));
}

}  // namespace

flakyd::expected<std::unique_ptr<Pipeline>, std::string> Pipeline::build(const Settings& settings,
                                                                      Metrics* metrics,
                                                                      CacheDefault cache_default,
                                                                      StoreDefault store_default) {
  auto core = engine::Core::create(core_options(settings));
  if (!core) return flakyd::unexpected(core.error());
  auto pipeline = std::make_unique<Pipeline>(Pipeline{std::move(*core), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr});

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
  if (settings.store_url && store::is_postgres_url(*settings.store_url)) {
    auto fleet = open_fleet_store(settings, metrics, pipeline->cache.get());
    if (!fleet) return flakyd::unexpected("cannot open the store: " + fleet.error());
    pipeline->fleet = std::move(*fleet);
  }
  if (settings.report_path) {
    auto trail = ReportTrail::open(*settings.report_path, metrics);
    if (!trail) return flakyd::unexpected("cannot open the report trail " + trail.error());
    pipeline->trail = std::move(*trail);
  }

  if (settings.upstream_url) {
    auto upstream = make_upstream(settings, metrics);
    if (!upstream) return flakyd::unexpected(upstream.error());
    pipeline->upstream = std::move(*upstream);
  }

  if (!settings.no_history && (store_default == StoreDefault::on || settings.store_url)) {
    // One connection pool and journal per daemon: the fleet store serves history too.
    pipeline->history = pipeline->fleet
                            ? std::make_unique<ObservedHistoryStore>(pipeline->fleet->history_port(), metrics)
                            : open_history(settings, metrics);
    if (pipeline->history) pipeline->outcomes = std::make_unique<engine::OutcomeRecorder>(pipeline->core, *pipeline->history);
  }
  engine::RunGuardOptions guard_options;
  guard_options.retry_budget = settings.run_retry_budget;
  guard_options.storm_tests = static_cast<std::size_t>(settings.storm_tests);
  pipeline->guards = std::make_unique<engine::RunGuards>(guard_options);

  engine::ClassifierOptions options;
  options.max_trace_bytes = settings.max_trace_bytes;
  options.unknown_retries = settings.unknown_retries;
  options.deterministic_veto = settings.deterministic_veto;
  // A fleet's shared store puts its verdicts behind the disk cache.
  engine::VerdictCache* verdicts = pipeline->fleet ? pipeline->fleet->verdict_cache() : pipeline->cache.get();
  engine::Ports ports{verdicts, pipeline->upstream.get(), pipeline->trail.get(),
                      pipeline->history.get(), pipeline->guards.get()};
  pipeline->classifier = std::make_unique<engine::Classifier>(pipeline->core, options, ports);
  return pipeline;
}

}  // namespace flakyd::app
