// Plain-text and JSON renderings of the report, and the number formats the page shares.
#include <cmath>
#include <cstdio>

#include "report/render.hpp"

namespace flakyd::report {

namespace {

using nlohmann::json;

std::string_view category_name(std::size_t index) { return heuristics::to_string(heuristics::k_all_categories[index]); }

std::string percent(long part, long whole) {
  if (whole <= 0) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

json category_object(const CategoryCounts& counts) {
  json object = json::object();
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) object[std::string(category_name(i))] = counts[i];
  }
  return object;
}

std::string retry_precision(const RuleRow& rule) {
  if (!rule.retries_with_outcome) return "needs outcome history";
  return percent(*rule.retries_then_passed, *rule.retries_with_outcome) + " of " + grouped(*rule.retries_with_outcome);
}

void text_time(const Report& report, std::ostream& out) {
  const RerunTime& time = report.time;
  out << "rerun time: " << grouped(time.reruns) << " reruns, " << human_duration(time.waited_s) << " waiting + "
      << human_duration(time.ran_s) << " running";
  if (time.ran_estimated_s > 0) out << " (" << human_duration(time.ran_estimated_s) << " of it estimated)";
  out << "\n";
  out << "time saved by stop_retry: " << grouped(time.reruns_avoided) << " reruns a blanket --reruns "
      << (time.blanket_reruns ? std::to_string(*time.blanket_reruns) : "(each runner's max_attempts - 1)")
      << " would have made after " << grouped(time.stopped) << " stops, " << human_duration(time.saved_s);
  if (time.saved_estimated_s > 0) out << " (" << human_duration(time.saved_estimated_s) << " of it estimated)";
  out << "\n";
  if (time.without_any_duration > 0) {
    out << "  (" << grouped(time.without_any_duration) << " reruns counted without a duration: the trail has none)\n";
  }
}

}  // namespace

std::string grouped(long number) {
  std::string digits = std::to_string(number < 0 ? -number : number);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return number < 0 ? "-" + digits : digits;
}

std::string human_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buffer[64];
  const auto whole = static_cast<long long>(std::llround(seconds));
  if (seconds < 10) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (whole < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld min %lld s", whole / 60, whole % 60);
    if (whole < 60) std::snprintf(buffer, sizeof buffer, "%lld s", whole);
  } else if (whole < 86400) {
    std::snprintf(buffer, sizeof buffer, "%lld h %lld min", whole / 3600, whole % 3600 / 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld d %lld h", whole / 86400, whole % 86400 / 3600);
  }
  return buffer;
}

void render_text(const Report& report, std::ostream& out) {
  out << "decisions: " << report.decisions << " (" << report.skipped_lines << " unreadable lines skipped";
  if (report.since_days) out << ", " << report.filtered_out << " older than " << *report.since_days << " days left out";
  out << ")\n";
  if (!report.first_time.empty()) out << "period: " << report.first_time << " to " << report.last_time << "\n";
  out << "by category:\n";
  for (std::size_t i = 0; i < report.by_category.size(); ++i) {
    if (report.by_category[i] > 0) {
      out << "  " << category_name(i) << ": " << report.by_category[i] << "  ("
          << percent(report.by_category[i], report.decisions) << ")\n";
    }
  }
  out << "by source:\n";
  for (const auto& [name, count] : report.by_source) out << "  " << name << ": " << count << "\n";
  out << "by action:\n";
  for (const auto& [name, count] : report.by_action) out << "  " << name << ": " << count << "\n";
  out << "decisions per " << report.granularity << ":\n";
  for (const auto& bucket : report.over_time) {
    out << "  " << bucket.label << "  " << total(bucket.counts);
    for (std::size_t i = 0; i < bucket.counts.size(); ++i) {
      if (bucket.counts[i] > 0) out << "  " << category_name(i) << "=" << bucket.counts[i];
    }
    out << "\n";
  }
  text_time(report, out);
  if (report.has_history) {
    out << "flakiest tests (flake rate, runs, last failure):\n";
    for (const auto& test : report.flakiest) {
      out << "  " << percent(test.flaky_runs, test.runs) << "  " << test.runs << "  " << test.last_category << "  "
          << test.test_id << "\n";
    }
  }
  out << "tests retried most (retries, stops, last category):\n";
  for (const auto& test : report.most_retried) {
    out << "  " << test.retries << "  " << test.stops << "  " << test.last_category << "  " << test.test_id << "\n";
  }
  out << "top failure signatures (count, category, rule, example):\n";
  for (const auto& shape : report.signatures) {
    out << "  " << shape.count << "  " << shape.category << "  " << (shape.rule.empty() ? "-" : shape.rule) << "  "
        << (shape.example.empty() ? "fingerprint " + shape.fingerprint.substr(0, 12) : shape.example) << "\n";
  }
  out << "per rule (decisions, retries, stops, retries that then passed):\n";
  for (const auto& rule : report.rules) {
    out << "  " << (rule.rule.empty() ? "(no rule)" : rule.rule) << ": " << rule.decisions << ", " << rule.retries
        << ", " << rule.stops << ", " << retry_precision(rule) << "\n";
  }
  if (report.ai_decisions == 0) {
    out << "AI/heuristic agreement: no AI decisions\n";
  } else {
    out << "AI/heuristic agreement: " << percent(report.ai_agreed, report.ai_decisions) << " of "
        << report.ai_decisions << " AI decisions\n";
  }
}

