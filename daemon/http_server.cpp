#include "daemon/http_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <array>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "protocol/json_limits.hpp"

namespace flakyd::app {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t k_max_head_bytes = 16 << 10;
constexpr std::size_t k_max_chunk_line = 1024;
constexpr std::string_view k_too_slow = "the request did not arrive in time";
constexpr std::size_t k_max_trailer_fields = 64;
constexpr std::size_t k_read_room = 64 << 10;     // buffer room beyond a head, for bodies
constexpr std::size_t k_body_reserve = 64 << 10;  // reserved up front at most: a declared
                                                  // length is a claim, not an allocation

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

void set_timeout(int fd, int option, int seconds) {
  const timeval value{seconds, 0};
  setsockopt(fd, SOL_SOCKET, option, &value, sizeof value);
}

std::string peer_address(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "unknown";
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* raw = address.ss_family == AF_INET6
                        ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&address)->sin6_addr)
                        : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&address)->sin_addr);
  return inet_ntop(address.ss_family, raw, text.data(), text.size()) ? std::string(text.data()) : "unknown";
}

bool peer_has_sent(int fd) {
  char byte = 0;
  return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

// A refused request's body may still be arriving. Closing a socket with unread bytes makes the
// kernel send a reset, and the client may then lose the answer it has not read yet; so stop
// writing, then read and discard what still comes, for a bounded time.
void drain_before_close(int fd) {
  constexpr auto k_linger = std::chrono::seconds(2);
  ::shutdown(fd, SHUT_WR);
  set_timeout(fd, SO_RCVTIMEO, 1);
  const auto until = Clock::now() + k_linger;
  std::array<char, 64 << 10> discard;
  while (Clock::now() < until && ::recv(fd, discard.data(), discard.size(), 0) > 0) {
  }
}

}  // namespace

HttpResponse json_error_response(int status, int code, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = R"({"jsonrpc":"2.0","id":null,"error":{"code":)" + std::to_string(code) +
                  R"(,"message":)" + protocol::dump_json(nlohmann::json(std::string(message))) + "}}";
  return response;
}

// One client connection: a read buffer that may hold the start of the next (pipelined) request,
// and the reads and writes, each bounded by the socket timeouts and the request's deadline.
class HttpServer::Connection {
 public:
  Connection(int fd, const HttpServerOptions& options) : m_fd(fd), m_options(options) {}

  // Waits for the next request's head. nullopt: the peer closed, went quiet or broke the rules
  // (then `refusal` holds the answer to send before closing).
  std::optional<std::string_view> read_head(std::optional<HttpResponse>& refusal) {
    compact();
    m_deadline = Clock::time_point::max();  // no clock runs while the connection is idle
    for (;;) {
      const std::string_view pending(m_buffer.data() + m_begin, m_end - m_begin);
      if (!pending.empty() && m_deadline == Clock::time_point::max()) {
        m_deadline = Clock::now() + std::chrono::seconds(m_options.request_timeout_seconds);
      }
      if (const auto end = pending.find("\r\n\r\n"); end != std::string_view::npos) {
        m_begin += end + 4;
        return pending.substr(0, end + 4);
      }
      if (pending.size() >= k_max_head_bytes) {
        refusal = json_error_response(431, -32600, "request head larger than 16 KiB");
        return std::nullopt;
      }
      if (!fill()) {
        if (m_timed_out) refusal = json_error_response(408, -32600, k_too_slow);
        return std::nullopt;
      }
    }
  }

  // Reads the body the head announces into `body`; false with `status` 413 (too large), 400
  // (malformed chunking), 431 (too many trailers), 408 (the request's time ran out), or 0 when
  // the peer went away.
  bool read_body(const HttpHead& head, std::string& body, int& status) {
    status = 0;
    const bool complete = head.chunked ? read_chunked(body, status) : read_sized(head, body, status);
    if (!complete && status == 0 && m_timed_out) status = 408;
    return complete;
  }

  bool has_input() const { return m_begin != m_end; }

