#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "report/builder.hpp"

using namespace flakyd::report;

namespace {

std::string line(const std::string& time, const std::string& test, const std::string& category,
                 const std::string& action, const std::string& extra = "") {
  return R"({"time":")" + time + R"(","test_id":")" + test + R"(","fingerprint":"f-)" + test + R"(","category":")" +
         category + R"(","action":")" + action + R"(","source":"heuristic","rule":"r.)" + category +
         R"(","heuristic":")" + category + R"(","attempt":1,"max_attempts":3)" + extra + "}";
}

Report build(const std::string& trail, Options options = {}) {
  ReportBuilder builder(options);
  std::istringstream in(trail);
  builder.add_stream(in);
  return builder.finish();
}

long category_count(const Report& report, flakyd::heuristics::Category category) {
  for (std::size_t i = 0; i < k_category_count; ++i) {
    if (flakyd::heuristics::k_all_categories[i] == category) return report.by_category[i];
  }
  return -1;
}

}  // namespace

TEST_CASE("a trail line is read into its fields, anything else is not a trail line") {
  TrailEntry entry;
  REQUIRE(read_trail_line(line("2026-11-29T10:00:00.000Z", "t", "timeout", "retry_with_delay",
                               R"(,"delay_s":10,"duration_s":1.5,"example":"ReadTimeout: x","extra":{"a":[1]})"),
                          entry));
  CHECK(entry.test_id == "t");
  CHECK(entry.category == "timeout");
  CHECK(entry.delay_s == 10.0);
  CHECK(entry.duration_s == 1.5);
  CHECK(entry.example == "ReadTimeout: x");
  CHECK(entry.max_attempts == 3);
  for (const char* bad : {"", "not json", "[1,2]", "42", R"({"category":"timeout","action":"stop_retry"})",
                          R"({"category":"sideways","action":"stop_retry","source":"heuristic"})",
                          R"({"category":"timeout","action":"maybe","source":"heuristic"})",
                          R"({"category":"timeout","action":"stop_retry","source":"heuristic"}{})",
                          R"({"category":"timeout","action":"stop_retry","source":"heuristic","x":[[[[[1]]]]]})",
                          R"({"category":"timeout","action":"stop_retry","source":"heuristic")"}) {
    CAPTURE(bad);
    CHECK_FALSE(read_trail_line(bad, entry));
  }
  CHECK_FALSE(read_trail_line(std::string(k_max_line_bytes + 1, ' '), entry));
}

TEST_CASE("escaped, non-ASCII and nested lines read the same as plain ones (the full parser's path)") {
  TrailEntry plain, escaped;
  REQUIRE(read_trail_line(R"({"test_id":"a\"b","category":"timeout","action":"stop_retry","source":"cache","attempt":2})",
                          escaped));
  CHECK(escaped.test_id == "a\"b");
  CHECK(escaped.attempt == 2);
  REQUIRE(read_trail_line(R"({"test_id":"t\u00e9st ü","category":"timeout","action":"stop_retry","source":"cache"})", escaped));
  CHECK(escaped.test_id == "tést ü");
  REQUIRE(read_trail_line(R"( { "x" : {"y":[1,{"z":null}]}, "category" : "timeout" , "action":"stop_retry","source":"ai",)"
                          R"("delay_s":1.5e1,"duration_s":-0.0,"max_attempts":true} )",
                          escaped));
  CHECK(escaped.delay_s == 15.0);
  REQUIRE(read_trail_line(R"({"category":"timeout","action":"stop_retry","source":"ai","delay_s":15})", plain));
  CHECK(plain.delay_s == escaped.delay_s);
  for (const char* bad : {R"({"category":"timeout","action":"stop_retry","source":"ai","delay_s":01})",
                          R"({"category":"timeout","action":"stop_retry","source":"ai","delay_s":1.})",
                          R"({"category":"timeout","action":"stop_retry","source":"ai"} x)",
                          "{\"category\":\"timeout\",\"action\":\"stop_retry\",\"source\":\"a\ti\"}",
                          "{\"category\":\"timeout\",\"action\":\"stop_retry\",\"source\":\"\xff\"}"}) {
    CAPTURE(bad);
    CHECK_FALSE(read_trail_line(bad, plain));
  }
}

