// HttpServer: the daemon's HTTP/1.1 edge, libmicrohttpd (Debian libmicrohttpd-dev 0.9.75) in
// its event-driven mode. This file adapts it to HttpHandler and adds what the library leaves to
// the application; the protocol (request line, header fields, chunked bodies, pipelining,
// Expect: 100-continue, keep-alive) is the library's.
//
// Why a library: the daemon's own blocking one-thread-per-connection edge let any client that
// reached the port hold a worker (slow readers, half-sent heads) or a body buffer (issue #15).
// libmicrohttpd multiplexes every connection over a few epoll threads, so a connection costs a
// bounded amount of memory and no thread.
//
// Model:
//  * `poll_threads` epoll threads (MHD_USE_EPOLL_INTERNAL_THREAD with MHD_OPTION_THREAD_POOL_SIZE)
//    read heads and bodies and write answers; none of them ever waits for anything but sockets.
//  * A request the handler says may wait (HttpHandler::may_wait: an upstream call) is suspended
//    (MHD_ALLOW_SUSPEND_RESUME) and handled on one of `workers` threads; its answer is queued and
//    the connection resumed. Other requests are answered on the poll thread.
//  * Per connection: at most `connection_memory_bytes` for the head and read buffer (a longer
//    head gets 431 from the library) plus the body, at most `max_body_bytes`; the body buffer
//    belongs to its request and is freed with it.
//  * At most `max_connections` connections are served; the next `k_refused_connections_room`
//    get a 503 (and are closed) on their first request; past those the library closes at once.
//  * Deadlines: an idle connection is closed after `idle_timeout_seconds` without traffic (the
//    library's timeout); a request must arrive whole within `request_timeout_seconds` of the
//    moment the connection was ready for it (408, then closed); an answer must be taken by the
//    client within `response_timeout_seconds` (else the connection is closed). A watchdog thread
//    enforces the two totals.
//  * Per request, before any body byte is read: HttpHandler::screen (token, Origin, Host, method,
//    Content-Type); Content-Length with Transfer-Encoding, or a repeated Content-Length, is 400;
//    a declared length over `max_body_bytes` is 413 -- and only then does the library send
//    `100 Continue` to a client that asked for it. A refused request's body is never read: the
//    connection closes after the answer.
//  * Exception boundary: every callback from the library catches everything. std::bad_alloc
//    answers 503 and closes the connection; any other exception answers a bare 500. Nothing a
//    client sends ends the process.
//
// Test hook (compiled in, off unless `fault_injection` is set, which only FLAKYD_TEST_FAULTS=1
// does): a request carrying `X-Flakyd-Test-Fault: bad_alloc` throws std::bad_alloc in the body
// path, to prove the boundary above.
//
// Thread-safety: run() blocks; stop() may be called from any thread: it stops accepting, lets
// requests in progress finish (bounded by the deadlines), and then run() returns.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flakyd::app {

// A request's method, path and header fields, as the library parsed them.
struct HttpHead {
  std::string method;
  std::string path;  // without the query
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order

  // The first field with this name (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  std::size_t count(std::string_view name) const;
};

struct HttpRequest {
  HttpHead head;
  std::string body;
  std::string remote_address;  // the peer's address, from the socket
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no Content-Type
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields
  bool close = false;                                        // end the connection after it
};

// A JSON-RPC error object as an HTTP answer (the body of every refusal this edge makes).
HttpResponse json_error_response(int status, int code, std::string_view message);

bool iequals(std::string_view a, std::string_view b);

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called when the head is in, before any body byte is read: an answer refuses the request.
  virtual std::optional<HttpResponse> screen(const HttpHead& head) = 0;
  // Called when the body is in: true when handle() may wait (an upstream call) or work long; it
  // then runs on a worker thread.
  virtual bool may_wait(const HttpRequest& request) const = 0;
  virtual HttpResponse handle(const HttpRequest& request) = 0;
  // After each answer is queued: access log and metrics.
  virtual void answered(const HttpHead& head, const std::string& remote_address, int status) = 0;
  // Something the edge did on its own (a deadline, the connection cap, a bad_alloc): metrics.
  virtual void edge_event(std::string_view name) = 0;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 7340;  // 0: any free port
  std::size_t poll_threads = 2;
  std::size_t workers = 16;
  std::size_t max_connections = 1024;
  std::size_t max_body_bytes = 8 << 20;
  std::size_t connection_memory_bytes = 64 << 10;
  int idle_timeout_seconds = 5;
  int request_timeout_seconds = 30;
  int response_timeout_seconds = 30;
  bool fault_injection = false;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler& handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; the error (a sentence) when the address is unusable.
  std::optional<std::string> bind();
  int port() const { return m_port; }
  void run();
  void stop();
  bool running() const { return m_running.load(); }

  struct Impl;  // the library's callbacks reach it

 private:
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
  std::atomic<bool> m_running{false};
  std::atomic<bool> m_stopping{false};
  std::mutex m_mutex;
  std::condition_variable m_stopped;
};

}  // namespace flakyd::app
