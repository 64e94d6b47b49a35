// The self-contained report page. Layout: a header, key figures, then one section per question
// (when, what, how long, which tests, which failures, which rules), each a chart and its table.
#include <algorithm>
#include <cstdio>
#include <initializer_list>

#include "report/render.hpp"
#include "report/svg_chart.hpp"

namespace flakyd::report {

namespace {

// Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), one per
// category in k_all_categories order.
constexpr const char* k_category_colours[k_category_count] = {
    "#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#009E73", "#F0E442", "#8C6D31", "#D55E00", "#999999",
};
constexpr const char* k_retry_colour = "#0072B2";
constexpr const char* k_stop_colour = "#D55E00";
constexpr const char* k_estimated_colour = "#9BC4E2";

// No script, no font, no URL: style is inline and the policy forbids loading anything at all.
constexpr const char* k_head = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>flakyd report</title>
<style>
:root { color-scheme: light; --ink: #1d2329; --muted: #5b6670; --line: #d9dee3; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px 28px 48px; color: var(--ink);
       font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 0 0 6px; padding-top: 8px; border-top: 2px solid var(--ink); }
p.meta, p.note, figcaption, caption { color: var(--muted); }
p.note { margin: 4px 0 10px; max-width: 72ch; }
section { margin: 28px 0; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 8px 0 0; list-style: none; }
nav a { color: var(--ink); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(135px, 1fr)); gap: 10px; margin: 18px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--band); }
.card b { display: block; font-size: 20px; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card span { color: var(--muted); font-size: 13px; }
figure { margin: 8px 0 12px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .baseline { stroke: var(--ink); stroke-width: 1; }
svg text { font-size: 11px; fill: var(--ink); }
svg text.axis { fill: var(--muted); }
ul.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 4px 0; list-style: none; font-size: 13px; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 5px; vertical-align: -1px;
          border-radius: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0; }
caption { text-align: left; font-size: 13px; padding-bottom: 4px; }
th, td { padding: 3px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.scroll { overflow-x: auto; }
.cat, .when, td.fp { white-space: nowrap; }
table.dense th, table.dense td { padding: 2px 5px; }
table.dense th { font-size: 11px; overflow-wrap: anywhere; }
th { background: var(--band); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.id, td code { overflow-wrap: anywhere; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 36px; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { display: none; }
  .scroll { overflow: visible; }
  table { font-size: 9pt; }
  section, figure, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
</style>
</head>
<body>
)";

std::string_view category_name(std::size_t index) { return heuristics::to_string(heuristics::k_all_categories[index]); }

const char* colour_of(std::string_view category) {
  for (std::size_t i = 0; i < k_category_count; ++i) {
    if (category_name(i) == category) return k_category_colours[i];
  }
  return k_category_colours[k_category_count - 1];
}

std::vector<Series> category_series() {
  std::vector<Series> series;
  for (std::size_t i = 0; i < k_category_count; ++i) series.push_back({std::string(category_name(i)), k_category_colours[i]});
  return series;
}

std::string percent(double part, double whole) {
  if (whole <= 0) return "—";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * part / whole);
  return buffer;
}

std::string or_dash(const std::string& text) { return text.empty() ? "—" : text; }

// "2026-11-29T23:32:53.123Z" -> "2026-11-29 23:32" (the table's width is precious).
std::string short_time(const std::string& time) {
  if (time.size() < 16) return or_dash(time);
  return time.substr(0, 10) + " " + time.substr(11, 5);
}

void legend(std::ostream& out, const std::vector<Series>& series) {
  out << "<ul class=\"legend\">";
  for (const auto& entry : series) {
    out << "<li><span class=\"swatch\" style=\"background:" << escape_html(entry.colour) << "\"></span>"
        << escape_html(entry.name) << "</li>";
  }
  out << "</ul>\n";
}

void swatch(std::ostream& out, std::string_view category) {
  out << "<span class=\"cat\"><span class=\"swatch\" style=\"background:" << colour_of(category) << "\"></span>"
      << escape_html(category) << "</span>";
}

std::string rule_name(const std::string& rule) { return rule.empty() ? "(no rule)" : rule; }

void card(std::ostream& out, const std::string& figure, std::string_view label) {
  out << "<div class=\"card\"><b>" << escape_html(figure) << "</b><span>" << escape_html(label) << "</span></div>\n";
}

// A row chart in its figure, with a legend when its series are not the rows themselves.
void row_figure(std::ostream& out, std::string_view title, const std::vector<Series>& series,
                const std::vector<ChartRow>& rows, bool as_duration = false, bool with_legend = true) {
  out << "<figure>\n";
  stacked_rows(out, title, series, rows, as_duration);
  if (with_legend) legend(out, series);
  out << "</figure>\n";
}

struct Column {
  std::string_view name;
  bool numeric = false;
};

// Opens a table with its caption and header row; the caller writes the rows and </tbody></table>.
void open_table(std::ostream& out, std::string_view caption, std::initializer_list<Column> columns) {
  out << "<table>\n<caption>" << escape_html(caption) << "</caption>\n<thead><tr>";
  for (const auto& column : columns) {
    out << (column.numeric ? "<th class=\"num\">" : "<th>") << escape_html(column.name) << "</th>";
  }
  out << "</tr></thead>\n<tbody>\n";
}

void header(const Report& report, const PageInfo& page, std::ostream& out) {
  out << "<header>\n<h1>flakyd report</h1>\n<p class=\"meta\">";
  out << (page.trails.size() == 1 ? "Trail " : "Trails ");
  for (std::size_t i = 0; i < page.trails.size(); ++i) {
    out << (i ? ", " : "") << "<code>" << escape_html(page.trails[i]) << "</code>";
  }
  if (!report.first_time.empty()) {
    out << " · decisions from " << escape_html(short_time(report.first_time)) << " to "
        << escape_html(short_time(report.last_time)) << " UTC";
  }
  if (report.since_days) out << " · last " << *report.since_days << " days";
  out << " · generated " << escape_html(short_time(page.generated_at)) << " UTC</p>\n";
  out << "<nav><ul><li><a href=\"#over-time\">Over time</a></li><li><a href=\"#categories\">Categories</a></li>"
         "<li><a href=\"#time\">Time</a></li><li><a href=\"#tests\">Tests</a></li>"
         "<li><a href=\"#signatures\">Failure signatures</a></li><li><a href=\"#rules\">Rules</a></li></ul></nav>\n";
  out << "</header>\n<div class=\"cards\">\n";
  const long retries = report.time.reruns;
  card(out, grouped(report.decisions), "decisions");
  card(out, grouped(retries), "reruns advised (" + percent(retries, report.decisions) + ")");
  card(out, grouped(report.time.stopped), "stopped (stop_retry)");
  card(out, human_duration(report.time.waited_s + report.time.ran_s), "spent on reruns");
  card(out, human_duration(report.time.saved_s), "saved by stop_retry");
  card(out, grouped(report.skipped_lines), "unreadable lines skipped");
  out << "</div>\n";
}

void over_time_section(const Report& report, std::ostream& out) {
  out << "<section id=\"over-time\">\n<h2>Decisions over time</h2>\n<p class=\"note\">Each bar is one "
      << report.granularity << " (UTC), split by failure category.";
  if (report.buckets_omitted > 0) out << " The " << report.buckets_omitted << " earliest " << report.granularity << "s are left out of the chart and table.";
  if (report.undated > 0) out << " " << grouped(report.undated) << " decisions without a readable time are counted elsewhere but not here.";
  out << "</p>\n";
  const auto series = category_series();
  std::vector<ChartRow> columns;
  for (const auto& bucket : report.over_time) {
    ChartRow column{report.granularity == "day" ? bucket.label.substr(5) : bucket.label.substr(11), {}};
    for (long count : bucket.counts) column.values.push_back(static_cast<double>(count));
    columns.push_back(std::move(column));
  }
  out << "<figure>\n";
  stacked_columns(out, "Decisions per " + report.granularity + " by category", series, columns);
  legend(out, series);
  out << "<figcaption>Decisions per " << report.granularity << ", stacked by category.</figcaption>\n</figure>\n";
  out << "<div class=\"scroll\"><table class=\"dense\">\n<caption>Decisions per " << report.granularity
      << " by category</caption>\n<thead><tr><th>" << report.granularity << "</th>";
  for (const auto& entry : series) out << "<th class=\"num\">" << escape_html(entry.name) << "</th>";
  out << "<th class=\"num\">total</th></tr></thead>\n<tbody>\n";
  for (const auto& bucket : report.over_time) {
    out << "<tr><td class=\"when\">" << escape_html(bucket.label) << "</td>";
    for (long count : bucket.counts) out << "<td class=\"num\">" << grouped(count) << "</td>";
    out << "<td class=\"num\">" << grouped(total(bucket.counts)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table></div>\n</section>\n";
}

void category_section(const Report& report, std::ostream& out) {
  out << "<section id=\"categories\">\n<h2>Decisions by category</h2>\n";
  const auto series = category_series();
  std::vector<ChartRow> rows;
  for (std::size_t i = 0; i < k_category_count; ++i) {
    if (report.by_category[i] == 0) continue;
    ChartRow row{std::string(category_name(i)), std::vector<double>(k_category_count, 0.0)};
    row.values[i] = static_cast<double>(report.by_category[i]);
    rows.push_back(std::move(row));
  }
  row_figure(out, "Decisions by category", series, rows, false, false);
  open_table(out, "Decisions by category", {{"category"}, {"decisions", true}, {"share", true}});
  for (std::size_t i = 0; i < k_category_count; ++i) {
    if (report.by_category[i] == 0) continue;
    out << "<tr><td>";
    swatch(out, category_name(i));
    out << "</td><td class=\"num\">" << grouped(report.by_category[i]) << "</td><td class=\"num\">"
        << percent(report.by_category[i], report.decisions) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void time_section(const Report& report, std::ostream& out) {
  const RerunTime& time = report.time;
  const std::string blanket =
      time.blanket_reruns ? "--reruns " + std::to_string(*time.blanket_reruns) : "--reruns (max_attempts - 1)";
  out << "<section id=\"time\">\n<h2>Time spent on reruns, and saved by stop_retry</h2>\n<p class=\"note\">"
         "Spent: the delays flakyd advised before each rerun, plus each rerun's running time (taken to be the "
         "failed attempt's duration). Saved: after each <code>stop_retry</code>, the reruns a blanket <code>"
      << escape_html(blanket) << "</code> would still have made, times the test's duration. "
      << grouped(time.lines_with_duration) << " of " << grouped(report.decisions)
      << " decisions carried a duration; <strong>the light part of each bar is estimated</strong> from the "
         "same test's mean duration (or the mean over all tests).";
  if (time.without_any_duration > 0) {
    out << " " << grouped(time.without_any_duration)
        << " reruns have no duration at all to go by (the trail has none) and add no time.";
  }
  out << "</p>\n";
  const std::vector<Series> series = {{"from the trail", k_retry_colour}, {"estimated", k_estimated_colour}};
  const std::vector<ChartRow> rows = {
      {"waiting before reruns", {time.waited_s, 0.0}},
      {"running reruns", {time.ran_s - time.ran_estimated_s, time.ran_estimated_s}},
      {"saved by stop_retry", {time.saved_s - time.saved_estimated_s, time.saved_estimated_s}},
  };
  row_figure(out, "Time spent on reruns and saved by stop_retry", series, rows, true);
  open_table(out, "Rerun time",
             {{""}, {"reruns", true}, {"time", true}, {"of which estimated", true}, {"seconds", true}});
  const auto row = [&](std::string_view label, long count, double seconds, double estimated) {
    out << "<tr><td>" << label << "</td><td class=\"num\">" << grouped(count) << "</td><td class=\"num\">"
        << human_duration(seconds) << "</td><td class=\"num\">" << human_duration(estimated) << "</td><td class=\"num\">"
        << grouped(std::lround(seconds)) << "</td></tr>\n";
  };
  row("waiting before reruns", time.reruns, time.waited_s, 0.0);
  row("running reruns", time.reruns, time.ran_s, time.ran_estimated_s);
  row("saved by stop_retry", time.reruns_avoided, time.saved_s, time.saved_estimated_s);
  out << "</tbody>\n</table>\n</section>\n";
}

void flakiest_table(const Report& report, std::ostream& out) {
  open_table(out, "Flakiest tests (from outcome history)",
             {{"test"}, {"flake rate", true}, {"runs", true}, {"flaky runs", true}, {"last failure"}, {"first seen"},
              {"last seen"}});
  for (const auto& test : report.flakiest) {
    out << "<tr><td class=\"id\"><code>" << escape_html(test.test_id) << "</code></td><td class=\"num\">"
        << percent(test.flake_rate, 1.0) << "</td><td class=\"num\">" << grouped(test.runs) << "</td><td class=\"num\">"
        << grouped(test.flaky_runs) << "</td><td>";
    swatch(out, test.last_category);
    out << "</td><td class=\"when\">" << escape_html(short_time(test.first_seen)) << "</td><td class=\"when\">"
        << escape_html(short_time(test.last_seen)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

void tests_section(const Report& report, std::ostream& out) {
  out << "<section id=\"tests\">\n<h2>Tests</h2>\n";
  if (report.has_history) {
    flakiest_table(report, out);
  } else {
    out << "<p class=\"note\">No outcome history was given, so there are no flake rates (they need runners to "
           "report every test's outcome). The tests flakyd advised to retry most often, from the trail:</p>\n";
  }
  const std::vector<Series> series = {{"retries advised", k_retry_colour}, {"stops", k_stop_colour}};
  std::vector<ChartRow> rows;
  for (const auto& test : report.most_retried) {
    rows.push_back({test.test_id, {static_cast<double>(test.retries), static_cast<double>(test.stops)}});
  }
  row_figure(out, "Tests retried most", series, rows);
  open_table(out, "Tests retried most",
             {{"test"}, {"retries", true}, {"stops", true}, {"last category"}, {"first seen"}, {"last seen"}});
  for (const auto& test : report.most_retried) {
    out << "<tr><td class=\"id\"><code>" << escape_html(test.test_id) << "</code></td><td class=\"num\">"
        << grouped(test.retries) << "</td><td class=\"num\">" << grouped(test.stops) << "</td><td>";
    swatch(out, test.last_category);
    out << "</td><td class=\"when\">" << escape_html(short_time(test.first_seen)) << "</td><td class=\"when\">"
        << escape_html(short_time(test.last_seen)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void signatures_section(const Report& report, std::ostream& out) {
  out << "<section id=\"signatures\">\n<h2>Top failure signatures</h2>\n<p class=\"note\">Failures grouped by their "
         "root-cause line as the trail keeps it: redacted, with numbers, ids and long values masked, and "
         "shortened. The trail never holds the trace itself.</p>\n";
  open_table(out, "Top failure signatures",
             {{"count", true}, {"category"}, {"rule"}, {"example line"}, {"fingerprint"}, {"last seen"}});
  for (const auto& shape : report.signatures) {
    out << "<tr><td class=\"num\">" << grouped(shape.count) << "</td><td>";
    swatch(out, shape.category);
    out << "</td><td><code>" << escape_html(rule_name(shape.rule)) << "</code></td><td><code>"
        << escape_html(shape.example.empty() ? "(no example line in the trail)" : shape.example)
        << "</code></td><td class=\"fp\"><code>" << escape_html(shape.fingerprint.substr(0, 12)) << "</code></td>"
        << "<td class=\"when\">" << escape_html(short_time(shape.last_seen)) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void rules_section(const Report& report, std::ostream& out) {
  out << "<section id=\"rules\">\n<h2>Decisions per rule</h2>\n";
  if (!report.has_history) {
    out << "<p class=\"note\">How often a rule's retry advice ended in a pass needs outcome history; "
           "without it that column is empty.</p>\n";
  }
  const std::vector<Series> series = {{"retry_with_delay", k_retry_colour}, {"stop_retry", k_stop_colour}};
  std::vector<ChartRow> rows;
  for (const auto& rule : report.rules) {
    rows.push_back({rule_name(rule.rule), {static_cast<double>(rule.retries), static_cast<double>(rule.stops)}});
  }
  row_figure(out, "Decisions per rule", series, rows);
  open_table(out, "Decisions per rule",
             {{"rule"}, {"category"}, {"decisions", true}, {"retries", true}, {"stops", true},
              {"retries that then passed", true}});
  for (const auto& rule : report.rules) {
    out << "<tr><td><code>" << escape_html(rule_name(rule.rule)) << "</code></td><td>";
    swatch(out, rule.category);
    out << "</td><td class=\"num\">" << grouped(rule.decisions) << "</td><td class=\"num\">" << grouped(rule.retries)
        << "</td><td class=\"num\">" << grouped(rule.stops) << "</td><td class=\"num\">";
    if (rule.retries_with_outcome) {
      out << percent(static_cast<double>(*rule.retries_then_passed), static_cast<double>(*rule.retries_with_outcome))
          << " of " << grouped(*rule.retries_with_outcome);
    } else {
      out << "—";
    }
    out << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n</section>\n";
}

void footer(const Report& report, std::ostream& out) {
  out << "<footer>\n<p>Sources: ";
  for (const auto& [source, count] : report.by_source) out << escape_html(source) << " " << grouped(count) << " · ";
  out << "AI decisions agreeing with the rules: " << percent(report.ai_agreed, report.ai_decisions) << ".";
  if (report.overflow_keys > 0) {
    out << " " << grouped(report.overflow_keys) << " decisions were pooled because a table reached its size cap.";
  }
  out << "</p>\n<p>Generated by flakyd " << FLAKYD_VERSION << " from its decision trail. This page loads nothing "
         "from anywhere and runs no script.</p>\n</footer>\n";
}

}  // namespace

void render_html(const Report& report, const PageInfo& page, std::ostream& out) {
  out << k_head;
  header(report, page, out);
  over_time_section(report, out);
  category_section(report, out);
  time_section(report, out);
  tests_section(report, out);
  signatures_section(report, out);
  rules_section(report, out);
  footer(report, out);
  out << "</body>\n</html>\n";
}

}  // namespace flakyd::report
