// SessionStore: the handshake-era (2025-03-26 .. 2025-11-25) sessions of the HTTP transport.
// `initialize` creates one (its id goes out in Mcp-Session-Id) remembering the negotiated
// protocol version; the stateless 2026-07-28 era never uses it. Bounded: at most `capacity`
// sessions, the least recently used is dropped first, and idle sessions expire.
// Thread-safe (one mutex; every operation is O(log n) or O(1)).
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace flakyd::protocol {

struct Session {
  std::string protocol_version;
  bool initialized = false;  // notifications/initialized was received
};

class SessionStore {
 public:
  explicit SessionStore(std::size_t capacity = 4096,
                        std::chrono::seconds idle_timeout = std::chrono::hours(1));

  std::string create(std::string protocol_version);  // returns a new 128-bit random hex id
  std::optional<Session> find(const std::string& id);
  void mark_initialized(const std::string& id);
  bool erase(const std::string& id);
  std::size_t size();

 private:
  struct Entry {
    Session session;
    std::chrono::steady_clock::time_point last_used;
    std::list<std::string>::iterator order;
  };
  void touch(Entry& entry, const std::string& id);
  void expire_locked();

  std::mutex m_mutex;
  std::unordered_map<std::string, Entry> m_sessions;
  std::list<std::string> m_lru;  // most recent first
  std::size_t m_capacity;
  std::chrono::seconds m_idle_timeout;
};

}  // namespace flakyd::protocol
