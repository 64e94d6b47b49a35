#include "protocol/session_store.hpp"

#include "support/random_hex.hpp"

namespace flakyd::protocol {

SessionStore::SessionStore(std::size_t capacity, std::chrono::seconds idle_timeout)
    : m_capacity(capacity), m_idle_timeout(idle_timeout) {}

void SessionStore::touch(Entry& entry, const std::string& id) {
  entry.last_used = std::chrono::steady_clock::now();
  m_lru.erase(entry.order);
  m_lru.push_front(id);
  entry.order = m_lru.begin();
}

void SessionStore::expire_locked() {
  const auto now = std::chrono::steady_clock::now();
  while (!m_lru.empty()) {
    const auto& oldest = m_lru.back();
    const auto found = m_sessions.find(oldest);
    if (m_sessions.size() <= m_capacity && now - found->second.last_used < m_idle_timeout) break;
    m_sessions.erase(found);
    m_lru.pop_back();
  }
}

std::string SessionStore::create(std::string protocol_version) {
  std::string id = random_hex(16);
  std::lock_guard lock(m_mutex);
  m_lru.push_front(id);
  m_sessions.emplace(id, Entry{Session{std::move(protocol_version), false},
                               std::chrono::steady_clock::now(), m_lru.begin()});
  expire_locked();
  return id;
}

std::optional<Session> SessionStore::find(const std::string& id) {
  std::lock_guard lock(m_mutex);
  expire_locked();
  const auto found = m_sessions.find(id);
  if (found == m_sessions.end()) return std::nullopt;
  touch(found->second, id);
  return found->second.session;
}

void SessionStore::mark_initialized(const std::string& id) {
  std::lock_guard lock(m_mutex);
  if (const auto found = m_sessions.find(id); found != m_sessions.end()) {
    found->second.session.initialized = true;
  }
}

bool SessionStore::erase(const std::string& id) {
  std::lock_guard lock(m_mutex);
  const auto found = m_sessions.find(id);
  if (found == m_sessions.end()) return false;
  m_lru.erase(found->second.order);
  m_sessions.erase(found);
  return true;
}

std::size_t SessionStore::size() {
  std::lock_guard lock(m_mutex);
  return m_sessions.size();
}

}  // namespace flakyd::protocol
