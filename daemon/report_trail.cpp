#include "daemon/report_trail.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#include "protocol/json_limits.hpp"

namespace flakyd::app {

namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[96];  // room for any int the compiler can imagine, so no truncation warning
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<long long>(millis));
  return buffer;
}

double rounded(double value, double scale) { return std::round(value * scale) / scale; }

}  // namespace

std::string render_trail_line(const engine::DecisionRecord& record) {
  const auto& report = *record.report;
  const auto& decision = *record.decision;
  nlohmann::json line = {
      {"time", utc_now()},
      {"test_id", report.test_id},
      {"fingerprint", decision.fingerprint},
      {"category", heuristics::to_string(decision.category)},
      {"confidence", rounded(decision.confidence, 1000)},
      {"action", heuristics::to_string(decision.action)},
      {"delay_s", decision.delay_s},
      {"source", engine::to_string(decision.source)},
      {"rule", decision.rule},
      {"heuristic", heuristics::to_string(decision.heuristic_category)},
      {"attempt", report.attempt},
      {"max_attempts", report.max_attempts},
      {"latency_ms", rounded(record.latency_ms, 1000)},
      {"upstream", decision.upstream_status},
      {"runner", report.runner},
      {"redactions", decision.redactions},
  };
  if (!report.run_id.empty()) line["run_id"] = report.run_id;
  if (!report.commit.empty()) line["commit"] = report.commit;
  if (!decision.guard.empty()) line["guard"] = decision.guard;
  if (report.duration_s) line["duration_s"] = rounded(*report.duration_s, 1000);
  // The signature's root-cause line: built from the redacted trace, values masked, short.
  if (!decision.example.empty()) line["example"] = decision.example;
  return protocol::dump_json(line);
}

flakyd::expected<std::unique_ptr<ReportTrail>, std::string> ReportTrail::open(const std::string& path,
                                                                           Metrics* metrics) {
  // A write past RLIMIT_FSIZE must fail with EFBIG, not kill the daemon with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return flakyd::unexpected(path + ": " + std::strerror(errno));
  return std::unique_ptr<ReportTrail>(new ReportTrail(fd, path, metrics));
}

ReportTrail::ReportTrail(int fd, std::string path, Metrics* metrics)
    : m_fd(fd), m_path(std::move(path)), m_metrics(metrics) {}

ReportTrail::~ReportTrail() { ::close(m_fd); }

bool ReportTrail::append_line(std::string line) {
  line.push_back('\n');
  bool whole = false;
  int error = 0;
  if (::flock(m_fd, LOCK_EX) == 0) {
    struct stat before {};
    const bool sized = ::fstat(m_fd, &before) == 0;
    ssize_t wrote;
    do {
      wrote = ::write(m_fd, line.data(), line.size());
    } while (wrote < 0 && errno == EINTR);
    whole = wrote == static_cast<ssize_t>(line.size());
    if (!whole) {
      error = wrote < 0 ? errno : ENOSPC;
      // Cut a partial line back off; every writer holds the lock, so nothing else was appended.
      if (wrote > 0 && sized && ::ftruncate(m_fd, before.st_size) != 0) error = errno;
    }
    ::flock(m_fd, LOCK_UN);
  } else {
    error = errno;
  }
  if (!whole) {
    if (m_metrics) m_metrics->count_event("report_write_error");
    if (!m_failure_logged.exchange(true)) {
      spdlog::warn("report trail {}: cannot append ({}); decisions are still answered", m_path,
                   std::strerror(error));
    }
  } else if (m_metrics) {
    m_metrics->count_event("report_line");
  }
  return whole;
}

void ReportTrail::record(const engine::DecisionRecord& record) { append_line(render_trail_line(record)); }

}  // namespace flakyd::app
