#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "cache/disk_cache.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using namespace flakyd::cache;

namespace {

using flakyd::testing::TempDir;

std::string key(int n) {
  char buffer[65];
  std::snprintf(buffer, sizeof buffer, "%064x", n + 0x1000);
  return buffer;
}

std::unique_ptr<DiskCache> open_cache(const fs::path& dir, std::chrono::seconds ttl = std::chrono::hours(1),
                                      std::uint64_t max_bytes = 1 << 20) {
  CacheOptions options;
  options.directory = dir;
  options.ttl = ttl;
  options.max_bytes = max_bytes;
  options.background_cleanup = false;
  auto cache = DiskCache::open(options);
  REQUIRE(cache.has_value());
  return std::move(*cache);
}

std::size_t files_in(const fs::path& dir) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) count += entry.is_regular_file();
  return count;
}

}  // namespace

TEST_CASE("miss, put, hit, keys are validated") {
  TempDir dir;
  auto cache = open_cache(dir.path);
  CHECK(cache->get(key(1)).error() == Miss::absent);
  CHECK(cache->put(key(1), "value one") == 0);
  CHECK(cache->get(key(1)).value() == "value one");
  CHECK(cache->put(key(1), "value two") == 0);
  CHECK(cache->get(key(1)).value() == "value two");
  CHECK(cache->put("../../etc/passwd", "x") != 0);
  CHECK_FALSE(valid_key("ABCDEF0123456789"));
  CHECK(valid_key(key(2)));
  CHECK(fs::exists(dir.path / key(1).substr(0, 2)));  // sharded by prefix
}

TEST_CASE("writes leave no temp file behind") {
  TempDir dir;
  auto cache = open_cache(dir.path);
  for (int i = 0; i < 50; ++i) REQUIRE(cache->put(key(i), std::string(100, 'x')) == 0);
  for (const auto& entry : fs::recursive_directory_iterator(dir.path)) {
    CHECK(entry.path().filename().string().rfind(".tmp-", 0) != 0);
  }
  CHECK(cache->stats().entries == 50);
}

