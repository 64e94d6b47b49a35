#include "daemon/maintenance_commands.hpp"

#include "daemon/atomic_file.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

#include "cache/disk_cache.hpp"
#include "daemon/pipeline.hpp"
#include "daemon/rule_precision.hpp"
#include "protocol/json_limits.hpp"
#include "report/builder.hpp"
#include "report/render.hpp"

namespace flakyd::app {

using nlohmann::json;

namespace {

constexpr int k_exit_usage = 2;
constexpr int k_exit_io = 3;

}  // namespace

int run_cache(const Settings& settings) {
  auto store = cache::DiskCache::open(cache_options(settings, false));
  if (!store) {
    spdlog::error("cache: {}", store.error());
    return k_exit_io;
  }
  auto& cache = **store;
  json result = {{"directory", cache.directory().string()}};
  if (settings.cache_action == "stats") {
    const auto stats = cache.stats();
    result["entries"] = stats.entries;
    result["bytes"] = stats.bytes;
    result["max_bytes"] = settings.cache_max_bytes;
    result["ttl_seconds"] = settings.cache_ttl_seconds;
  } else if (settings.cache_action == "prune") {
    const auto pruned = cache.cleanup();
    result["removed_expired"] = pruned.removed_expired;
    result["removed_corrupt"] = pruned.removed_corrupt;
    result["evicted"] = pruned.evicted;
    result["bytes_after"] = pruned.bytes_after;
  } else if (settings.cache_action == "clear") {
    result["removed"] = cache.clear();
  } else {
    spdlog::error("cache: unknown action '{}' (stats, prune or clear)", settings.cache_action);
    return k_exit_usage;
  }
  if (settings.json_output) {
    std::cout << protocol::dump_json(result) << "\n";
  } else {
    for (const auto& [name, value] : result.items()) std::cout << name << ": " << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
  return 0;
}

json summarise_trail(std::istream& trail) {
  report::ReportBuilder builder(report::Options{});
  builder.add_stream(trail);
  return report::to_json(builder.finish());
}

namespace {

std::string utc_now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

// Writes beside the target and renames, so a reader never sees half a page.
bool write_page(const std::string& path, const report::Report& summary, const report::PageInfo& page) {
  return write_file_atomically(path, [&](std::ostream& out) { report::render_html(summary, page, out); });
}

}  // namespace

int run_report(const Settings& settings) {
  report::Options options;
  options.since_days = settings.report_since_days;
  options.blanket_reruns = settings.report_blanket_reruns;
  report::ReportBuilder builder(options);
  for (const auto& trail : settings.trails) {
    if (trail == "-") {
      builder.add_stream(std::cin);
      continue;
    }
    std::ifstream in(trail);
    if (!in) {
      spdlog::error("cannot read the report trail {}", trail);
      return k_exit_io;
    }
    builder.add_stream(in);
  }
  // Outcome history (the store), when there is one: flakiest tests, each rule's retries that passed.
  const auto history = open_report_history(settings);
  const report::Report summary = builder.finish(history.get());
  if (settings.report_html && !write_page(*settings.report_html, summary, {settings.trails, utc_now_iso()})) {
    spdlog::error("cannot write the HTML report {}", *settings.report_html);
    return k_exit_io;
  }
  if (settings.json_output) {
    std::cout << protocol::dump_json(report::to_json(summary), 2) << "\n";
  } else {
    report::render_text(summary, std::cout);
  }
  return 0;
}

}  // namespace flakyd::app
