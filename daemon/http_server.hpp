// HttpServer: the daemon's HTTP/1.1 edge, a small blocking server of its own.
//
// Why not cpp-httplib's server (which flakyd used first): per request it made about thirteen
// system calls -- a poll before every read and every write, getpeername and getsockname, the
// head and the body in two sends -- and a classify_failure call could not reach the throughput
// target with it. This server makes one recv for a request that arrives whole and one sendmsg
// for the answer, and it defends by itself what httplib 0.11.4 left open (SECURITY.md).
//
// Model: one thread per connection from a fixed pool (`threads`), so a handler may block (the
// upstream classifier) without holding up other connections. A new connection that finds no
// free thread waits in a bounded queue (closed when it is full) and frees one: an idle
// keep-alive connection is ended (HTTP lets a server close an idle connection; clients
// reconnect), or the next connection to finish a request ends instead of waiting idle. So idle
// clients cannot starve others. Every recv and send
// has a timeout (`io_timeout_seconds`); an idle keep-alive connection is closed after
// `keep_alive_seconds`; a request must arrive whole within `request_timeout_seconds` (else 408),
// so a client that drips bytes cannot hold a thread.
//
// Per request: the head is parsed (http_parser.hpp; at most 16 KiB and `max_headers` fields,
// else 431), the handler screens it before any body byte is read (authentication, Origin), a
// body over `max_body_bytes` is refused with 413 without being read (Content-Length or chunked;
// a request with neither has no body, RFC 9112 section 6.3), `Expect: 100-continue` is honoured,
// then the handler answers. A malformed request is answered and its connection closed. HEAD is
// answered as GET without the body. Handler exceptions become a bare 500.
//
// Thread-safety: run() blocks; stop() may be called from any thread: it stops accepting, closes
// idle connections, lets requests in progress finish, and then run() returns.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include "daemon/http_parser.hpp"

namespace flakyd::app {

struct HttpRequest {
  HttpHead head;
  std::string body;
  std::string remote_address;  // the peer's address, from the socket
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // empty: no body, no Content-Type
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra fields
  bool close = false;                                        // end the connection after it
};

// A JSON-RPC error object as an HTTP answer (the body of every refusal this edge makes).
HttpResponse json_error_response(int status, int code, std::string_view message);

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Called when the head is in, before the body is read: an answer refuses the request.
  virtual std::optional<HttpResponse> screen(const HttpHead& head) = 0;
  virtual HttpResponse handle(const HttpRequest& request) = 0;
  // After each answer is sent (or failed to send): access log and metrics.
  virtual void answered(const HttpHead& head, const std::string& remote_address, int status) = 0;
  // An idle keep-alive connection was ended to free a worker for a new one (metrics).
  virtual void idle_connection_ended() = 0;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 7340;  // 0: any free port
  std::size_t threads = 256;
  std::size_t max_body_bytes = 8 << 20;
  std::size_t max_headers = 64;
  int keep_alive_seconds = 5;
  int io_timeout_seconds = 5;
  int request_timeout_seconds = 30;
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

 private:
  class Connection;
  void work();
  void serve(int fd);
  HttpResponse answer(Connection& connection, std::string_view head_bytes, HttpRequest& request);
  bool send_response(Connection& connection, const HttpHead& head, const HttpResponse& response);
  enum class IdleEntry { entered, stopping, needed_elsewhere };
  IdleEntry enter_idle(int fd, bool has_input);
  void leave_idle(int fd);

  HttpServerOptions m_options;
  HttpHandler& m_handler;
  int m_listen_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_running{false};
  std::atomic<bool> m_stopping{false};

  std::mutex m_mutex;  // guards the queue, the idle set and m_stopping's effects on them
  std::condition_variable m_queued;
  std::deque<int> m_queue;
  std::unordered_set<int> m_idle;  // connections waiting for their next request
  std::size_t m_waiting_workers = 0;
  std::vector<std::thread> m_workers;
};

}  // namespace flakyd::app
