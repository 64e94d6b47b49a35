#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "daemon/maintenance_commands.hpp"
#include "daemon/report_trail.hpp"
#include "daemon/verdict_cache.hpp"

namespace fs = std::filesystem;
using namespace flakyd;

namespace {

std::string temp_path() {
  char pattern[] = "/tmp/flakyd-trail-XXXXXX";
  const int fd = mkstemp(pattern);
  close(fd);
  fs::remove(pattern);
  return pattern;
}

engine::Decision decision(heuristics::Category category, heuristics::Action action, double delay) {
  engine::Decision d;
  d.category = category;
  d.action = action;
  d.delay_s = delay;
  d.fingerprint = std::string(64, 'a');
  d.rule = "net.connection-reset";
  d.heuristic_category = category;
  return d;
}

std::vector<nlohmann::json> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace

TEST_CASE("trail lines carry the fields of DESIGN.md and never the trace") {
  const auto path = temp_path();
  auto trail = app::ReportTrail::open(path, nullptr);
  REQUIRE(trail.has_value());
  engine::FailureReport report;
  report.trace = "SECRET-TRACE-CONTENT ConnectionResetError";
  report.message = "SECRET-MESSAGE";
  report.test_id = "tests/test_api.py::test_upload";
  report.attempt = 2;
  const auto d = decision(heuristics::Category::flaky_network, heuristics::Action::retry_with_delay, 4.0);
  (*trail)->record({&report, &d, 1.25});
  const auto lines = read_lines(path);
  REQUIRE(lines.size() == 1);
  for (const char* field : {"time", "test_id", "fingerprint", "category", "confidence", "action", "delay_s",
                            "source", "rule", "attempt", "latency_ms", "upstream"}) {
    CHECK(lines[0].contains(field));
  }
  CHECK(lines[0]["attempt"] == 2);
  std::ifstream raw(path);
  const std::string text((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  CHECK(text.find("SECRET") == std::string::npos);
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  fs::remove(path);
}

TEST_CASE("N threads x M processes append whole lines, exactly counted") {
  const auto path = temp_path();
  constexpr int k_processes = 3;
  constexpr int k_threads = 4;
  constexpr int k_lines = 300;
  std::vector<pid_t> children;
  for (int p = 0; p < k_processes; ++p) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      auto trail = app::ReportTrail::open(path, nullptr);
      if (!trail) _exit(2);
      std::vector<std::thread> threads;
      for (int t = 0; t < k_threads; ++t) {
        threads.emplace_back([&, t] {
          // Some lines far longer than PIPE_BUF, to need the lock.
          const std::string padding(t % 2 ? 9000 : 100, 'p');
          for (int i = 0; i < k_lines; ++i) {
            (*trail)->append_line(nlohmann::json{{"p", p}, {"t", t}, {"i", i}, {"pad", padding}}.dump());
          }
        });
      }
      for (auto& thread : threads) thread.join();
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WEXITSTATUS(status) == 0);
  }
  const auto lines = read_lines(path);  // throws on any interleaved line
  CHECK(lines.size() == static_cast<std::size_t>(k_processes * k_threads * k_lines));
  fs::remove(path);
}

TEST_CASE("a full disk (file-size limit) leaves only whole lines and does not throw") {
  const auto path = temp_path();
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    rlimit limit{10000, 10000};
    setrlimit(RLIMIT_FSIZE, &limit);
    auto trail = app::ReportTrail::open(path, nullptr);
    if (!trail) _exit(2);
    int failed = 0;
    for (int i = 0; i < 200; ++i) {
      failed += !(*trail)->append_line(nlohmann::json{{"i", i}, {"pad", std::string(300, 'x')}}.dump());
    }
    _exit(failed > 0 ? 0 : 3);  // some appends must have failed, quietly
  }
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  const auto lines = read_lines(path);  // every line parses
  CHECK(lines.size() > 10);
  CHECK(fs::file_size(path) <= 10000);
  fs::remove(path);
}

TEST_CASE("the trail summary counts categories, sources, actions, retries and agreement") {
  std::stringstream trail;
  trail << R"({"category":"flaky-network","action":"retry_with_delay","source":"heuristic","delay_s":2,"test_id":"a","heuristic":"flaky-network"})" "\n"
        << R"({"category":"flaky-network","action":"retry_with_delay","source":"cache","delay_s":4,"test_id":"a","heuristic":"flaky-network"})" "\n"
        << R"({"category":"timeout","action":"retry_with_delay","source":"ai","delay_s":10,"test_id":"b","heuristic":"timeout"})" "\n"
        << R"({"category":"timeout","action":"stop_retry","source":"ai","delay_s":0,"test_id":"c","heuristic":"unknown"})" "\n"
        << "{not json\n";
  const auto summary = app::summarise_trail(trail);
  CHECK(summary["decisions"] == 4);
  CHECK(summary["skipped_lines"] == 1);
  CHECK(summary["by_category"]["flaky-network"] == 2);
  CHECK(summary["by_source"]["ai"] == 2);
  CHECK(summary["by_action"]["stop_retry"] == 1);
  CHECK(summary["retry_seconds_advised"] == 16.0);
  CHECK(summary["most_retried"][0]["test_id"] == "a");
  CHECK(summary["most_retried"][0]["retries"] == 2);
  CHECK(summary["ai_heuristic_agreement"] == 0.5);
}

TEST_CASE("cached verdicts round-trip and foreign values are refused") {
  const engine::CachedVerdict verdict{heuristics::Category::timeout, 0.85, "timeout.go", "reason", engine::Source::ai, 42};
  const auto parsed = app::parse_verdict(app::serialise_verdict(verdict));
  REQUIRE(parsed.has_value());
  CHECK(parsed->category == heuristics::Category::timeout);
  CHECK(parsed->origin == engine::Source::ai);
  CHECK(parsed->rule == "timeout.go");
  CHECK_FALSE(app::parse_verdict(R"({"category":"slow","confidence":0.5,"rule":"","reason":"","origin":"ai"})").has_value());
  CHECK_FALSE(app::parse_verdict(R"({"category":"timeout","confidence":7,"rule":"","reason":"","origin":"ai"})").has_value());
  CHECK_FALSE(app::parse_verdict("[[[[[[[[[[").has_value());
}
