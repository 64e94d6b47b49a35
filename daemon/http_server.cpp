#include "daemon/http_server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <deque>
#include <new>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_set>

#include "protocol/json_limits.hpp"

namespace flakyd::app {

namespace {

using Clock = std::chrono::steady_clock;

// Connections past max_connections that still get a 503 instead of a silent close.
constexpr std::size_t k_refused_connections_room = 64;
constexpr auto k_watchdog_period = std::chrono::milliseconds(200);
// How long stop() lets answers in progress finish before the library closes every connection.
constexpr auto k_stop_grace = std::chrono::seconds(10);
constexpr std::string_view k_fault_header = "X-Flakyd-Test-Fault";

// Where a connection is in its current request; the watchdog reads it to apply the deadlines.
enum class Phase : int { reading, handling, writing, expired };

std::string peer_address(const sockaddr* address) {
  if (!address) return "unknown";
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* raw = address->sa_family == AF_INET6
                        ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr)
                        : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
  return inet_ntop(address->sa_family, raw, text.data(), text.size()) ? std::string(text.data()) : "unknown";
}

bool declares_body(const HttpHead& head) {
  return head.header("Content-Length") || head.header("Transfer-Encoding");
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const std::string* HttpHead::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

std::size_t HttpHead::count(std::string_view name) const {
  std::size_t found = 0;
  for (const auto& field : headers) found += iequals(field.first, name);
  return found;
}

HttpResponse json_error_response(int status, int code, std::string_view message) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = R"({"jsonrpc":"2.0","id":null,"error":{"code":)" + std::to_string(code) +
                  R"(,"message":)" + protocol::dump_json(nlohmann::json(std::string(message))) + "}}";
  return response;
}

// One client connection, from the library's "started" notification to its "closed" one.
struct ConnectionState {
  int fd = -1;
  std::string remote_address;
  bool over_limit = false;  // beyond max_connections: its first request gets 503
  std::atomic<Phase> phase{Phase::reading};
  std::atomic<Clock::rep> deadline{0};  // for the phase: reading or writing

  void enter(Phase next, std::chrono::seconds allowed) {
    deadline = (Clock::now() + allowed).time_since_epoch().count();
    phase = next;
  }
};

// One request, from its head to the library's "completed" notification.
struct RequestState {
  ConnectionState* connection = nullptr;
  HttpRequest request;
  bool answered = false;           // a response is queued
  bool suspended = false;          // handed to a worker
  bool worker_failed = false;      // the worker could not build an answer at all
  std::optional<HttpResponse> result;  // the worker's answer, queued on resumption
  bool inject_bad_alloc = false;   // test hook, see the header
};

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler& handler;
  int listen_fd = -1;
  MHD_Daemon* daemon = nullptr;

  std::mutex connections_mutex;  // guards `connections` and the fds' lifetime for the watchdog
  std::unordered_set<ConnectionState*> connections;
  std::atomic<std::size_t> requests_in_progress{0};

  std::mutex jobs_mutex;
  std::condition_variable jobs_ready;
  std::deque<std::pair<MHD_Connection*, RequestState*>> jobs;
  bool jobs_closed = false;
  std::vector<std::thread> workers;

  Impl(HttpServerOptions opts, HttpHandler& h) : options(std::move(opts)), handler(h) {}

  // --- library callbacks (each one an exception boundary) ---
  MHD_Result on_request(MHD_Connection* connection, const char* url, const char* method, const char* upload,
                        std::size_t* upload_size, void** request_context);
  void on_connection(MHD_Connection* connection, void** socket_context, MHD_ConnectionNotificationCode code);
  void on_completed(void** request_context);

  MHD_Result start_request(MHD_Connection* connection, const char* url, const char* method, RequestState& state);
  MHD_Result take_body(MHD_Connection* connection, const char* upload, std::size_t* upload_size, RequestState& state);
  MHD_Result finish_request(MHD_Connection* connection, RequestState& state);
  std::optional<HttpResponse> edge_refusal(const RequestState& state) const;
  std::optional<HttpResponse> size_refusal(const HttpHead& head) const;
  MHD_Result queue(MHD_Connection* connection, RequestState& state, HttpResponse response);
  MHD_Result answer_exception(MHD_Connection* connection, RequestState* state, bool out_of_memory, bool in_body);
  HttpResponse handle_guarded(RequestState& state);

