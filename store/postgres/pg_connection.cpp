#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace flakyd::store::pg {
namespace {

constexpr std::string_view k_read_only_state = "25006";

// libpq messages end with a newline and may span lines; the first line says what happened.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  const auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text.empty() ? "unknown error" : text;
}

int milliseconds_left(Deadline deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

}  // namespace

void ResultDeleter::operator()(pg_result* result) const { PQclear(result); }

int rows(const Result& result) { return PQntuples(result.get()); }

std::string_view text(const Result& result, int row, int column) {
  return {PQgetvalue(result.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result.get(), row, column))};
}

bool is_null(const Result& result, int row, int column) { return PQgetisnull(result.get(), row, column) != 0; }

long long integer(const Result& result, int row, int column) {
  const std::string_view value = text(result, row, column);
  long long number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

double real(const Result& result, int row, int column) {
  const std::string value(text(result, row, column));
  char* end = nullptr;
  const double number = std::strtod(value.c_str(), &end);
  return end == value.c_str() ? 0.0 : number;
}

std::size_t affected_rows(const Result& result) {
  const std::string_view value = PQcmdTuples(result.get());
  std::size_t count = 0;
  std::from_chars(value.data(), value.data() + value.size(), count);
  return count;
}

CancelHandle::~CancelHandle() { PQfreeCancel(m_cancel); }

void CancelHandle::send() const {
  char message[256];
  PQcancel(m_cancel, message, sizeof message);  // best effort: the connection is gone anyway
}

flakyd::expected<std::unique_ptr<PgConnection>, PgError> PgConnection::connect(const std::string& conninfo,
                                                                               Deadline deadline) {
  pg_conn* raw = PQconnectStart(conninfo.c_str());
  if (!raw) return flakyd::unexpected(PgError{PgErrorKind::broken, "out of memory"});
  std::unique_ptr<PgConnection> connection(new PgConnection(raw));
  if (PQstatus(raw) == CONNECTION_BAD) {
    return flakyd::unexpected(PgError{PgErrorKind::broken, first_line(PQerrorMessage(raw))});
  }
  // The documented loop: poll the socket for what PQconnectPoll asks, until OK or FAILED.
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (state != PGRES_POLLING_OK) {
    if (state == PGRES_POLLING_FAILED) {
      return flakyd::unexpected(PgError{PgErrorKind::broken, first_line(PQerrorMessage(raw))});
    }
    auto ready = connection->wait_socket(state == PGRES_POLLING_WRITING, deadline);
    if (!ready) return flakyd::unexpected(ready.error());
    state = PQconnectPoll(raw);
  }
  if (PQsetnonblocking(raw, 1) != 0) {
    return flakyd::unexpected(PgError{PgErrorKind::broken, first_line(PQerrorMessage(raw))});
  }
  return connection;
}

PgConnection::~PgConnection() { PQfinish(m_connection); }

PgError PgConnection::fail(PgErrorKind kind, std::string message) {
  // A read-only server (a standby, a database set read-only) keeps refusing writes on this
  // connection; a new one may reach the primary (target_session_attrs) or the new setting.
  if (kind != PgErrorKind::rejected) m_usable = false;
  if (kind == PgErrorKind::timeout) m_timed_out = true;
  return PgError{kind, std::move(message)};
}

flakyd::expected<void, PgError> PgConnection::wait_socket(bool for_write, Deadline deadline) {
  for (;;) {
    const int socket = PQsocket(m_connection);
    if (socket < 0) return flakyd::unexpected(fail(PgErrorKind::broken, "no connection to the server"));
    pollfd entry{socket, static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    const int left = milliseconds_left(deadline);
    if (left == 0) return flakyd::unexpected(fail(PgErrorKind::timeout, "deadline passed"));
    const int ready = ::poll(&entry, 1, left);
    if (ready > 0) return {};
    if (ready == 0) return flakyd::unexpected(fail(PgErrorKind::timeout, "deadline passed"));
    if (errno != EINTR) return flakyd::unexpected(fail(PgErrorKind::broken, std::strerror(errno)));
  }
}

// Flushes what was sent, then reads until libpq has every result of the command; keeps the last
// one (a multi-statement text yields several) and reports the first error.
flakyd::expected<Result, PgError> PgConnection::finish(Deadline deadline) {
  for (;;) {
    const int flushed = PQflush(m_connection);
    if (flushed == 0) break;
    if (flushed < 0) return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
    auto ready = wait_socket(true, deadline);
    if (!ready) return flakyd::unexpected(ready.error());
    if (PQconsumeInput(m_connection) == 0) {
      return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
    }
  }
  Result last;
  std::optional<PgError> error;
  for (;;) {
    while (PQisBusy(m_connection)) {
      auto ready = wait_socket(false, deadline);
      if (!ready) return flakyd::unexpected(ready.error());
      if (PQconsumeInput(m_connection) == 0) {
        return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
      }
    }
    Result result(PQgetResult(m_connection));
    if (!result) break;
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && !error) {
      const char* state = PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
      const bool read_only = state && k_read_only_state == state;
      const bool broken = status == PGRES_FATAL_ERROR && PQstatus(m_connection) == CONNECTION_BAD;
      error = fail(broken ? PgErrorKind::broken : read_only ? PgErrorKind::read_only : PgErrorKind::rejected,
                   first_line(PQresultErrorMessage(result.get())));
    }
    last = std::move(result);
  }
  if (PQstatus(m_connection) == CONNECTION_BAD) m_usable = false;
  if (error) return flakyd::unexpected(*error);
  if (!last) return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
  return last;
}

namespace {
struct RawParams {
  std::vector<const char*> values;
  explicit RawParams(const std::vector<Param>& params) {
    values.reserve(params.size());
    for (const Param& param : params) values.push_back(param ? param->c_str() : nullptr);
  }
};
}  // namespace

flakyd::expected<void, PgError> PgConnection::prepare(const std::string& name, std::string_view sql,
                                                      int parameters, Deadline deadline) {
  const std::string statement(sql);
  if (PQsendPrepare(m_connection, name.c_str(), statement.c_str(), parameters, nullptr) == 0) {
    return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
  }
  auto done = finish(deadline);
  if (!done) return flakyd::unexpected(done.error());
  return {};
}

flakyd::expected<Result, PgError> PgConnection::run_prepared(const std::string& name,
                                                             const std::vector<Param>& params, Deadline deadline) {
  const RawParams raw(params);
  if (PQsendQueryPrepared(m_connection, name.c_str(), static_cast<int>(raw.values.size()), raw.values.data(),
                          nullptr, nullptr, 0) == 0) {
    return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
  }
  return finish(deadline);
}

flakyd::expected<Result, PgError> PgConnection::run(std::string_view sql, const std::vector<Param>& params,
                                                    Deadline deadline) {
  const std::string statement(sql);
  const int sent = params.empty()
                       ? PQsendQuery(m_connection, statement.c_str())
                       : [&] {
                           const RawParams raw(params);
                           return PQsendQueryParams(m_connection, statement.c_str(),
                                                    static_cast<int>(raw.values.size()), nullptr,
                                                    raw.values.data(), nullptr, nullptr, 0);
                         }();
  if (sent == 0) return flakyd::unexpected(fail(PgErrorKind::broken, first_line(PQerrorMessage(m_connection))));
  return finish(deadline);
}

std::unique_ptr<CancelHandle> PgConnection::cancel_handle() const {
  pg_cancel* cancel = PQgetCancel(m_connection);
  return cancel ? std::make_unique<CancelHandle>(cancel) : nullptr;
}

std::string strip_password(std::string_view conninfo) {
  std::string out(conninfo);
  // URL form: scheme://user:password@host -> scheme://user@host
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto end = out.find_first_of("/?", authority);
    const auto at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > authority) {
      const auto colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // `password=...` as a URL query parameter or a key=value keyword (quoted or bare).
  for (std::size_t at = 0; (at = out.find("password", at)) != std::string::npos;) {
    const bool starts_key = at == 0 || out[at - 1] == '?' || out[at - 1] == '&' || out[at - 1] == ' ';
    std::size_t value = at + 8;
    while (value < out.size() && out[value] == ' ') ++value;
    if (!starts_key || value >= out.size() || out[value] != '=') {
      at += 8;
      continue;
    }
    ++value;
    while (value < out.size() && out[value] == ' ') ++value;
    std::size_t end = value;
    if (end < out.size() && out[end] == '\'') {
      for (++end; end < out.size() && out[end] != '\''; ++end) {
        if (out[end] == '\\') ++end;
      }
      end = std::min(end + 1, out.size());
    } else {
      end = out.find_first_of(" &", value);
      if (end == std::string::npos) end = out.size();
    }
    out.replace(value, end - value, "***");
    at = value + 3;
  }
  return out;
}

}  // namespace flakyd::store::pg
