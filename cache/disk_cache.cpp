#include "cache/disk_cache.hpp"

#include "support/random_hex.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace flakyd::cache {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_magic = "flakyd-cache-v1";
constexpr std::string_view k_suffix = ".entry";
constexpr std::size_t k_max_entry_bytes = 1 << 20;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string checksum(std::string_view payload) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(payload.data(), payload.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < 8; ++i) {
    hex.push_back(k_hex[digest[i] >> 4]);
    hex.push_back(k_hex[digest[i] & 0xf]);
  }
  return hex;
}

bool read_file(const fs::path& path, std::string& content, std::int64_t* mtime_unix = nullptr) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
      static_cast<std::uint64_t>(info.st_size) > k_max_entry_bytes) {
    ::close(fd);
    return false;
  }
  if (mtime_unix) *mtime_unix = static_cast<std::int64_t>(info.st_mtim.tv_sec);
  content.resize(static_cast<std::size_t>(info.st_size));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t got = ::read(fd, content.data() + done, content.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<std::size_t>(got);
  }
  ::close(fd);
  content.resize(done);
  return true;
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t wrote = ::write(fd, bytes.data(), bytes.size());
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
  return true;
}

struct Parsed {
  std::int64_t stored_unix = 0;
  std::string_view payload;
};

// Validates an entry file's bytes; nullopt for anything truncated, corrupt or foreign.
std::optional<Parsed> parse_entry(std::string_view content, std::string_view key) {
  const auto newline = content.find('\n');
  if (newline == std::string_view::npos || newline > 512) return std::nullopt;
  const std::string header(content.substr(0, newline));
  char magic[32] = {};
  char stored_key[160] = {};
  long long stored = 0;
  unsigned long long length = 0;
  char sum[32] = {};
  if (std::sscanf(header.c_str(), "%31s %159s %lld %llu %31s", magic, stored_key, &stored, &length, sum) != 5) {
    return std::nullopt;
  }
  const std::string_view payload = content.substr(newline + 1);
  if (k_magic != magic || key != stored_key || payload.size() != length || checksum(payload) != sum) {
    return std::nullopt;
  }
  return Parsed{stored, payload};
}

bool is_entry_name(const std::string& name) {
  return name.size() > k_suffix.size() && name.ends_with(k_suffix) &&
         valid_key(std::string_view(name).substr(0, name.size() - k_suffix.size()));
}

}  // namespace

bool valid_key(std::string_view key) {
  return key.size() >= 16 && key.size() <= 128 &&
         key.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

fs::path default_directory() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') return fs::path(xdg) / "flakyd";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "flakyd";
  return fs::temp_directory_path() / ("flakyd-cache-" + std::to_string(::getuid()));
}

DiskCache::DiskCache(CacheOptions options) : m_options(std::move(options)) {}

flakyd::expected<std::unique_ptr<DiskCache>, std::string> DiskCache::open(CacheOptions options) {
  std::error_code error;
  fs::create_directories(options.directory, error);
  if (error) return flakyd::unexpected(options.directory.string() + ": " + error.message());
  if (!fs::is_directory(options.directory, error)) {
    return flakyd::unexpected(options.directory.string() + ": not a directory");
  }
  ::chmod(options.directory.c_str(), 0700);
  std::unique_ptr<DiskCache> cache(new DiskCache(std::move(options)));
  if (cache->m_options.background_cleanup) {
    cache->m_cleaner = std::thread([raw = cache.get()] { raw->background_loop(); });
  }
  return cache;
}

DiskCache::~DiskCache() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_cleaner.joinable()) m_cleaner.join();
}

fs::path DiskCache::path_for(std::string_view key) const {
  return m_options.directory / std::string(key.substr(0, 2)) / (std::string(key) + std::string(k_suffix));
}

flakyd::expected<std::string, Miss> DiskCache::get(std::string_view key) {
  if (!valid_key(key)) return flakyd::unexpected(Miss::absent);
  const fs::path path = path_for(key);
  std::string content;
  std::int64_t modified = 0;
  if (!read_file(path, content, &modified)) {
    return flakyd::unexpected(errno == ENOENT ? Miss::absent : Miss::unreadable);
  }
  const auto parsed = parse_entry(content, key);
  if (!parsed) {
    ::unlink(path.c_str());
    return flakyd::unexpected(Miss::corrupt);
  }
  if (unix_now() - parsed->stored_unix >= m_options.ttl.count()) {
    ::unlink(path.c_str());
    return flakyd::unexpected(Miss::expired);
  }
  // A hit is a use: refresh the LRU clock, at most once a minute (the cap's eviction does not
  // need finer time, and a hot entry then costs no extra syscall).
  if (unix_now() - modified > 60) ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0);
  return std::string(parsed->payload);
}