  bool send(std::string_view head, std::string_view body) {
    std::array<iovec, 2> parts{iovec{const_cast<char*>(head.data()), head.size()},
                               iovec{const_cast<char*>(body.data()), body.size()}};
    std::size_t first = 0;
    while (first < parts.size()) {
      msghdr message{};
      message.msg_iov = parts.data() + first;
      message.msg_iovlen = parts.size() - first;
      const ssize_t sent = ::sendmsg(m_fd, &message, MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      auto left = static_cast<std::size_t>(sent);
      while (first < parts.size() && left >= parts[first].iov_len) left -= parts[first++].iov_len;
      if (first < parts.size()) {
        parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + left;
        parts[first].iov_len -= left;
      }
    }
    return true;
  }

 private:
  // Moves a pipelined request's first bytes to the front of the buffer.
  void compact() {
    if (m_begin == 0) return;
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }

  // One recv into the free end of the buffer; false on end of stream, error, timeout or when
  // the request's deadline has passed.
  bool fill() {
    if (m_begin == m_end) m_begin = m_end = 0;
    if (m_end == m_buffer.size()) compact();
    if (m_end == m_buffer.size()) return false;  // only a head can fill it, and that is bounded
    if (m_deadline != Clock::time_point::max() && Clock::now() > m_deadline) {
      m_timed_out = true;
      return false;
    }
    for (;;) {
      const ssize_t got = ::recv(m_fd, m_buffer.data() + m_end, m_buffer.size() - m_end, 0);
      if (got > 0) {
        m_end += static_cast<std::size_t>(got);
        return true;
      }
      if (got < 0 && errno == EINTR) continue;
      return false;
    }
  }

  bool read_line(std::string& line, std::size_t limit) {
    line.clear();
    for (;;) {
      const std::string_view pending(m_buffer.data() + m_begin, m_end - m_begin);
      if (const auto end = pending.find("\r\n"); end != std::string_view::npos) {
        line.assign(pending.substr(0, end));
        m_begin += end + 2;
        return line.size() <= limit;
      }
      if (pending.size() > limit || !fill()) return false;
    }
  }

  bool read_sized(const HttpHead& head, std::string& body, int& status) {
    const std::size_t length = head.content_length.value_or(0);
    if (length > m_options.max_body_bytes) {
      status = 413;
      return false;
    }
    body.reserve(std::min(length, k_body_reserve));
    return append_from_stream(length, body);
  }

  // Appends the next `count` bytes of the stream (buffered first, then received) to `body`.
  bool append_from_stream(std::size_t count, std::string& body) {
    while (count > 0) {
      if (m_begin == m_end && !fill()) return false;
      const std::size_t take = std::min(count, m_end - m_begin);
      body.append(m_buffer.data() + m_begin, take);
      m_begin += take;
      count -= take;
    }
    return true;
  }

  bool read_chunked(std::string& body, int& status) {
    std::string line;
    for (;;) {
      if (!read_line(line, k_max_chunk_line)) return false;
      std::size_t size = 0;
      const auto digits = line.substr(0, line.find(';'));
      const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
      if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
        status = 400;
        return false;
      }
      if (size == 0) break;
      if (size > m_options.max_body_bytes - body.size()) {
        status = 413;
        return false;
      }
      if (!append_from_stream(size, body)) return false;
      if (!read_line(line, 0) || !line.empty()) {
        status = 400;
        return false;
      }
    }
    for (std::size_t fields = 0; fields <= k_max_trailer_fields; ++fields) {  // trailers: ignored
      if (!read_line(line, k_max_chunk_line)) return false;
      if (line.empty()) return true;
    }
    status = 431;
    return false;
  }

  int m_fd;
  const HttpServerOptions& m_options;
  std::array<char, k_max_head_bytes + k_read_room> m_buffer;  // not zeroed: only what recv() wrote is read
  std::size_t m_begin = 0;  // unread bytes are [m_begin, m_end)
  std::size_t m_end = 0;
  Clock::time_point m_deadline = Clock::time_point::max();
  bool m_timed_out = false;  // the last fill() failed because the deadline had passed
};

HttpServer::HttpServer(HttpServerOptions options, HttpHandler& handler)
    : m_options(std::move(options)), m_handler(handler) {}

HttpServer::~HttpServer() {
  if (m_listen_fd >= 0) ::close(m_listen_fd);
}