TEST_CASE("decisions are counted by category, action and test, unreadable lines are skipped") {
  const std::string trail = line("2026-11-28T10:00:00Z", "a", "flaky-network", "retry_with_delay", R"(,"delay_s":2)") +
                            "\n" + line("2026-11-28T11:00:00Z", "a", "flaky-network", "retry_with_delay", R"(,"delay_s":4)") +
                            "\nnot a line\n" + line("2026-11-29T09:00:00Z", "b", "deterministic", "stop_retry") + "\n" +
                            line("2026-11-29T09:30:00Z", "c", "timeout", "retry_with_delay", R"(,"delay_s":10)") + "\n";
  const Report report = build(trail);
  CHECK(report.decisions == 4);
  CHECK(report.skipped_lines == 1);
  CHECK(category_count(report, flakyd::heuristics::Category::flaky_network) == 2);
  CHECK(report.by_action.at("retry_with_delay") == 3);
  CHECK(report.first_time == "2026-11-28T10:00:00Z");
  CHECK(report.last_time == "2026-11-29T09:30:00Z");
  REQUIRE(report.most_retried.size() == 2);
  CHECK(report.most_retried[0].test_id == "a");
  CHECK(report.most_retried[0].retries == 2);
  CHECK(report.most_retried[0].first_seen == "2026-11-28T10:00:00Z");
  CHECK(report.time.waited_s == 16.0);
  CHECK(report.granularity == "day");
  REQUIRE(report.over_time.size() == 2);
  CHECK(total(report.over_time[0].counts) == 2);
  REQUIRE(report.rules.size() == 3);
  CHECK(report.rules[0].rule == "r.flaky-network");
  CHECK(report.rules[0].retries == 2);
}

TEST_CASE("quiet days between busy ones show as empty buckets, one day is shown by the hour") {
  const Report days = build(line("2026-11-27T10:00:00Z", "a", "timeout", "stop_retry") + "\n" +
                            line("2026-11-30T10:00:00Z", "a", "timeout", "stop_retry") + "\n");
  REQUIRE(days.over_time.size() == 4);
  CHECK(days.over_time[1].label == "2026-11-28");
  CHECK(total(days.over_time[1].counts) == 0);
  const Report hours = build(line("2026-11-29T08:10:00Z", "a", "timeout", "stop_retry") + "\n" +
                             line("2026-11-29T10:50:00Z", "a", "timeout", "stop_retry") + "\n");
  CHECK(hours.granularity == "hour");
  REQUIRE(hours.over_time.size() == 3);
  CHECK(hours.over_time[0].label == "2026-11-29 08h");
  CHECK(total(hours.over_time[1].counts) == 0);
  Options narrow;
  narrow.max_buckets = 2;
  const Report cut = build(line("2026-11-27T10:00:00Z", "a", "timeout", "stop_retry") + "\n" +
                               line("2026-11-30T10:00:00Z", "a", "timeout", "stop_retry") + "\n",
                           narrow);
  CHECK(cut.over_time.size() == 2);
  CHECK(cut.buckets_omitted == 2);
  CHECK(cut.over_time.back().label == "2026-11-30");
}

TEST_CASE("rerun time: waits, running time, and what a blanket --reruns would have cost") {
  // Test a: a retry and a stop at attempt 1 with durations; test b: a stop without a duration,
  // estimated from the mean over every test; test c has no duration and nothing to go by... is b.
  const std::string trail =
      line("2026-11-29T10:00:00Z", "a", "timeout", "retry_with_delay", R"(,"delay_s":10,"duration_s":3)") + "\n" +
      line("2026-11-29T10:01:00Z", "a", "deterministic", "stop_retry", R"(,"duration_s":5)") + "\n" +
      line("2026-11-29T10:02:00Z", "b", "deterministic", "stop_retry") + "\n";
  const Report own_budget = build(trail);
  const RerunTime& time = own_budget.time;
  CHECK(time.reruns == 1);
  CHECK(time.waited_s == 10.0);
  CHECK(time.ran_s == 3.0);
  CHECK(time.stopped == 2);
  CHECK(time.reruns_avoided == 4);  // max_attempts 3, stopped after attempt 1: two reruns each
  CHECK(time.saved_s == doctest::Approx(2 * 5.0 + 2 * 4.0));  // b's estimate: the mean of 3 and 5
  CHECK(time.saved_estimated_s == doctest::Approx(8.0));
  CHECK(time.lines_with_duration == 2);

  Options blanket;
  blanket.blanket_reruns = 5;
  const Report five = build(trail, blanket);
  CHECK(five.time.reruns_avoided == 10);
  CHECK(five.time.blanket_reruns == 5);

  const Report none = build(line("2026-11-29T10:02:00Z", "b", "deterministic", "stop_retry") + "\n");
  CHECK(none.time.saved_s == 0.0);
  CHECK(none.time.without_any_duration == 2);
}

