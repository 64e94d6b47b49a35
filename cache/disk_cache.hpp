// DiskCache: a content-addressed store of small values on disk, shared safely by several
// processes.
//
// Layout: <dir>/<first two hex digits of the key>/<key>.entry. An entry file is
//   "flakyd-cache-v1 <key> <stored_unix> <payload bytes> <payload sha256 prefix>\n" + payload
// and is written to a temp file beside its final name, then renamed: a reader sees the old
// entry, the new entry or none, never half of one. A truncated, corrupt or foreign file fails
// validation and is a miss (and is removed). A hit refreshes the file's mtime, which is the LRU
// clock for eviction. Entries older than the TTL are misses.
//
// The size cap is enforced by cleanup(): it walks the shards, drops expired entries and evicts
// the least recently used until the cache is under 90% of the cap. The daemon runs it on a
// background thread (request_cleanup() wakes it, at most every `cleanup_interval`); it never runs
// on the request path. Errors never throw: get() is a miss, put() returns false and reports the
// errno, so the caller can degrade to "no cache".
//
// Thread-safety: all methods may be called concurrently, from several processes too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include "support/expected.hpp"
#include <memory>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace flakyd::cache {

struct CacheOptions {
  std::filesystem::path directory;
  std::chrono::seconds ttl = std::chrono::hours(24 * 7);
  std::uint64_t max_bytes = 64ull << 20;
  std::chrono::seconds cleanup_interval = std::chrono::seconds(30);
  bool background_cleanup = true;  // false for one-shot CLI use
};

enum class Miss { absent, expired, corrupt, unreadable };

struct Stats {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
  std::uint64_t expired = 0;
};

struct CleanupResult {
  std::uint64_t removed_expired = 0;
  std::uint64_t removed_corrupt = 0;
  std::uint64_t evicted = 0;
  std::uint64_t bytes_after = 0;
};

// $XDG_CACHE_HOME/flakyd, else $HOME/.cache/flakyd.
std::filesystem::path default_directory();

class DiskCache {
 public:
  // Creates the directory (mode 0700) when missing; fails when it cannot.
  static flakyd::expected<std::unique_ptr<DiskCache>, std::string> open(CacheOptions options);
  ~DiskCache();

  flakyd::expected<std::string, Miss> get(std::string_view key);
  // 0 on success, else the errno of the failure (EACCES, ENOSPC, EROFS, ...).
  int put(std::string_view key, std::string_view value);

  Stats stats() const;
  CleanupResult cleanup();
  std::uint64_t clear();
  void request_cleanup();

  const std::filesystem::path& directory() const { return m_options.directory; }

 private:
  explicit DiskCache(CacheOptions options);
  std::filesystem::path path_for(std::string_view key) const;
  void background_loop();

  CacheOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_cleanup_requested = false;
  bool m_stopping = false;
  std::chrono::steady_clock::time_point m_last_cleanup{};
  std::thread m_cleaner;
};

// True for 16..128 lower-case hex digits: anything else never becomes a path.
bool valid_key(std::string_view key);

}  // namespace flakyd::cache
