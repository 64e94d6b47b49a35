#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "report/render.hpp"

namespace flakyd::report {

namespace {

// Column chart geometry, in SVG user units (the page scales the SVG to its width).
constexpr double k_width = 760, k_height = 260;
constexpr double k_left = 56, k_right = 12, k_top = 12, k_bottom = 36;
constexpr std::size_t k_max_x_labels = 12;
// Row chart geometry.
constexpr double k_row_height = 22, k_row_gap = 6, k_label_width = 300, k_value_width = 110;
constexpr std::size_t k_max_label_chars = 48;

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

// The smallest round number (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 times a power of ten: each
// divides into four round ticks) that is >= value: the top of the axis.
double nice_ceiling(double value) {
  if (value <= 0) return 1;
  const double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 1.2, 1.6, 2.0, 2.4, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

std::string value_text(double value, bool as_duration) {
  return as_duration ? human_duration(value) : grouped(std::lround(value));
}

// Shortens a label for the chart (the full text stays in the tooltip and the table), keeping the
// end of it: a test id's distinctive part is its last.
std::string chart_label(const std::string& label) {
  std::size_t characters = 0;
  for (unsigned char c : label) characters += (c & 0xC0) != 0x80;
  if (characters <= k_max_label_chars) return label;
  std::size_t cut = label.size();
  for (std::size_t kept = 0; cut > 0 && kept < k_max_label_chars - 1;) {
    --cut;
    if ((static_cast<unsigned char>(label[cut]) & 0xC0) != 0x80) ++kept;
  }
  return "…" + label.substr(cut);
}

double row_total(const ChartRow& row) {
  return std::accumulate(row.values.begin(), row.values.end(), 0.0,
                         [](double sum, double value) { return sum + std::max(0.0, value); });
}

void open_svg(std::ostream& out, std::string_view title, double width, double height) {
  out << "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " << number(width) << ' ' << number(height)
      << "\" preserveAspectRatio=\"xMinYMin meet\"><title>"
      << escape_html(title) << "</title>\n";
}

void segment(std::ostream& out, double x, double y, double width, double height, const Series& series,
             const std::string& row, double value, bool as_duration) {
  out << "<rect x=\"" << number(x) << "\" y=\"" << number(y) << "\" width=\"" << number(width) << "\" height=\""
      << number(height) << "\" fill=\"" << escape_html(series.colour) << "\"><title>" << escape_html(row) << " — "
      << escape_html(series.name) << ": " << escape_html(value_text(value, as_duration)) << "</title></rect>\n";
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

void stacked_columns(std::ostream& out, std::string_view title, const std::vector<Series>& series,
                     const std::vector<ChartRow>& columns) {
  open_svg(out, title, k_width, k_height);
  double highest = 0;
  for (const auto& column : columns) highest = std::max(highest, row_total(column));
  const double top = nice_ceiling(highest);
  const double plot_width = k_width - k_left - k_right, plot_height = k_height - k_top - k_bottom;
  for (int tick = 0; tick <= 4; ++tick) {
    const double y = k_top + plot_height - plot_height * tick / 4.0;
    out << "<line class=\"grid\" x1=\"" << number(k_left) << "\" x2=\"" << number(k_width - k_right) << "\" y1=\""
        << number(y) << "\" y2=\"" << number(y) << "\"/><text class=\"axis\" x=\"" << number(k_left - 6) << "\" y=\""
        << number(y + 4) << "\" text-anchor=\"end\">" << grouped(std::lround(top * tick / 4.0)) << "</text>\n";
  }
  const double band = columns.empty() ? plot_width : plot_width / static_cast<double>(columns.size());
  const std::size_t label_every = std::max<std::size_t>(1, (columns.size() + k_max_x_labels - 1) / k_max_x_labels);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = columns[i];
    const double x = k_left + band * static_cast<double>(i) + band * 0.1;
    double y = k_top + plot_height;
    for (std::size_t s = 0; s < series.size() && s < column.values.size(); ++s) {
      if (column.values[s] <= 0) continue;
      const double height = plot_height * column.values[s] / top;
      y -= height;
      segment(out, x, y, band * 0.8, height, series[s], column.label, column.values[s], false);
    }
    if (i % label_every == 0) {
      out << "<text class=\"axis\" x=\"" << number(x + band * 0.4) << "\" y=\"" << number(k_height - k_bottom + 16)
          << "\" text-anchor=\"middle\">" << escape_html(column.label) << "</text>\n";
    }
  }
  out << "<line class=\"baseline\" x1=\"" << number(k_left) << "\" x2=\"" << number(k_width - k_right) << "\" y1=\""
      << number(k_top + plot_height) << "\" y2=\"" << number(k_top + plot_height) << "\"/>\n</svg>\n";
}

void stacked_rows(std::ostream& out, std::string_view title, const std::vector<Series>& series,
                  const std::vector<ChartRow>& rows, bool as_duration) {
  const double height = std::max(1.0, static_cast<double>(rows.size())) * (k_row_height + k_row_gap) + k_row_gap;
  open_svg(out, title, k_width, height);
  double highest = 0;
  for (const auto& row : rows) highest = std::max(highest, row_total(row));
  const double plot_width = k_width - k_label_width - k_value_width;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const double y = k_row_gap + static_cast<double>(i) * (k_row_height + k_row_gap);
    out << "<text class=\"label\" x=\"" << number(k_label_width - 8) << "\" y=\"" << number(y + k_row_height * 0.7)
        << "\" text-anchor=\"end\"><title>" << escape_html(row.label) << "</title>" << escape_html(chart_label(row.label))
        << "</text>\n";
    double x = k_label_width;
    for (std::size_t s = 0; s < series.size() && s < row.values.size(); ++s) {
      if (row.values[s] <= 0 || highest <= 0) continue;
      const double width = plot_width * row.values[s] / highest;
      segment(out, x, y, width, k_row_height, series[s], row.label, row.values[s], as_duration);
      x += width;
    }
    out << "<text class=\"value\" x=\"" << number(x + 6) << "\" y=\"" << number(y + k_row_height * 0.7) << "\">"
        << escape_html(value_text(row_total(row), as_duration)) << "</text>\n";
  }
  out << "</svg>\n";
}

}  // namespace flakyd::report
