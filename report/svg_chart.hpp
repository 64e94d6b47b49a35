// Small inline-SVG charts for the report page, and HTML escaping. Our own, on purpose: two chart
// shapes (stacked columns over time, stacked horizontal bars per row) are all the page needs.
//
// The charts write <svg role="img"> with a <title>, one <rect> per non-zero segment (each with
// a <title> naming its row, series and value: a tooltip without JavaScript), axis labels and
// grid lines. Every text written is escaped with escape_html. Colours come from the caller's
// series; nothing refers to anything outside the document.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace flakyd::report {

// Escapes & < > " ' so the text is safe in element content and in quoted attributes.
std::string escape_html(std::string_view text);

struct Series {
  std::string name;
  std::string colour;  // a CSS colour, e.g. "#0072B2"
};

struct ChartRow {
  std::string label;
  std::vector<double> values;  // one per series; negative values are drawn as 0
};

// Columns left to right (e.g. one per day), segments stacked bottom-up in series order.
void stacked_columns(std::ostream& out, std::string_view title, const std::vector<Series>& series,
                     const std::vector<ChartRow>& columns);

// One bar per row, top to bottom, segments left to right in series order; `unit` follows the
// row's total ("12 retries", "3 h 5 min" when `as_duration`).
void stacked_rows(std::ostream& out, std::string_view title, const std::vector<Series>& series,
                  const std::vector<ChartRow>& rows, bool as_duration = false);

}  // namespace flakyd::report