TEST_CASE("entries expire after the TTL") {
  TempDir dir;
  auto cache = open_cache(dir.path, std::chrono::seconds(1));
  REQUIRE(cache->put(key(1), "soon stale") == 0);
  CHECK(cache->get(key(1)).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  CHECK(cache->get(key(1)).error() == Miss::expired);
  CHECK(files_in(dir.path) == 0);
}

TEST_CASE("cleanup evicts the least recently used entries under the cap") {
  TempDir dir;
  auto cache = open_cache(dir.path, std::chrono::hours(1), 20 * 1024);
  for (int i = 0; i < 40; ++i) {
    REQUIRE(cache->put(key(i), std::string(1000, 'a' + i % 26)) == 0);
    // Distinct mtimes: the LRU clock has file-system granularity.
    const auto when = fs::file_time_type::clock::now() - std::chrono::minutes(40 - i);
    fs::last_write_time(dir.path / key(i).substr(0, 2) / (key(i) + ".entry"), when);
  }
  REQUIRE(cache->get(key(0)).has_value());  // a hit makes the oldest entry the newest
  const auto result = cache->cleanup();
  CHECK(result.evicted > 0);
  CHECK(result.bytes_after <= 20 * 1024);
  CHECK(cache->stats().bytes <= 20 * 1024);
  CHECK(cache->get(key(0)).has_value());
  CHECK(cache->get(key(39)).has_value());
  CHECK_FALSE(cache->get(key(1)).has_value());
}

TEST_CASE("truncated, corrupt and foreign entries are misses and are removed") {
  TempDir dir;
  auto cache = open_cache(dir.path);
  REQUIRE(cache->put(key(1), "a valid payload of some length") == 0);
  REQUIRE(cache->put(key(2), "another valid payload") == 0);
  REQUIRE(cache->put(key(3), "third") == 0);
  const auto path1 = dir.path / key(1).substr(0, 2) / (key(1) + ".entry");
  const auto path2 = dir.path / key(2).substr(0, 2) / (key(2) + ".entry");
  const auto path3 = dir.path / key(3).substr(0, 2) / (key(3) + ".entry");
  fs::resize_file(path1, fs::file_size(path1) - 5);  // truncated
  {
    std::fstream file(path2, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-3, std::ios::end);
    file.write("XYZ", 3);  // flipped payload bytes
  }
  std::ofstream(path3, std::ios::trunc) << "{\"not\": \"ours\"}";  // foreign
  CHECK(cache->get(key(1)).error() == Miss::corrupt);
  CHECK(cache->get(key(2)).error() == Miss::corrupt);
  CHECK(cache->get(key(3)).error() == Miss::corrupt);
  CHECK_FALSE(fs::exists(path1));
  CHECK_FALSE(fs::exists(path2));
  // A value stored under one key and renamed to another does not validate either.
  REQUIRE(cache->put(key(4), "four") == 0);
  fs::create_directories(dir.path / key(5).substr(0, 2));
  fs::rename(dir.path / key(4).substr(0, 2) / (key(4) + ".entry"), dir.path / key(5).substr(0, 2) / (key(5) + ".entry"));
  CHECK(cache->get(key(5)).error() == Miss::corrupt);
}

TEST_CASE("a read-only cache directory: writes fail with an errno, reads still work") {
  if (geteuid() == 0) {
    // root ignores directory permissions: use a file where the shard directory should be.
    TempDir dir;
    auto cache = open_cache(dir.path);
    std::ofstream(dir.path / key(7).substr(0, 2)) << "blocker";
    CHECK(cache->put(key(7), "x") != 0);
    CHECK(cache->get(key(7)).error() != Miss::corrupt);
    return;
  }
  TempDir dir;
  auto cache = open_cache(dir.path);
  REQUIRE(cache->put(key(1), "kept") == 0);
  fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
  CHECK(cache->put(key(9), "x") != 0);
  CHECK(cache->get(key(1)).value() == "kept");
}

TEST_CASE("two processes hammering one cache directory") {
  TempDir dir;
  constexpr int k_keys = 64;
  constexpr int k_rounds = 400;
  pid_t children[2];
  for (int child = 0; child < 2; ++child) {
    children[child] = fork();
    REQUIRE(children[child] >= 0);
    if (children[child] == 0) {
      auto cache = open_cache(dir.path, std::chrono::hours(1), 16 * 1024);
      int bad = 0;
      for (int round = 0; round < k_rounds; ++round) {
        const int n = (round * 7 + child) % k_keys;
        const std::string value = "value-for-" + key(n) + "-" + std::string(200, 'v');
        if (cache->put(key(n), value) != 0) ++bad;
        const auto got = cache->get(key((round * 13) % k_keys));
        if (got && got->rfind("value-for-" + key((round * 13) % k_keys), 0) != 0) ++bad;
        if (round % 50 == 0) cache->cleanup();
      }
      _exit(bad == 0 ? 0 : 1);
    }
  }
  for (pid_t child : children) {
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  auto cache = open_cache(dir.path);
  for (int n = 0; n < k_keys; ++n) {
    const auto got = cache->get(key(n));
    if (got) CHECK(got->rfind("value-for-" + key(n), 0) == 0);
    else CHECK(got.error() == Miss::absent);  // evicted, never corrupt
  }
}

TEST_CASE("clear removes every entry") {
  TempDir dir;
  auto cache = open_cache(dir.path);
  for (int i = 0; i < 10; ++i) REQUIRE(cache->put(key(i), "x") == 0);
  CHECK(cache->clear() == 10);
  CHECK(cache->stats().entries == 0);
}

TEST_CASE("background cleanup keeps the cap without being asked twice") {
  TempDir dir;
  CacheOptions options;
  options.directory = dir.path;
  options.max_bytes = 8 * 1024;
  options.cleanup_interval = std::chrono::seconds(0);
  auto cache = DiskCache::open(options);
  REQUIRE(cache.has_value());
  for (int i = 0; i < 50; ++i) REQUIRE((*cache)->put(key(i), std::string(1000, 'z')) == 0);
  bool under = false;
  for (int tries = 0; tries < 100 && !under; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    under = (*cache)->stats().bytes <= 8 * 1024;
  }
  CHECK(under);
}
