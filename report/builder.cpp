#include "report/builder.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace flakyd::report {

namespace {

using nlohmann::json;

constexpr std::size_t k_max_example_bytes = 240;
constexpr int k_max_depth = 4;

enum class Field {
  none, time, test_id, fingerprint, category, action, source, rule, heuristic, example,
  delay_s, attempt, max_attempts, duration_s,
};

struct FieldName {
  std::string_view name;
  Field field;
};

// The trail fields the report reads (daemon/report_trail.cpp writes them); others are ignored.
constexpr FieldName k_fields[] = {
    {"time", Field::time},           {"test_id", Field::test_id},   {"fingerprint", Field::fingerprint},
    {"category", Field::category},   {"action", Field::action},     {"source", Field::source},
    {"rule", Field::rule},           {"heuristic", Field::heuristic}, {"example", Field::example},
    {"delay_s", Field::delay_s},     {"attempt", Field::attempt},   {"max_attempts", Field::max_attempts},
    {"duration_s", Field::duration_s},
};

Field field_named(std::string_view name) {
  for (const auto& [known, field] : k_fields) {
    if (known == name) return field;
  }
  return Field::none;
}

// Where a top-level field's value goes in a TrailEntry (shared by both readers below).
std::string* text_field(TrailEntry& entry, Field field) {
  switch (field) {
    case Field::time: return &entry.time;
    case Field::test_id: return &entry.test_id;
    case Field::fingerprint: return &entry.fingerprint;
    case Field::category: return &entry.category;
    case Field::action: return &entry.action;
    case Field::source: return &entry.source;
    case Field::rule: return &entry.rule;
    case Field::heuristic: return &entry.heuristic;
    case Field::example: return &entry.example;
    default: return nullptr;
  }
}

void set_number(TrailEntry& entry, Field field, double value) {
  if (!std::isfinite(value)) return;
  switch (field) {
    case Field::delay_s: entry.delay_s = std::clamp(value, 0.0, 86400.0); break;
    case Field::attempt: entry.attempt = static_cast<int>(std::clamp(value, 1.0, 1000.0)); break;
    case Field::max_attempts: entry.max_attempts = static_cast<int>(std::clamp(value, 1.0, 1000.0)); break;
    case Field::duration_s:
      if (value >= 0 && value <= 7 * 86400.0) entry.duration_s = value;
      break;
    default: break;
  }
}

// nlohmann SAX handler: copies the top-level fields of one object into a TrailEntry.
class LineReader {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit LineReader(TrailEntry& entry) : m_entry(entry) {}

  bool null() { return value_seen(); }
  bool boolean(bool) { return value_seen(); }
  bool number_integer(number_integer_t value) { return number(static_cast<double>(value)); }
  bool number_unsigned(number_unsigned_t value) { return number(static_cast<double>(value)); }
  bool number_float(number_float_t value, const string_t&) { return number(value); }
  bool binary(binary_t&) { return false; }
  bool string(string_t& value) {
    if (std::string* target = m_depth == 1 ? text_field(m_entry, m_field) : nullptr) target->swap(value);
    return value_seen();
  }
  bool start_object(std::size_t) {
    if (m_depth == 0 && m_objects > 0) return false;  // one object per line
    ++m_objects;
    return ++m_depth <= k_max_depth;
  }
  bool end_object() { return --m_depth >= 0; }
  bool start_array(std::size_t) { return m_depth > 0 && ++m_depth <= k_max_depth; }
  bool end_array() { return --m_depth >= 0; }
  bool key(string_t& name) {
    m_field = m_depth == 1 ? field_named(name) : Field::none;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  bool number(double value) {
    if (m_depth == 1) set_number(m_entry, m_field, value);
    return value_seen();
  }
  bool value_seen() {
    m_field = Field::none;
    return m_depth > 0;  // a bare scalar is not a trail line
  }

  TrailEntry& m_entry;
  Field m_field = Field::none;
  int m_depth = 0;
  int m_objects = 0;
};

// The fast path, for the lines the daemon writes: one flat object of ASCII strings without
// escapes, numbers, true, false and null. nlohmann's lexer reads a character at a time, which
// made it three quarters of a million-line report; this reads runs. It accepts only what is
// valid JSON and answers false for anything else (an escape, a nested value, a non-ASCII byte,
// a syntax error): the caller then hands the line to nlohmann, which decides.
class FlatScanner {
 public:
  FlatScanner(std::string_view line, TrailEntry& entry) : m_text(line), m_entry(entry) {}