  void work();
  void watch(const std::atomic<bool>& stopping, std::mutex& mutex, std::condition_variable& wake);
  void expire_overdue();
};

namespace {

MHD_Result call_on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                           const char* /*version*/, const char* upload, std::size_t* upload_size,
                           void** request_context) {
  return static_cast<HttpServer::Impl*>(cls)->on_request(connection, url, method, upload, upload_size,
                                                         request_context);
}

void call_on_connection(void* cls, MHD_Connection* connection, void** socket_context,
                        MHD_ConnectionNotificationCode code) {
  static_cast<HttpServer::Impl*>(cls)->on_connection(connection, socket_context, code);
}

void call_on_completed(void* cls, MHD_Connection* /*connection*/, void** request_context,
                       MHD_RequestTerminationCode /*code*/) {
  static_cast<HttpServer::Impl*>(cls)->on_completed(request_context);
}

void log_library_message(void* /*cls*/, const char* format, va_list arguments) {
  std::array<char, 512> text{};
  std::vsnprintf(text.data(), text.size(), format, arguments);
  std::string_view line(text.data());
  while (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  spdlog::debug("http edge: {}", line);
}

MHD_Result collect_header(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  static_cast<HttpHead*>(cls)->headers.emplace_back(key ? key : "", value ? value : "");
  return MHD_YES;
}

// An answer written straight to the socket, for the refusals the library cannot queue: a chunked
// body that outgrows the limit mid-way and a failure while the body is read (libmicrohttpd
// 0.9.75 takes no answer while a body is being read), and a request overtaken by its deadline. Both happen while the library
// reads the request, so nothing else is being written on the connection; the connection is
// closed right after.
std::string_view reason_phrase(int status) {
  switch (status) {
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

void send_last_answer(int fd, int status, int code, std::string_view message) {
  const auto answer = json_error_response(status, code, message);
  const std::string text = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) +
                           "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                           std::to_string(answer.body.size()) + "\r\n\r\n" + answer.body;
  [[maybe_unused]] const auto sent = ::send(fd, text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void delete_string(void* owned) { delete static_cast<std::string*>(owned); }

}  // namespace

MHD_Result HttpServer::Impl::on_request(MHD_Connection* connection, const char* url, const char* method,
                                        const char* upload, std::size_t* upload_size, void** request_context) {
  auto* state = static_cast<RequestState*>(*request_context);
  const bool in_body = state && *upload_size > 0;
  try {
    if (!state) {
      auto owned = std::make_unique<RequestState>();
      state = owned.get();
      *request_context = owned.release();
      ++requests_in_progress;
      return start_request(connection, url, method, *state);
    }
    if (*upload_size > 0) return take_body(connection, upload, upload_size, *state);
    return finish_request(connection, *state);
  } catch (const std::bad_alloc&) {
    return answer_exception(connection, state, true, in_body);
  } catch (...) {
    return answer_exception(connection, state, false, in_body);
  }
}

MHD_Result HttpServer::Impl::answer_exception(MHD_Connection* connection, RequestState* state, bool out_of_memory,
                                              bool in_body) {
  // The client learns that something failed, never what. Out of memory: free this request's
  // buffers first, and close the connection after the answer.
  try {
    handler.edge_event(out_of_memory ? "http_out_of_memory" : "http_internal_error");
    if (!state || state->answered || state->suspended) return MHD_NO;
    state->request.body = std::string();
    const int status = out_of_memory ? 503 : 500;
    const std::string_view message = out_of_memory ? "out of memory: try again later" : "internal error";
    if (in_body) {
      Phase expected = Phase::reading;
      if (state->connection && state->connection->phase.compare_exchange_strong(expected, Phase::expired)) {
        send_last_answer(state->connection->fd, status, -32603, message);
        ::shutdown(state->connection->fd, SHUT_WR);
      }
      handler.answered(state->request.head, state->request.remote_address, status);
      return MHD_NO;  // the library closes the connection
    }
    auto response = json_error_response(status, -32603, message);
    response.close = true;
    return queue(connection, *state, std::move(response));
  } catch (...) {
    return MHD_NO;  // the library closes the connection
  }
}

MHD_Result HttpServer::Impl::start_request(MHD_Connection* connection, const char* url, const char* method,
                                           RequestState& state) {
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  state.connection = info ? static_cast<ConnectionState*>(info->socket_context) : nullptr;
  auto& request = state.request;
  request.head.method = method ? method : "";
  request.head.path = url ? url : "";
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect_header, &request.head);
  if (state.connection) request.remote_address = state.connection->remote_address;
  auto refusal = edge_refusal(state);
  if (!refusal) refusal = handler.screen(request.head);
  if (!refusal) refusal = size_refusal(request.head);
  if (refusal) {
    if (!declares_body(request.head)) {
      // Answered once the (empty) body is in: the library keeps the connection alive then.
      state.result = std::move(refusal);
      return MHD_YES;
    }
    refusal->close = true;  // its body is never read
    return queue(connection, state, std::move(*refusal));
  }
  if (options.fault_injection) {
    const auto* fault = request.head.header(k_fault_header);
    state.inject_bad_alloc = fault && *fault == "bad_alloc";
  }
  // Returning without an answer lets the library read the body (and send 100 Continue first
  // when the client asked for it): every check that can refuse the request has run.
  return MHD_YES;
}

std::optional<HttpResponse> HttpServer::Impl::edge_refusal(const RequestState& state) const {
  const auto& head = state.request.head;
  auto refuse = [](int status, std::string_view message) {
    auto response = json_error_response(status, -32600, message);
    response.close = true;
    return response;
  };
  if (state.connection && state.connection->over_limit) {
    return refuse(503, "too many connections: try again later");
  }
  const std::string* length = head.header("Content-Length");
  const std::string* coding = head.header("Transfer-Encoding");
  if (head.count("Content-Length") > 1 || head.count("Transfer-Encoding") > 1 || (length && coding)) {
    // Two framings of one body is a request-smuggling shape: refuse it outright.
    return refuse(400, "ambiguous request framing");
  }
  if (coding && !iequals(*coding, "chunked")) return refuse(501, "only the chunked transfer coding is supported");
  if (length) {
    std::size_t declared = 0;
    const auto [end, error] = std::from_chars(length->data(), length->data() + length->size(), declared);
    if (length->empty() || error != std::errc() || end != length->data() + length->size()) {
      return refuse(400, "malformed Content-Length");
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> HttpServer::Impl::size_refusal(const HttpHead& head) const {
  const std::string* length = head.header("Content-Length");
  std::size_t declared = 0;
  if (!length || std::from_chars(length->data(), length->data() + length->size(), declared).ec != std::errc() ||
      declared <= options.max_body_bytes) {
    return std::nullopt;
  }
  auto response =
      json_error_response(413, -32600, "Request body larger than " + std::to_string(options.max_body_bytes) + " bytes");
  response.close = true;
  return response;
}

MHD_Result HttpServer::Impl::take_body(MHD_Connection* /*connection: unused, the state carries all*/, const char* upload, std::size_t* upload_size,
                                       RequestState& state) {
  const std::size_t size = *upload_size;
  *upload_size = 0;
  if (state.answered) return MHD_YES;  // refused: what still arrives is discarded
  if (state.inject_bad_alloc) throw std::bad_alloc();
  auto& body = state.request.body;
  if (size > options.max_body_bytes - body.size()) {  // only a chunked body gets here
    body = std::string();
    Phase expected = Phase::reading;
    if (state.connection && state.connection->phase.compare_exchange_strong(expected, Phase::expired)) {
      send_last_answer(state.connection->fd, 413, -32600,
                       "Request body larger than " + std::to_string(options.max_body_bytes) + " bytes");
      ::shutdown(state.connection->fd, SHUT_WR);
    }
    handler.answered(state.request.head, state.request.remote_address, 413);
    return MHD_NO;  // the library closes the connection
  }
  body.append(upload, size);
  return MHD_YES;
}

MHD_Result HttpServer::Impl::finish_request(MHD_Connection* connection, RequestState& state) {
  if (state.answered) return MHD_YES;
  if (state.result) {  // a refusal of a body-less request, or a resumed request's answer
    auto response = std::move(*state.result);
    state.result.reset();
    return queue(connection, state, std::move(response));
  }
  if (state.suspended) return state.worker_failed ? MHD_NO : MHD_YES;
  if (state.connection) {
    Phase expected = Phase::reading;
    // The watchdog already answered 408: the request is over.
    if (!state.connection->phase.compare_exchange_strong(expected, Phase::handling)) return MHD_NO;
  }
  if (handler.may_wait(state.request)) {
    std::unique_lock lock(jobs_mutex);
    if (!jobs_closed) {  // while stopping, the last requests are answered here
      state.suspended = true;
      MHD_suspend_connection(connection);
      jobs.emplace_back(connection, &state);
      lock.unlock();
      jobs_ready.notify_one();
      return MHD_YES;
    }
  }
  return queue(connection, state, handle_guarded(state));
}

HttpResponse HttpServer::Impl::handle_guarded(RequestState& state) {
  try {
    return handler.handle(state.request);
  } catch (const std::bad_alloc&) {
    handler.edge_event("http_out_of_memory");
    state.request.body = std::string();
    auto response = json_error_response(503, -32603, "out of memory: try again later");
    response.close = true;
    return response;
  } catch (...) {
    handler.edge_event("http_internal_error");
    return json_error_response(500, -32603, "internal error");
  }
}

MHD_Result HttpServer::Impl::queue(MHD_Connection* connection, RequestState& state, HttpResponse response) {
  state.answered = true;
  auto* body = new std::string(std::move(response.body));
  MHD_Response* reply =
      MHD_create_response_from_buffer_with_free_callback_cls(body->size(), body->data(), delete_string, body);
  if (!reply) {
    delete body;
    return MHD_NO;
  }
  if (!response.content_type.empty()) MHD_add_response_header(reply, "Content-Type", response.content_type.c_str());
  for (const auto& [name, value] : response.headers) {
    if (value.find_first_of("\r\n") != std::string::npos) continue;  // never split the head
    MHD_add_response_header(reply, name.c_str(), value.c_str());
  }
  if (response.close) MHD_add_response_header(reply, "Connection", "close");
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(response.status), reply);
  MHD_destroy_response(reply);
  if (state.connection) state.connection->enter(Phase::writing, std::chrono::seconds(options.response_timeout_seconds));
  handler.answered(state.request.head, state.request.remote_address, response.status);
  return queued;
}

void HttpServer::Impl::on_completed(void** request_context) {
  auto* state = static_cast<RequestState*>(*request_context);
  if (!state) return;
  *request_context = nullptr;
  if (state->connection) {
    state->connection->enter(Phase::reading, std::chrono::seconds(options.request_timeout_seconds));
  }
  delete state;  // the body buffer goes with it
  --requests_in_progress;
}

void HttpServer::Impl::on_connection(MHD_Connection* connection, void** socket_context,
                                     MHD_ConnectionNotificationCode code) {
  try {
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto state = std::make_unique<ConnectionState>();
      if (const auto* fd = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
        state->fd = fd->connect_fd;
      }
      if (const auto* address = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) {
        state->remote_address = peer_address(address->client_addr);
      }
      state->enter(Phase::reading, std::chrono::seconds(options.request_timeout_seconds));
      std::lock_guard lock(connections_mutex);
      state->over_limit = connections.size() >= options.max_connections;
      connections.insert(state.get());
      *socket_context = state.release();
      return;
    }
    auto* state = static_cast<ConnectionState*>(*socket_context);
    if (!state) return;
    {
      std::lock_guard lock(connections_mutex);
      connections.erase(state);
    }
    *socket_context = nullptr;
    delete state;
  } catch (...) {
    // Out of memory while registering: the connection is served without deadlines or count.
    handler.edge_event("http_out_of_memory");
  }
}

void HttpServer::Impl::work() {
  for (;;) {
    std::unique_lock lock(jobs_mutex);
    jobs_ready.wait(lock, [this] { return !jobs.empty() || jobs_closed; });
    if (jobs.empty()) return;
    auto [connection, state] = jobs.front();
    jobs.pop_front();
    lock.unlock();
    try {
      state->result = handle_guarded(*state);
    } catch (...) {
      state->worker_failed = true;  // not even the 503 could be built: the connection is closed
    }
    MHD_resume_connection(connection);  // the poll thread queues the answer
  }
}

void HttpServer::Impl::expire_overdue() {
  const auto now = Clock::now().time_since_epoch().count();
  std::lock_guard lock(connections_mutex);  // no fd here is closed while it is held
  for (ConnectionState* connection : connections) {
    if (connection->fd < 0 || now <= connection->deadline.load()) continue;
    Phase phase = connection->phase.load();
    if (phase == Phase::reading && connection->phase.compare_exchange_strong(phase, Phase::expired)) {
      send_last_answer(connection->fd, 408, -32600, "the request did not arrive in time");
      ::shutdown(connection->fd, SHUT_RDWR);  // the library sees the end and closes it
      handler.edge_event("http_request_timeout");
    } else if (phase == Phase::writing && connection->phase.compare_exchange_strong(phase, Phase::expired)) {
      ::shutdown(connection->fd, SHUT_RDWR);
      handler.edge_event("http_response_timeout");
    }
  }
}

void HttpServer::Impl::watch(const std::atomic<bool>& stopping, std::mutex& mutex, std::condition_variable& wake) {
  std::unique_lock lock(mutex);
  while (!stopping) {
    wake.wait_for(lock, k_watchdog_period);
    lock.unlock();
    expire_overdue();
    lock.lock();
  }
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler& handler)
    : m_impl(std::make_unique<Impl>(std::move(options), handler)) {}

HttpServer::~HttpServer() {
  if (m_impl->daemon) MHD_stop_daemon(m_impl->daemon);
  if (m_impl->listen_fd >= 0) ::close(m_impl->listen_fd);
}

std::optional<std::string> HttpServer::bind() {
  const auto& options = m_impl->options;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options.port);
  if (getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
    return "cannot resolve " + options.host;
  }
  std::string error = "cannot bind " + options.host + ":" + port + " (in use, or not a local address?)";
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
      m_impl->listen_fd = fd;
      freeaddrinfo(found);
      return std::nullopt;
    }
    ::close(fd);
  }
  freeaddrinfo(found);
  return error;
}

