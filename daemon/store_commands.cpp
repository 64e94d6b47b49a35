#include "daemon/store_commands.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

#include "daemon/fleet_store.hpp"
#include "store/open_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/schema.hpp"

namespace flakyd::app {

namespace {
constexpr int k_exit_current = 0;
constexpr int k_exit_outdated = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_unreachable = 3;
}  // namespace

int run_store(const Settings& settings) {
  if (!settings.store_url || !store::is_postgres_url(*settings.store_url)) {
    std::cerr << "flakyd store: give a postgresql:// store with --store or FLAKYD_STORE (the SQLite store "
                 "migrates itself when opened)\n";
    return k_exit_usage;
  }
  const bool migrate = settings.store_action == "migrate";
  const std::string described = store::pg::strip_password(*settings.store_url);
  auto version = store::postgres_schema_version(postgres_options(settings), migrate);
  const int code = !version                               ? k_exit_unreachable
                   : *version == store::k_schema_version ? k_exit_current
                                                         : k_exit_outdated;
  if (settings.json_output) {
    nlohmann::json answer = {{"store", described}, {"expected_version", store::k_schema_version}};
    if (version) {
      answer["version"] = *version;
      answer["current"] = *version == store::k_schema_version;
    } else {
      answer["error"] = version.error();
    }
    std::cout << answer.dump() << '\n';
    return code;
  }
  if (!version) {
    std::cerr << "flakyd store: " << described << ": " << version.error() << '\n';
    return code;
  }
  std::cout << described << ": schema version " << *version << " of " << store::k_schema_version
            << (code == k_exit_current ? " (current)" : *version < store::k_schema_version ? " (run `flakyd store migrate`)"
                                                                                        : " (newer than this flakyd)")
            << '\n';
  return code;
}

}  // namespace flakyd::app