  bool scan() {
    if (!take('{')) return false;
    if (take('}')) return at_end();
    do {
      std::string_view key;
      if (!string(key) || !take(':')) return false;
      const Field field = field_named(key);
      if (peek() == '"') {
        std::string_view value;
        if (!string(value)) return false;
        if (std::string* target = text_field(m_entry, field)) target->assign(value);
      } else if (!literal("true") && !literal("false") && !literal("null")) {
        double value = 0;
        if (!number(value)) return false;
        set_number(m_entry, field, value);
      }
    } while (take(','));
    return take('}') && at_end();
  }

 private:
  void skip_blanks() {
    while (m_at < m_text.size() && (m_text[m_at] == ' ' || m_text[m_at] == '\t' || m_text[m_at] == '\n' || m_text[m_at] == '\r')) ++m_at;
  }
  char peek() {
    skip_blanks();
    return m_at < m_text.size() ? m_text[m_at] : '\0';
  }
  bool take(char wanted) {
    if (peek() != wanted) return false;
    ++m_at;
    return true;
  }
  bool at_end() { return peek() == '\0' && m_at == m_text.size(); }
  bool literal(std::string_view word) {
    skip_blanks();
    if (m_text.substr(m_at, word.size()) != word) return false;
    m_at += word.size();
    return true;
  }
  bool string(std::string_view& out) {
    if (!take('"')) return false;
    const std::size_t begin = m_at;
    for (; m_at < m_text.size(); ++m_at) {
      const auto c = static_cast<unsigned char>(m_text[m_at]);
      if (c == '"') {
        out = m_text.substr(begin, m_at++ - begin);
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
    }
    return false;
  }
  bool digits() {
    const std::size_t begin = m_at;
    while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9') ++m_at;
    return m_at > begin;
  }
  // RFC 8259's number grammar, checked here because from_chars accepts more ("1.", "01").
  bool number(double& value) {
    skip_blanks();
    const std::size_t begin = m_at;
    if (m_at < m_text.size() && m_text[m_at] == '-') ++m_at;
    if (m_at < m_text.size() && m_text[m_at] == '0') {
      ++m_at;
    } else if (!digits()) {
      return false;
    }
    if (m_at < m_text.size() && m_text[m_at] == '.' && (++m_at, !digits())) return false;
    if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
      ++m_at;
      if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-')) ++m_at;
      if (!digits()) return false;
    }
    const auto [end, error] = std::from_chars(m_text.data() + begin, m_text.data() + m_at, value);
    return error == std::errc{} && end == m_text.data() + m_at;
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  TrailEntry& m_entry;
};

bool is_action(std::string_view action) { return action == "retry_with_delay" || action == "stop_retry"; }

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "2026-11-29T23..." -> true: the trail's UTC ISO-8601 time, at least to the hour.
bool looks_like_time(std::string_view time) {
  return time.size() >= 13 && is_digits(time.substr(0, 4)) && time[4] == '-' && is_digits(time.substr(5, 2)) &&
         time[7] == '-' && is_digits(time.substr(8, 2)) && time[10] == 'T' && is_digits(time.substr(11, 2));
}

// Cuts at a UTF-8 character boundary so a shortened text stays valid UTF-8.
std::string shortened(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

std::size_t category_index(heuristics::Category category) {
  const auto& all = heuristics::k_all_categories;
  return static_cast<std::size_t>(std::find(all.begin(), all.end(), category) - all.begin());
}

struct TestStats {
  long retries = 0;
  long stops = 0;
  std::string last_category;
  std::string first_seen;
  std::string last_seen;
  double duration_sum = 0.0;
  long duration_count = 0;
  long reruns_without_duration = 0;
  long avoided_without_duration = 0;
};

struct ShapeStats {
  std::string fingerprint, category, rule, last_seen;
  long count = 0;
};

struct RuleStats {
  std::string category;
  long decisions = 0, retries = 0, stops = 0;
};

// Finds or adds `key`, or answers the pool once the table holds `cap` keys.
template <typename Stats>
Stats& slot(std::unordered_map<std::string, Stats>& table, const std::string& key, std::size_t cap,
            Stats& pool, long& overflow) {
  if (auto found = table.find(key); found != table.end()) return found->second;
  if (table.size() >= cap) {
    ++overflow;
    return pool;
  }
  return table.emplace(key, Stats{}).first->second;
}

void note_seen(std::string& first, std::string& last, const std::string& time) {
  if (time.empty()) return;
  if (first.empty() || time < first) first = time;
  if (time > last) last = time;
}

using Days = std::chrono::sys_days;

std::optional<Days> parse_day(std::string_view label) {
  const auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (char c : label.substr(at, length)) value = value * 10 + (c - '0');
    return value;
  };
  const std::chrono::year_month_day day{std::chrono::year{number(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  if (!day.ok()) return std::nullopt;
  return Days{day};
}

std::string day_label(Days day) {
  const std::chrono::year_month_day ymd{day};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

}  // namespace

std::string iso_utc(std::int64_t unix_seconds) {
  const std::time_t seconds = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  return buffer;
}

void TrailEntry::clear() {
  for (std::string* text : {&time, &test_id, &fingerprint, &category, &action, &source, &rule, &heuristic, &example}) {
    text->clear();
  }
  delay_s = 0.0;
  attempt = 1;
  max_attempts = 0;
  duration_s.reset();
}

bool read_trail_line(std::string_view line, TrailEntry& entry) {
  entry.clear();
  if (line.size() > k_max_line_bytes) return false;
  bool parsed = FlatScanner(line, entry).scan();
  if (!parsed) {
    entry.clear();
    LineReader reader(entry);
    try {
      parsed = json::sax_parse(line.begin(), line.end(), &reader, json::input_format_t::json, true);
    } catch (const json::exception&) {
      return false;
    }
  }
  return parsed && heuristics::parse_category(entry.category).has_value() && is_action(entry.action) &&
         !entry.source.empty();
}

long total(const CategoryCounts& counts) {
  long sum = 0;
  for (long count : counts) sum += count;
  return sum;
}

struct ReportBuilder::State {
  Report report;
  std::unordered_map<std::string, TestStats> tests;
  TestStats pooled_test;  // lines without a test id, and tests past the cap
  std::unordered_map<std::string, ShapeStats> shapes;
  ShapeStats pooled_shape;
  std::unordered_map<std::string, RuleStats> rules;
  RuleStats pooled_rule;
  std::unordered_map<std::string, CategoryCounts> hours;  // "2026-11-29T23"
  CategoryCounts pooled_hour{};
  double duration_sum = 0.0;
  long duration_count = 0;
  std::string shape_key;  // reused
};

ReportBuilder::ReportBuilder(Options options) : m_options(options), m_state(std::make_unique<State>()) {
  m_state->report.since_days = options.since_days;
  m_state->report.time.blanket_reruns = options.blanket_reruns;
  if (options.since_days) {
    const std::int64_t now = options.now_unix != 0
                                 ? options.now_unix
                                 : std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
    m_cutoff = iso_utc(now - std::int64_t{*options.since_days} * 86400);
  }
}

ReportBuilder::~ReportBuilder() = default;

void ReportBuilder::add_line(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  if (line.empty()) return;
  if (!read_trail_line(line, m_entry)) {
    ++m_state->report.skipped_lines;
    return;
  }
  add_entry(m_entry);
}

void ReportBuilder::add_stream(std::istream& in) {
  std::string line;
  while (std::getline(in, line)) add_line(line);
}

void ReportBuilder::add_entry(const TrailEntry& entry) {
  State& state = *m_state;
  Report& report = state.report;
  const bool dated = looks_like_time(entry.time);
  if (!m_cutoff.empty() && (!dated || entry.time < m_cutoff)) {
    ++report.filtered_out;
    return;
  }
  const auto category = heuristics::parse_category(entry.category);
  if (!category) {
    ++report.skipped_lines;
    return;
  }
  const std::size_t index = category_index(*category);
  const bool retry = entry.action == "retry_with_delay";
  const std::size_t cap = m_options.max_keys;

  ++report.decisions;
  ++report.by_category[index];
  ++report.by_source[entry.source];
  ++report.by_action[entry.action];
  if (entry.source == "ai") {
    ++report.ai_decisions;
    if (entry.heuristic == entry.category) ++report.ai_agreed;
  }
  if (dated) {
    note_seen(report.first_time, report.last_time, entry.time);
    ++slot(state.hours, entry.time.substr(0, 13), cap, state.pooled_hour, report.overflow_keys)[index];
  } else {
    ++report.undated;
  }

  TestStats& test = entry.test_id.empty()
                        ? state.pooled_test
                        : slot(state.tests, entry.test_id, cap, state.pooled_test, report.overflow_keys);
  (retry ? test.retries : test.stops) += 1;
  test.last_category = entry.category;
  if (dated) note_seen(test.first_seen, test.last_seen, entry.time);

  // Rerun time: each retry is one rerun; each stop saves what a blanket --reruns N would still run.
  RerunTime& time = report.time;
  const int budget = m_options.blanket_reruns ? *m_options.blanket_reruns + 1 : entry.max_attempts;
  const long avoided = retry ? 0 : std::max(0, budget - entry.attempt);
  if (retry) {
    ++time.reruns;
    time.waited_s += entry.delay_s;
  } else {
    ++time.stopped;
    time.reruns_avoided += avoided;
  }
  if (entry.duration_s) {
    const double duration = *entry.duration_s;
    ++time.lines_with_duration;
    state.duration_sum += duration;
    ++state.duration_count;
    test.duration_sum += duration;
    ++test.duration_count;
    time.ran_s += retry ? duration : 0.0;
    time.saved_s += static_cast<double>(avoided) * duration;
  } else {
    test.reruns_without_duration += retry ? 1 : 0;
    test.avoided_without_duration += avoided;
  }

  state.shape_key.assign(entry.example.empty() ? "fingerprint:" : "example:")
      .append(entry.example.empty() ? entry.fingerprint : entry.example);
  ShapeStats& shape = slot(state.shapes, state.shape_key, cap, state.pooled_shape, report.overflow_keys);
  ++shape.count;
  shape.fingerprint = entry.fingerprint;
  shape.category = entry.category;
  shape.rule = entry.rule;
  if (entry.time > shape.last_seen) shape.last_seen = entry.time;

  RuleStats& rule = slot(state.rules, entry.rule, cap, state.pooled_rule, report.overflow_keys);
  ++rule.decisions;
  (retry ? rule.retries : rule.stops) += 1;
  rule.category = entry.category;
}

namespace {

template <typename Row, typename Less>
void keep_top(std::vector<Row>& rows, std::size_t top, Less less) {
  const std::size_t kept = std::min(top, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(kept), rows.end(), less);
  rows.resize(kept);
}

// Fills the gaps between the first and last bucket, so a quiet day shows as an empty bar.
std::vector<TimeBucket> day_buckets(const std::unordered_map<std::string, CategoryCounts>& hours) {
  std::map<std::string, CategoryCounts> days;
  for (const auto& [hour, counts] : hours) {
    auto& day = days[hour.substr(0, 10)];
    for (std::size_t i = 0; i < counts.size(); ++i) day[i] += counts[i];
  }
  std::vector<TimeBucket> buckets;
  std::optional<Days> previous;
  for (const auto& [label, counts] : days) {
    const auto day = parse_day(label);
    if (day && previous) {
      for (Days gap = *previous + std::chrono::days{1}; gap < *day; gap += std::chrono::days{1}) {
        buckets.push_back({day_label(gap), {}});
      }
    }
    if (day) previous = day;
    buckets.push_back({label, counts});
  }
  return buckets;
}

std::vector<TimeBucket> hour_buckets(const std::unordered_map<std::string, CategoryCounts>& hours) {
  const std::map<std::string, CategoryCounts> sorted(hours.begin(), hours.end());
  std::vector<TimeBucket> buckets;
  if (sorted.empty()) return buckets;
  const std::string day = sorted.begin()->first.substr(0, 10);
  const int first = std::stoi(sorted.begin()->first.substr(11, 2));
  const int last = std::stoi(sorted.rbegin()->first.substr(11, 2));
  for (int hour = first; hour <= last; ++hour) {
    const std::string two = (hour < 10 ? "0" : "") + std::to_string(hour);
    const auto found = sorted.find(day + "T" + two);
    buckets.push_back({day + " " + two + "h", found == sorted.end() ? CategoryCounts{} : found->second});
  }
  return buckets;
}

}  // namespace

Report ReportBuilder::finish(const HistorySource* history) {
  State& state = *m_state;
  Report report = std::move(state.report);
  state.report = Report{};

  bool one_day = true;
  for (const auto& [hour, counts] : state.hours) {
    if (hour.compare(0, 10, state.hours.begin()->first, 0, 10) != 0) one_day = false;
  }
  report.granularity = one_day ? "hour" : "day";
  report.over_time = one_day ? hour_buckets(state.hours) : day_buckets(state.hours);
  if (report.over_time.size() > m_options.max_buckets) {
    report.buckets_omitted = static_cast<long>(report.over_time.size() - m_options.max_buckets);
    report.over_time.erase(report.over_time.begin(), report.over_time.begin() + report.buckets_omitted);
  }

  // Durations a line did not carry: the test's mean, else the mean over every test.
  RerunTime& time = report.time;
  const double overall_mean = state.duration_count > 0 ? state.duration_sum / static_cast<double>(state.duration_count) : 0.0;
  const auto estimate = [&](const TestStats& test) {
    const long missing = test.reruns_without_duration + test.avoided_without_duration;
    if (missing == 0) return;
    if (test.duration_count == 0 && state.duration_count == 0) {
      time.without_any_duration += missing;
      return;
    }
    const double mean = test.duration_count > 0 ? test.duration_sum / static_cast<double>(test.duration_count) : overall_mean;
    time.ran_estimated_s += static_cast<double>(test.reruns_without_duration) * mean;
    time.saved_estimated_s += static_cast<double>(test.avoided_without_duration) * mean;
  };
  for (const auto& [id, test] : state.tests) estimate(test);
  estimate(state.pooled_test);
  time.ran_s += time.ran_estimated_s;
  time.saved_s += time.saved_estimated_s;

  for (const auto& [id, test] : state.tests) {
    if (test.retries > 0) {
      report.most_retried.push_back({id, test.retries, test.stops, test.last_category, test.first_seen, test.last_seen});
    }
  }
  keep_top(report.most_retried, m_options.top, [](const RetriedTest& a, const RetriedTest& b) {
    return a.retries != b.retries ? a.retries > b.retries : a.test_id < b.test_id;
  });

  for (const auto& [key, shape] : state.shapes) {
    const bool by_example = key.starts_with("example:");
    report.signatures.push_back({by_example ? shortened(std::string_view(key).substr(8), k_max_example_bytes) : "",
                                 shape.fingerprint, shape.category, shape.rule, shape.count, shape.last_seen});
  }
  keep_top(report.signatures, m_options.top, [](const SignatureRow& a, const SignatureRow& b) {
    return a.count != b.count ? a.count > b.count : a.example + a.fingerprint < b.example + b.fingerprint;
  });

  for (const auto& [name, rule] : state.rules) {
    report.rules.push_back({name, rule.category, rule.decisions, rule.retries, rule.stops, {}, {}});
  }
  keep_top(report.rules, m_options.top, [](const RuleRow& a, const RuleRow& b) {
    return a.decisions != b.decisions ? a.decisions > b.decisions : a.rule < b.rule;
  });

  if (history) {
    report.has_history = true;
    report.flakiest = history->flakiest_tests(m_options.top, m_options.since_days);
    for (RuleRow& rule : report.rules) {
      if (const auto outcomes = history->rule_outcomes(rule.rule)) {
        rule.retries_with_outcome = outcomes->retries_with_outcome;
        rule.retries_then_passed = outcomes->retries_then_passed;
      }
    }
  }
  m_state = std::make_unique<State>();
  return report;
}

}  // namespace flakyd::report
