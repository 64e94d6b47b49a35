#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "report/builder.hpp"
#include "report/render.hpp"
#include "report/svg_chart.hpp"

using namespace flakyd::report;

namespace {

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

Report hostile_report() {
  ReportBuilder builder({});
  builder.add_line(R"({"time":"2026-11-29T10:00:00Z","test_id":"t<script>alert(1)</script>","fingerprint":"\"><img>",)"
                   R"("category":"timeout","action":"retry_with_delay","source":"heuristic","rule":"r'&\"",)"
                   R"("delay_s":3,"duration_s":2,"example":"E: <b onmouseover=x>&amp;"})");
  return builder.finish();
}

}  // namespace

TEST_CASE("escape_html leaves no markup-significant character") {
  CHECK(escape_html(R"(<a href="x">'&'</a>)") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape_html("plain text") == "plain text");
}

TEST_CASE("stacked charts draw one rect per non-zero segment, each with its tooltip") {
  std::ostringstream out;
  stacked_columns(out, "t", {{"a", "#000"}, {"b", "#fff"}}, {{"d1", {1, 2}}, {"d2", {0, 3}}});
  CHECK(occurrences(out.str(), "<rect") == 3);
  CHECK(occurrences(out.str(), "<title>") == 4);  // the chart's and one per rect
  std::ostringstream rows;
  stacked_rows(rows, "t", {{"a", "#000"}}, {{"<x>", {5}}});
  CHECK(rows.str().find("<x>") == std::string::npos);
  CHECK(rows.str().find("&lt;x&gt;") != std::string::npos);
}

TEST_CASE("the page escapes every trail string and refers to nothing outside itself") {
  std::ostringstream out;
  render_html(hostile_report(), {{"trail<1>.jsonl"}, "2026-11-29T12:00:00Z"}, out);
  const std::string page = out.str();
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("<b onmouseover") == std::string::npos);
  CHECK(page.find("t&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(page.find("&amp;amp;") != std::string::npos);
  CHECK(page.find("trail&lt;1&gt;.jsonl") != std::string::npos);
  CHECK(page.find("://") == std::string::npos);
  CHECK(page.find("url(") == std::string::npos);
  CHECK(occurrences(page, "<svg") == 5);
  CHECK(occurrences(page, "<table") == 6);
}

TEST_CASE("the page shows the flakiest tests only when history exists, and says so otherwise") {
  Report report = hostile_report();
  std::ostringstream without;
  render_html(report, {}, without);
  CHECK(without.str().find("No outcome history") != std::string::npos);
  CHECK(without.str().find("Flakiest tests") == std::string::npos);
  report.has_history = true;
  report.flakiest.push_back({"tests/x.py::test_flaky", 0.25, 40, 10, "concurrency", "", ""});
  std::ostringstream with;
  render_html(report, {}, with);
  CHECK(with.str().find("Flakiest tests") != std::string::npos);
  CHECK(with.str().find("25.0%") != std::string::npos);
}

TEST_CASE("text and JSON carry the same figures as the page") {
  const Report report = hostile_report();
  std::ostringstream text;
  render_text(report, text);
  CHECK(text.str().find("rerun time: 1 reruns, 3.0 s waiting + 2.0 s running") != std::string::npos);
  CHECK(text.str().find("2026-11-29 10h  1  timeout=1") != std::string::npos);
  const auto json = to_json(report);
  CHECK(json["rerun_time"]["ran_s"] == 2.0);
  CHECK(json["signatures"][0]["example"] == "E: <b onmouseover=x>&amp;");
  CHECK(json["over_time"][0]["by_category"]["timeout"] == 1);
}

TEST_CASE("numbers and durations read like a person wrote them") {
  CHECK(grouped(1234567) == "1,234,567");
  CHECK(grouped(999) == "999");
  CHECK(human_duration(4.25) == "4.2 s");
  CHECK(human_duration(42) == "42 s");
  CHECK(human_duration(725) == "12 min 5 s");
  CHECK(human_duration(3 * 3600 + 20 * 60) == "3 h 20 min");
  CHECK(human_duration(2 * 86400 + 4 * 3600) == "2 d 4 h");
}

TEST_CASE("an empty trail still makes a whole page, with no NaN or infinite coordinates") {
  ReportBuilder builder({});
  builder.add_line("not a trail line");
  std::ostringstream out;
  render_html(builder.finish(), {{"empty.jsonl"}, "2026-11-29T12:00:00Z"}, out);
  const std::string page = out.str();
  CHECK(occurrences(page, "<svg") == 5);
  CHECK(page.find("nan") == std::string::npos);
  CHECK(page.find("inf\"") == std::string::npos);
  CHECK(page.find("</html>") != std::string::npos);
  std::ostringstream text;
  render_text(builder.finish(), text);
  CHECK(text.str().find("decisions: 0") != std::string::npos);
}