std::optional<std::string> HttpServer::bind() {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(m_options.port);
  if (getaddrinfo(m_options.host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return "cannot resolve " + m_options.host;
  }
  std::string error = "cannot bind " + m_options.host + ":" + port + " (in use, or not a local address?)";
  for (const addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
    const int fd = ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only: SO_REUSEPORT would let a second process share the port.
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);  // inherited by accepted sockets
    // SOMAXCONN: a burst of new connections (parallel test workers starting at once) must not
    // overflow the backlog and wait a second for the kernel's SYN retry.
    if (::bind(fd, candidate->ai_addr, candidate->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) {
      sockaddr_storage bound{};
      socklen_t length = sizeof bound;
      getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
      m_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                 : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
      m_listen_fd = fd;
      freeaddrinfo(found);
      return std::nullopt;
    }
    ::close(fd);
  }
  freeaddrinfo(found);
  return error;
}

void HttpServer::run() {
  m_running = true;
  for (std::size_t i = 0; i < m_options.threads; ++i) m_workers.emplace_back([this] { work(); });
  const std::size_t max_queued = m_options.threads * 4;
  while (!m_stopping) {
    const int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (m_stopping) break;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));  // out of descriptors: let some close
      }
      continue;
    }
    std::unique_lock lock(m_mutex);
    if (m_queue.size() >= max_queued) {
      lock.unlock();
      ::close(fd);  // every worker busy and the queue full: refuse rather than pile up
      continue;
    }
    m_queue.push_back(fd);
    // No free worker for it: end one idle keep-alive connection (HTTP lets a server close an
    // idle connection; clients reconnect), so idle clients never starve a new one.
    if (m_queue.size() > m_waiting_workers && !m_idle.empty()) {
      const auto idle = m_idle.begin();
      ::shutdown(*idle, SHUT_RD);
      m_idle.erase(idle);
      lock.unlock();
      m_handler.idle_connection_ended();
    } else {
      lock.unlock();
    }
    m_queued.notify_one();
  }
  {
    // Wake the connections that wait for a next request; those mid-request finish it first.
    std::lock_guard lock(m_mutex);
    for (const int fd : m_idle) ::shutdown(fd, SHUT_RD);
  }
  m_queued.notify_all();
  for (auto& worker : m_workers) worker.join();
  m_workers.clear();
  m_running = false;  // the listening socket stays open (shut down) until destruction, so a
                      // late stop() never touches a closed or reused descriptor
}

void HttpServer::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  if (m_listen_fd >= 0) ::shutdown(m_listen_fd, SHUT_RDWR);  // wakes accept()
}

void HttpServer::work() {
  for (;;) {
    std::unique_lock lock(m_mutex);
    ++m_waiting_workers;
    m_queued.wait(lock, [this] { return !m_queue.empty() || m_stopping; });
    --m_waiting_workers;
    if (m_queue.empty()) return;  // stopping, and every accepted connection is being served
    const int fd = m_queue.front();
    m_queue.pop_front();
    lock.unlock();
    serve(fd);
    ::close(fd);
  }
}

HttpServer::IdleEntry HttpServer::enter_idle(int fd, bool has_input) {
  std::lock_guard lock(m_mutex);
  if (m_stopping) return IdleEntry::stopping;
  if (!has_input && m_queue.size() > m_waiting_workers) return IdleEntry::needed_elsewhere;
  m_idle.insert(fd);
  return IdleEntry::entered;
}

void HttpServer::leave_idle(int fd) {
  std::lock_guard lock(m_mutex);
  m_idle.erase(fd);
}

