#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <thread>

#include "daemon/verdict_cache.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace flakyd;
using namespace std::chrono_literals;

namespace {

using flakyd::testing::TempDir;

app::DiskVerdictCache open_verdicts(const fs::path& dir, std::chrono::milliseconds window) {
  cache::CacheOptions options;
  options.directory = dir;
  options.background_cleanup = false;
  auto store = cache::DiskCache::open(options);
  REQUIRE(store.has_value());
  return app::DiskVerdictCache(std::move(*store), nullptr, window);
}

const std::string k_key(64, 'a');
const engine::CachedVerdict k_verdict{heuristics::Category::flaky_network, 0.9, "net.reset", "reset",
                                      engine::Source::heuristic, 1700000000};

}  // namespace

TEST_CASE("a verdict just stored is answered from memory, and from disk once the window ends") {
  TempDir dir;
  auto verdicts = open_verdicts(dir.path, 150ms);
  verdicts.store(k_key, k_verdict);
  verdicts.disk().clear();  // as `flakyd cache clear` would, from another process

  const auto remembered = verdicts.lookup(k_key);
  REQUIRE(remembered.has_value());
  CHECK(remembered->rule == "net.reset");
  CHECK(remembered->category == heuristics::Category::flaky_network);

  std::this_thread::sleep_for(200ms);
  CHECK_FALSE(verdicts.lookup(k_key).has_value());
}

TEST_CASE("a verdict read from disk is remembered too, a zero window turns memory off") {
  TempDir dir;
  {
    auto writer = open_verdicts(dir.path, 0ms);
    writer.store(k_key, k_verdict);
    writer.disk().clear();
    CHECK_FALSE(writer.lookup(k_key).has_value());  // nothing was remembered
    writer.store(k_key, k_verdict);
  }
  auto reader = open_verdicts(dir.path, 10s);
  REQUIRE(reader.lookup(k_key).has_value());  // from disk
  reader.disk().clear();
  CHECK(reader.lookup(k_key).has_value());  // from memory
}

TEST_CASE("memory holds a bounded number of verdicts") {
  TempDir dir;
  auto verdicts = open_verdicts(dir.path, 10s);
  const std::size_t stored = app::DiskVerdictCache::k_memory_entries * 2;
  for (std::size_t i = 0; i < stored; ++i) {
    char key[65];
    std::snprintf(key, sizeof key, "%064zx", i);
    verdicts.store(key, k_verdict);
  }
  verdicts.disk().clear();
  std::size_t remembered = 0;
  for (std::size_t i = 0; i < stored; ++i) {
    char key[65];
    std::snprintf(key, sizeof key, "%064zx", i);
    remembered += verdicts.lookup(key).has_value();
  }
  CHECK(remembered > 0);
  CHECK(remembered <= app::DiskVerdictCache::k_memory_entries);
}
