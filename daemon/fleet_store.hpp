// The fleet's shared store (DESIGN.md, "Store"): `--store postgresql://...` puts every daemon of a
// CI fleet on one PostgreSQL. This module opens the adapter (store/postgres) once per daemon and
// hands out its faces: the shared verdicts layered behind the disk cache, the history port, and
// its counters on /metrics (flakyd_store_*).
//
// The connection string comes from --store / FLAKYD_STORE (a CI secret); the password from
// PGPASSWORD or ~/.pgpass (libpq reads them), never the command line; logs show it stripped.
// PostgreSQL down at start is not an error: the daemon starts, answers from local state and
// connects in the background.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/metrics.hpp"
#include "daemon/settings.hpp"
#include "engine/layered_verdict_cache.hpp"
#include "store/postgres/postgres_store.hpp"
#include "support/expected.hpp"

namespace flakyd::app {

store::PostgresOptions postgres_options(const Settings& settings);

struct FleetStore {
  std::shared_ptr<store::PostgresStore> store;
  std::unique_ptr<store::PostgresVerdictCache> shared_verdicts;
  std::unique_ptr<engine::LayeredVerdictCache> layered;  // disk cache in front, when there is one

  // The history port on the same store (and pool, and journal).
  std::unique_ptr<engine::HistoryStore> history_port() const;
  // The cache port for the classifier: the layered pair, or the shared verdicts alone.
  engine::VerdictCache* verdict_cache() {
    return layered ? static_cast<engine::VerdictCache*>(layered.get()) : shared_verdicts.get();
  }
};

// Opens the store and registers its counters with `metrics` (may be null). `near` is the disk
// cache (may be null).
flakyd::expected<std::unique_ptr<FleetStore>, std::string> open_fleet_store(const Settings& settings,
                                                                        Metrics* metrics,
                                                                        engine::VerdictCache* near);

// Prometheus text for the store's counters (flakyd_store_*).
std::string render_store_stats(const store::StoreStats& stats);

}  // namespace flakyd::app
