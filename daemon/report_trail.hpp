// ReportTrail: the JSON-lines decision trail (`--report PATH`), as the classifier's DecisionSink.
//
// One object per decision: time, test_id, fingerprint, category, confidence, action, delay_s,
// source, rule, heuristic (what the rules said), attempt, max_attempts, latency_ms, upstream,
// runner, redactions; duration_s (the failed attempt's, when the runner sent it) and example
// (the failure signature's root-cause line, "Kind: masked message", at most 160 bytes), when
// known. Never the trace or the message as sent (the test id is redacted like everything; the
// example comes from the redacted trace with numbers, ids and long values masked).
// The file is created with mode 0600 and opened O_APPEND. Each line is written with one write()
// while holding an exclusive flock, and a short write (disk full, file-size limit) is cut back
// with ftruncate before the lock is released -- so concurrent threads and processes never
// interleave and a crash or a full disk leaves whole lines only. A failing trail is logged once,
// counted in /metrics, and never fails a classification. Thread-safe.
#pragma once

#include <atomic>
#include "support/expected.hpp"
#include <memory>
#include <string>

#include "daemon/metrics.hpp"
#include "engine/ports.hpp"

namespace flakyd::app {

class ReportTrail final : public engine::DecisionSink {
 public:
  static flakyd::expected<std::unique_ptr<ReportTrail>, std::string> open(const std::string& path,
                                                                       Metrics* metrics);
  ~ReportTrail() override;

  void record(const engine::DecisionRecord& record) override;
  // Appends one already-rendered line (no newline); false when it could not be written whole.
  bool append_line(std::string line);

 private:
  ReportTrail(int fd, std::string path, Metrics* metrics);

  int m_fd;
  std::string m_path;
  Metrics* m_metrics;
  std::atomic<bool> m_failure_logged{false};
};

std::string render_trail_line(const engine::DecisionRecord& record);

}  // namespace flakyd::app
