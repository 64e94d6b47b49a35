#include "daemon/fleet_store.hpp"

#include "store/open_store.hpp"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <sstream>

namespace flakyd::app {

namespace {

// The history port of a store the FleetStore shares (the pipeline owns ports by unique_ptr).
class SharedHistoryStore final : public engine::HistoryStore {
 public:
  explicit SharedHistoryStore(std::shared_ptr<store::PostgresStore> store) : m_store(std::move(store)) {}
  flakyd::expected<std::size_t, engine::StoreError> record(const engine::OutcomeBatch& batch) override {
    return m_store->record(batch);
  }
  flakyd::expected<engine::TestHistory, engine::StoreError> history(const engine::HistoryQuery& query) override {
    return m_store->history(query);
  }
  flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> summarise(
      const engine::SummaryQuery& query) override {
    return m_store->summarise(query);
  }
  flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError> final_outcomes(
      const std::vector<engine::RunTest>& keys) override {
    return m_store->final_outcomes(keys);
  }
  flakyd::expected<std::size_t, engine::StoreError> prune(std::int64_t before_unix) override {
    return m_store->prune(before_unix);
  }
  std::string describe() const override { return m_store->describe(); }

 private:
  std::shared_ptr<store::PostgresStore> m_store;
};

}  // namespace

std::unique_ptr<engine::HistoryStore> FleetStore::history_port() const {
  return std::make_unique<SharedHistoryStore>(store);
}

store::PostgresOptions postgres_options(const Settings& settings) {
  store::PostgresOptions options;
  options.conninfo = settings.store_url.value_or("");
  options.lookup_deadline = std::chrono::milliseconds(settings.store_timeout_ms);
  options.journal =
      settings.store_journal ? std::filesystem::path(*settings.store_journal) : store::default_journal_path();
  options.retention = std::chrono::seconds(std::chrono::hours(24) * settings.history_days);
  return options;
}

flakyd::expected<std::unique_ptr<FleetStore>, std::string> open_fleet_store(const Settings& settings,
                                                                        Metrics* metrics,
                                                                        engine::VerdictCache* near) {
  auto opened = store::PostgresStore::open(postgres_options(settings));
  if (!opened) return flakyd::unexpected(opened.error());
  auto fleet = std::make_unique<FleetStore>();
  fleet->store = std::shared_ptr<store::PostgresStore>(std::move(*opened));
  fleet->shared_verdicts = std::make_unique<store::PostgresVerdictCache>(
      *fleet->store, std::chrono::seconds(settings.cache_ttl_seconds));
  if (near) fleet->layered = std::make_unique<engine::LayeredVerdictCache>(*near, *fleet->shared_verdicts);
  if (metrics) {
    metrics->add_collector([store = fleet->store] { return render_store_stats(store->stats()); });
  }
  spdlog::info("shared store: {} (lookups within {} ms; journal {})", fleet->store->describe(),
               settings.store_timeout_ms, postgres_options(settings).journal.string());
  return fleet;
}

namespace {

struct Series {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  double (*value)(const store::StoreStats&);
};

// The store's counters on /metrics, as data: name, type, help, where the value comes from.
constexpr Series k_store_series[] = {
    {"flakyd_store_up", "gauge", "1 while the shared store has an open connection.",
     [](const store::StoreStats& s) { return s.connected ? 1.0 : 0.0; }},
    {"flakyd_store_writable", "gauge", "0 while the shared store refuses writes (read-only).",
     [](const store::StoreStats& s) { return s.writable ? 1.0 : 0.0; }},
    {"flakyd_store_lookup_timeouts_total", "counter", "Store lookups that missed their deadline.",
     [](const store::StoreStats& s) { return static_cast<double>(s.lookup_timeouts); }},
    {"flakyd_store_errors_total", "counter", "Store calls that failed otherwise.",
     [](const store::StoreStats& s) { return static_cast<double>(s.errors); }},
    {"flakyd_store_unavailable_total", "counter",
     "Store lookups answered locally at once because no connection was open.",
     [](const store::StoreStats& s) { return static_cast<double>(s.unavailable); }},
    {"flakyd_store_verdict_hits_total", "counter", "Shared verdicts found in the store.",
     [](const store::StoreStats& s) { return static_cast<double>(s.verdict_hits); }},
    {"flakyd_store_verdicts_written_total", "counter", "Verdicts written to the store.",
     [](const store::StoreStats& s) { return static_cast<double>(s.verdicts_written); }},
    {"flakyd_store_verdicts_dropped_total", "counter", "Verdicts not written: the queue was full.",
     [](const store::StoreStats& s) { return static_cast<double>(s.verdicts_dropped); }},
    {"flakyd_store_outcomes_journaled_total", "counter", "Outcomes appended to the local journal.",
     [](const store::StoreStats& s) { return static_cast<double>(s.outcomes_journaled); }},
    {"flakyd_store_outcomes_shipped_total", "counter", "Journaled outcomes committed to the store.",
     [](const store::StoreStats& s) { return static_cast<double>(s.outcomes_shipped); }},
    {"flakyd_store_journal_depth", "gauge", "Outcomes journaled locally, not yet shipped.",
     [](const store::StoreStats& s) { return static_cast<double>(s.journal_depth); }},
    {"flakyd_store_reconnects_total", "counter", "Times the store came back after an outage.",
     [](const store::StoreStats& s) { return static_cast<double>(s.reconnects); }},
    {"flakyd_store_connect_failures_total", "counter", "Failed connection attempts.",
     [](const store::StoreStats& s) { return static_cast<double>(s.connect_failures); }},
};

}  // namespace

std::string render_store_stats(const store::StoreStats& stats) {
  std::ostringstream out;
  for (const Series& series : k_store_series) {
    out << "# HELP " << series.name << ' ' << series.help << "\n# TYPE " << series.name << ' ' << series.type
        << '\n' << series.name << ' ' << series.value(stats) << '\n';
  }
  out << "# HELP flakyd_store_lookup_seconds Latency of answered store lookups.\n"
         "# TYPE flakyd_store_lookup_seconds histogram\n";
  unsigned long long cumulative = 0;
  for (std::size_t bucket = 0; bucket < store::k_store_latency_buckets.size(); ++bucket) {
    cumulative += stats.latency[bucket];
    out << "flakyd_store_lookup_seconds_bucket{le=\"" << store::k_store_latency_buckets[bucket] << "\"} "
        << cumulative << '\n';
  }
  cumulative += stats.latency.back();
  out << "flakyd_store_lookup_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n'
      << "flakyd_store_lookup_seconds_sum " << stats.latency_sum << '\n'
      << "flakyd_store_lookup_seconds_count " << stats.lookups << '\n';
  return out.str();
}

}  // namespace flakyd::app