void HttpServer::serve(int fd) {
  set_timeout(fd, SO_RCVTIMEO, m_options.keep_alive_seconds);
  set_timeout(fd, SO_SNDTIMEO, m_options.io_timeout_seconds);
  const bool distinct_timeouts = m_options.keep_alive_seconds != m_options.io_timeout_seconds;
  const std::string remote = peer_address(fd);
  Connection connection(fd, m_options);
  HttpRequest request;  // reused: the body keeps its capacity from one request to the next
  request.remote_address = remote;
  for (bool first = true;; first = false) {
    // Between requests, a connection gives its worker up when stop() was called, or when a new
    // connection waits for a worker and this one's client has sent nothing yet. A connection
    // just taken from the queue always gets its first request answered.
    const IdleEntry entry = enter_idle(fd, connection.has_input());
    if (!first && entry == IdleEntry::stopping) return;
    if (!first && entry == IdleEntry::needed_elsewhere && !peer_has_sent(fd)) {
      m_handler.idle_connection_ended();
      return;
    }
    std::optional<HttpResponse> refusal;
    const auto head_bytes = connection.read_head(refusal);
    leave_idle(fd);
    if (!head_bytes && !refusal) return;  // closed by the peer, quiet too long, or too slow
    if (distinct_timeouts) set_timeout(fd, SO_RCVTIMEO, m_options.io_timeout_seconds);
    request.head = HttpHead();
    request.body.clear();
    HttpResponse response = head_bytes ? answer(connection, *head_bytes, request) : std::move(*refusal);
    if (!head_bytes || !request.head.keep_alive || m_stopping) response.close = true;
    const bool sent = send_response(connection, request.head, response);
    m_handler.answered(request.head, remote, response.status);
    if (sent && response.close && response.status >= 400) drain_before_close(fd);
    if (!sent || response.close) return;
    if (distinct_timeouts) set_timeout(fd, SO_RCVTIMEO, m_options.keep_alive_seconds);
  }
}

HttpResponse HttpServer::answer(Connection& connection, std::string_view head_bytes, HttpRequest& request) {
  auto refuse = [](HttpResponse response) {
    response.close = true;  // what follows on the connection cannot be trusted to be a request
    return response;
  };
  auto head = parse_http_head(head_bytes, m_options.max_headers);
  if (!head) return refuse(json_error_response(head.error().status, -32600, head.error().message));
  request.head = std::move(*head);
  const bool has_body = request.head.chunked || request.head.content_length.value_or(0) > 0;
  if (auto refusal = m_handler.screen(request.head)) {
    if (has_body) refusal->close = true;  // the body was never read
    return std::move(*refusal);
  }
  if (has_body && request.head.expects_continue && request.head.minor_version == 1 &&
      !connection.send("HTTP/1.1 100 Continue\r\n\r\n", {})) {
    return refuse(json_error_response(400, -32600, "the connection failed"));
  }
  int status = 0;
  if (!connection.read_body(request.head, request.body, status)) {
    switch (status) {
      case 413:
        return refuse(json_error_response(
            413, -32600, "Request body larger than " + std::to_string(m_options.max_body_bytes) + " bytes"));
      case 431: return refuse(json_error_response(431, -32600, "too many trailer fields"));
      case 408: return refuse(json_error_response(408, -32600, k_too_slow));
      case 400: return refuse(json_error_response(400, -32600, "malformed chunked body"));
      default: return refuse(json_error_response(400, -32600, "incomplete request body"));
    }
  }
  try {
    return m_handler.handle(request);
  } catch (...) {
    // One catch-all at the edge: the client learns that something failed, never what.
    return json_error_response(500, -32603, "internal error");
  }
}

bool HttpServer::send_response(Connection& connection, const HttpHead& head, const HttpResponse& response) {
  std::string text;
  text.reserve(256);
  text += "HTTP/1.1 ";
  text += std::to_string(response.status);
  text += ' ';
  text += reason_phrase(response.status);
  text += "\r\n";
  if (!response.content_type.empty()) {
    text += "Content-Type: ";
    text += response.content_type;
    text += "\r\n";
  }
  const bool bodiless = response.status == 204 || response.status < 200;
  if (!bodiless) {
    text += "Content-Length: ";
    text += std::to_string(response.body.size());
    text += "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    if (value.find_first_of("\r\n") != std::string::npos) continue;  // never split the head
    text += name;
    text += ": ";
    text += value;
    text += "\r\n";
  }
  if (response.close) text += "Connection: close\r\n";
  else if (head.minor_version == 0) text += "Connection: keep-alive\r\n";
  text += "\r\n";
  const bool with_body = !bodiless && head.method != "HEAD";
  return connection.send(text, with_body ? std::string_view(response.body) : std::string_view());
}

}  // namespace flakyd::app