TEST_CASE("--since keeps the last days only, by the trail's UTC times") {
  Options options;
  options.since_days = 2;
  options.now_unix = 1796083200;  // 2026-12-01T00:00:00Z
  const Report report = build(line("2026-11-28T23:59:59Z", "a", "timeout", "stop_retry") + "\n" +
                                  line("2026-11-29T00:00:01Z", "b", "timeout", "stop_retry") + "\n" +
                                  line("undated", "c", "timeout", "stop_retry") + "\n",
                              options);
  CHECK(report.decisions == 1);
  CHECK(report.filtered_out == 2);
  CHECK(report.since_days == 2);
}

TEST_CASE("failure signatures group by example line, else by fingerprint") {
  const std::string trail =
      line("2026-11-29T10:00:00Z", "a", "flaky-network", "retry_with_delay", R"(,"example":"ConnectionResetError: reset")") +
      "\n" + line("2026-11-29T10:01:00Z", "b", "flaky-network", "retry_with_delay", R"(,"example":"ConnectionResetError: reset")") +
      "\n" + line("2026-11-29T10:02:00Z", "c", "deterministic", "stop_retry") + "\n";
  const Report report = build(trail);
  REQUIRE(report.signatures.size() == 2);
  CHECK(report.signatures[0].example == "ConnectionResetError: reset");
  CHECK(report.signatures[0].count == 2);
  CHECK(report.signatures[1].example.empty());
  CHECK(report.signatures[1].fingerprint == "f-c");
}

TEST_CASE("tables are capped: newcomers past the cap are pooled and counted, memory stays bounded") {
  Options options;
  options.max_keys = 3;
  std::string trail;
  for (int i = 0; i < 10; ++i) trail += line("2026-11-29T10:00:00Z", "t" + std::to_string(i), "timeout", "retry_with_delay") + "\n";
  const Report report = build(trail, options);
  CHECK(report.decisions == 10);
  CHECK(report.most_retried.size() == 3);
  CHECK(report.overflow_keys == 14);  // 7 tests and 7 fingerprints past the cap
}

namespace {

class FakeHistory final : public HistorySource {
 public:
  std::vector<FlakyTest> flakiest_tests(std::size_t limit, std::optional<int>) const override {
    std::vector<FlakyTest> tests = {{"tests/x.py::test_flaky", 0.25, 40, 10, "concurrency", "2026-11-01T00:00:00Z",
                                     "2026-11-29T00:00:00Z"}};
    tests.resize(std::min(limit, tests.size()));
    return tests;
  }
  std::optional<RuleOutcomes> rule_outcomes(std::string_view rule) const override {
    if (rule != "r.timeout") return std::nullopt;
    return RuleOutcomes{8, 6};
  }
};

}  // namespace

TEST_CASE("a history source adds the flakiest tests and per-rule retry outcomes") {
  ReportBuilder builder({});
  builder.add_line(line("2026-11-29T10:00:00Z", "a", "timeout", "retry_with_delay"));
  builder.add_line(line("2026-11-29T10:00:00Z", "a", "deterministic", "stop_retry"));
  const FakeHistory history;
  const Report report = builder.finish(&history);
  CHECK(report.has_history);
  REQUIRE(report.flakiest.size() == 1);
  CHECK(report.flakiest[0].flake_rate == 0.25);
  for (const auto& rule : report.rules) {
    CAPTURE(rule.rule);
    CHECK(rule.retries_then_passed.has_value() == (rule.rule == "r.timeout"));
  }
}