json to_json(const Report& report) {
  json over_time = json::array();
  for (const auto& bucket : report.over_time) {
    over_time.push_back({{"label", bucket.label}, {"decisions", total(bucket.counts)},
                         {"by_category", category_object(bucket.counts)}});
  }
  json most_retried = json::array();
  for (const auto& test : report.most_retried) {
    most_retried.push_back({{"test_id", test.test_id}, {"retries", test.retries}, {"stops", test.stops},
                            {"last_category", test.last_category}, {"first_seen", test.first_seen},
                            {"last_seen", test.last_seen}});
  }
  json flakiest = json::array();
  for (const auto& test : report.flakiest) {
    flakiest.push_back({{"test_id", test.test_id}, {"flake_rate", test.flake_rate}, {"runs", test.runs},
                        {"flaky_runs", test.flaky_runs}, {"last_category", test.last_category},
                        {"first_seen", test.first_seen}, {"last_seen", test.last_seen}});
  }
  json signatures = json::array();
  for (const auto& shape : report.signatures) {
    signatures.push_back({{"example", shape.example}, {"fingerprint", shape.fingerprint},
                          {"category", shape.category}, {"rule", shape.rule}, {"count", shape.count},
                          {"last_seen", shape.last_seen}});
  }
  json rules = json::array();
  for (const auto& rule : report.rules) {
    json row = {{"rule", rule.rule}, {"category", rule.category}, {"decisions", rule.decisions},
                {"retries", rule.retries}, {"stops", rule.stops}};
    row["retries_with_outcome"] = rule.retries_with_outcome ? json(*rule.retries_with_outcome) : json(nullptr);
    row["retries_then_passed"] = rule.retries_then_passed ? json(*rule.retries_then_passed) : json(nullptr);
    rules.push_back(std::move(row));
  }
  const RerunTime& time = report.time;
  json rerun_time = {{"reruns", time.reruns},
                     {"waited_s", time.waited_s},
                     {"ran_s", time.ran_s},
                     {"ran_estimated_s", time.ran_estimated_s},
                     {"stopped", time.stopped},
                     {"reruns_avoided", time.reruns_avoided},
                     {"saved_s", time.saved_s},
                     {"saved_estimated_s", time.saved_estimated_s},
                     {"lines_with_duration", time.lines_with_duration},
                     {"without_any_duration", time.without_any_duration}};
  rerun_time["blanket_reruns"] = time.blanket_reruns ? json(*time.blanket_reruns) : json(nullptr);
  json summary = {{"decisions", report.decisions},
                  {"skipped_lines", report.skipped_lines},
                  {"filtered_out", report.filtered_out},
                  {"undated", report.undated},
                  {"overflow_keys", report.overflow_keys},
                  {"first_time", report.first_time},
                  {"last_time", report.last_time},
                  {"by_category", category_object(report.by_category)},
                  {"by_source", report.by_source},
                  {"by_action", report.by_action},
                  {"granularity", report.granularity},
                  {"over_time", over_time},
                  {"buckets_omitted", report.buckets_omitted},
                  {"most_retried", most_retried},
                  {"history", report.has_history},
                  {"flakiest", flakiest},
                  {"signatures", signatures},
                  {"rules", rules},
                  {"rerun_time", rerun_time},
                  {"retry_seconds_advised", time.waited_s},
                  {"ai_decisions", report.ai_decisions}};
  summary["since_days"] = report.since_days ? json(*report.since_days) : json(nullptr);
  summary["ai_heuristic_agreement"] =
      report.ai_decisions > 0
          ? json(static_cast<double>(report.ai_agreed) / static_cast<double>(report.ai_decisions))
          : json(nullptr);
  return summary;
}

}  // namespace flakyd::report