void HttpServer::run() {
  auto& impl = *m_impl;
  const auto& options = impl.options;
  const unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC | MHD_USE_ERROR_LOG;
  impl.daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, call_on_request, &impl,                                     //
      MHD_OPTION_EXTERNAL_LOGGER, log_library_message, nullptr,                                //
      MHD_OPTION_LISTEN_SOCKET, impl.listen_fd,                                                //
      MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned>(options.poll_threads),                //
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(options.max_connections + k_refused_connections_room),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, options.connection_memory_bytes,                    //
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(options.idle_timeout_seconds),     //
      MHD_OPTION_STRICT_FOR_CLIENT, 1,                                                         //
      MHD_OPTION_NOTIFY_CONNECTION, call_on_connection, &impl,                                 //
      MHD_OPTION_NOTIFY_COMPLETED, call_on_completed, &impl,                                   //
      MHD_OPTION_END);
  if (!impl.daemon) {
    spdlog::error("the HTTP server could not start");
    return;
  }
  for (std::size_t i = 0; i < options.workers; ++i) impl.workers.emplace_back([&impl] { impl.work(); });
  m_running = true;
  std::thread watchdog([this] { m_impl->watch(m_stopping, m_mutex, m_stopped); });
  {
    std::unique_lock lock(m_mutex);
    m_stopped.wait(lock, [this] { return m_stopping.load(); });
  }
  watchdog.join();
  // Stop accepting, let the answers in progress go out, then end every connection.
  const bool quiesced = MHD_quiesce_daemon(impl.daemon) >= 0;
  if (quiesced) {
    const auto until = Clock::now() + k_stop_grace;
    while (impl.requests_in_progress > 0 && Clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  {
    std::lock_guard lock(impl.jobs_mutex);
    impl.jobs_closed = true;
  }
  impl.jobs_ready.notify_all();
  for (auto& worker : impl.workers) worker.join();  // every suspended connection is resumed
  impl.workers.clear();
  MHD_stop_daemon(impl.daemon);  // closes the listening socket unless it was quiesced
  impl.daemon = nullptr;
  if (!quiesced) impl.listen_fd = -1;
  m_running = false;
}

void HttpServer::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_stopped.notify_all();
}

}  // namespace flakyd::app
