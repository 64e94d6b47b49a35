// PgConnection: one libpq connection used only through libpq's asynchronous API, so that no call
// ever blocks past its deadline (DESIGN.md, "Store": classification never waits on the store).
//
//   - connect(): PQconnectStart + PQconnectPoll with poll() and a deadline. The connection string
//     is libpq's own (URL or key=value): TLS (`sslmode=verify-full`, `sslrootcert`), the password
//     (PGPASSWORD, ~/.pgpass) and every other setting are libpq's job; nothing is overridden.
//   - prepare()/run_prepared()/run(): send, then wait for the answer with poll() until the
//     deadline. A call that misses its deadline leaves the connection unusable (it still has a
//     query in flight): the caller drops it; cancel_handle() lets a background thread cancel the
//     query on the server without anyone waiting for it.
//   - Errors are values (PgError) with a short message from libpq (never the password: libpq
//     does not put it in messages) and a kind the caller acts on.
// Not thread-safe: one connection is used by one thread at a time (PgPool hands them out).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/expected.hpp"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace flakyd::store::pg {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;

enum class PgErrorKind {
  timeout,    // the deadline passed: the connection must be dropped
  broken,     // the connection failed (server gone, network): drop it and reconnect
  read_only,  // SQLSTATE 25006: a standby or a read-only transaction refused a write: drop it too
  rejected,   // any other SQL error: the connection stays usable
};

struct PgError {
  PgErrorKind kind;
  std::string message;
};

// An owned PGresult.
struct ResultDeleter {
  void operator()(pg_result* result) const;
};
using Result = std::unique_ptr<pg_result, ResultDeleter>;

// A parameter: nullopt is SQL NULL.
using Param = std::optional<std::string>;

// Reading a result (row, column), both 0-based.
int rows(const Result& result);
std::string_view text(const Result& result, int row, int column);
bool is_null(const Result& result, int row, int column);
long long integer(const Result& result, int row, int column);  // 0 when not a number
double real(const Result& result, int row, int column);         // 0.0 when not a number
std::size_t affected_rows(const Result& result);                  // INSERT/UPDATE/DELETE count

// A cancel request for a query still running on the server; PQcancel() opens its own short
// connection, so it is sent from a background thread, never from the caller that gave up.
class CancelHandle {
 public:
  explicit CancelHandle(pg_cancel* cancel) : m_cancel(cancel) {}
  ~CancelHandle();
  CancelHandle(const CancelHandle&) = delete;
  CancelHandle& operator=(const CancelHandle&) = delete;
  void send() const;

 private:
  pg_cancel* m_cancel;
};

class PgConnection {
 public:
  static flakyd::expected<std::unique_ptr<PgConnection>, PgError> connect(const std::string& conninfo,
                                                                          Deadline deadline);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  flakyd::expected<void, PgError> prepare(const std::string& name, std::string_view sql, int parameters,
                                          Deadline deadline);
  flakyd::expected<Result, PgError> run_prepared(const std::string& name, const std::vector<Param>& params,
                                                 Deadline deadline);
  // Unprepared: transaction control, migrations, one-off statements.
  flakyd::expected<Result, PgError> run(std::string_view sql, const std::vector<Param>& params, Deadline deadline);

  // False after a timeout, a broken connection or a read-only refusal: drop it.
  bool usable() const { return m_usable; }
  // True when the last call gave up at its deadline: the server may still be running the query.
  bool timed_out() const { return m_timed_out; }
  std::unique_ptr<CancelHandle> cancel_handle() const;

 private:
  explicit PgConnection(pg_conn* connection) : m_connection(connection) {}
  flakyd::expected<Result, PgError> finish(Deadline deadline);
  flakyd::expected<void, PgError> wait_socket(bool for_write, Deadline deadline);
  PgError fail(PgErrorKind kind, std::string message);

  pg_conn* m_connection;
  bool m_usable = true;
  bool m_timed_out = false;
};

// The connection string with any password removed (URL userinfo `user:secret@` and a
// `password=` parameter or keyword), for logs, /metrics and `describe()`.
std::string strip_password(std::string_view conninfo);

}  // namespace flakyd::store::pg