int DiskCache::put(std::string_view key, std::string_view value) {
  if (!valid_key(key)) return EINVAL;
  const fs::path path = path_for(key);
  const fs::path shard = path.parent_path();
  if (::mkdir(shard.c_str(), 0700) != 0 && errno != EEXIST) return errno;
  const fs::path temp = shard / (".tmp-" + random_hex(8));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return errno;
  const std::string header = std::string(k_magic) + " " + std::string(key) + " " +
                             std::to_string(unix_now()) + " " + std::to_string(value.size()) + " " +
                             checksum(value) + "\n";
  const bool written = write_all(fd, header) && write_all(fd, value);
  const int write_error = written ? 0 : (errno ? errno : EIO);
  ::close(fd);
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = written ? errno : write_error;
    ::unlink(temp.c_str());
    return error;
  }
  request_cleanup();
  return 0;
}

Stats DiskCache::stats() const {
  Stats stats;
  std::error_code error;
  for (fs::recursive_directory_iterator it(m_options.directory, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error) || !is_entry_name(it->path().filename().string())) continue;
    ++stats.entries;
    stats.bytes += it->file_size(error);
  }
  return stats;
}

CleanupResult DiskCache::cleanup() {
  struct Entry {
    fs::path path;
    std::uint64_t size;
    fs::file_time_type used;
  };
  CleanupResult result;
  std::vector<Entry> entries;
  std::uint64_t total = 0;
  std::error_code error;
  std::string content;
  const auto stale_temp = fs::file_time_type::clock::now() - std::chrono::minutes(10);
  for (fs::recursive_directory_iterator it(m_options.directory, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const std::string name = it->path().filename().string();
    if (name.starts_with(".tmp-")) {
      // A writer that died between create and rename leaves its temp file: reap old ones.
      if (it->last_write_time(error) < stale_temp) fs::remove(it->path(), error);
      continue;
    }
    if (!is_entry_name(name)) continue;
    const std::string key = name.substr(0, name.size() - k_suffix.size());
    if (!read_file(it->path(), content)) continue;
    const auto parsed = parse_entry(content, key);
    if (!parsed) {
      fs::remove(it->path(), error);
      ++result.removed_corrupt;
      continue;
    }
    if (unix_now() - parsed->stored_unix >= m_options.ttl.count()) {
      fs::remove(it->path(), error);
      ++result.removed_expired;
      continue;
    }
    entries.push_back({it->path(), content.size(), it->last_write_time(error)});
    total += content.size();
  }
  if (total > m_options.max_bytes) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    const std::uint64_t target = m_options.max_bytes / 10 * 9;
    for (const auto& entry : entries) {
      if (total <= target) break;
      if (fs::remove(entry.path, error)) {
        total -= entry.size;
        ++result.evicted;
      }
    }
  }
  result.bytes_after = total;
  return result;
}

std::uint64_t DiskCache::clear() {
  std::uint64_t removed = 0;
  std::error_code error;
  for (fs::recursive_directory_iterator it(m_options.directory, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(error) && (is_entry_name(name) || name.starts_with(".tmp-"))) {
      if (fs::remove(it->path(), error)) ++removed;
    }
  }
  return removed;
}

void DiskCache::request_cleanup() {
  if (!m_options.background_cleanup) return;
  {
    std::lock_guard lock(m_mutex);
    m_cleanup_requested = true;
  }
  m_wake.notify_one();
}

void DiskCache::background_loop() {
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_wake.wait(lock, [&] { return m_stopping || m_cleanup_requested; });
    if (m_stopping) return;
    // Amortise: at most one walk per interval, however many writes asked for one.
    const auto due = m_last_cleanup + m_options.cleanup_interval;
    if (std::chrono::steady_clock::now() < due) {
      m_wake.wait_until(lock, due, [&] { return m_stopping; });
      if (m_stopping) return;
    }
    m_cleanup_requested = false;
    m_last_cleanup = std::chrono::steady_clock::now();
    lock.unlock();
    cleanup();
    lock.lock();
  }
}

}  // namespace flakyd::cache
