#include "heuristics/rule_engine.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>

namespace flakyd::heuristics {

// Exception-chain markers ride along in the rule Set (after the rules), so learning whether a
// trace holds a chain costs no extra pass; only present markers are then located with memmem.
constexpr std::array<std::string_view, 6> k_chain_markers = {
    "The above exception was the direct cause of the following exception",
    "During handling of the above exception, another exception occurred",
    "Caused by:",
    " ---> ",
    "[cause]:",
    "---- ",  // xUnit/vstest inner exceptions; only lines that qualify (is_xunit_inner) count
};
constexpr std::size_t k_xunit_marker = 5;
constexpr unsigned k_all_markers = (1u << k_chain_markers.size()) - 1;

struct RuleEngine::Compiled {
  std::unique_ptr<re2::RE2::Set> set;
  std::vector<std::unique_ptr<re2::RE2>> locators;  // one per rule, to find the span
};

namespace {

constexpr double k_outside_root_weight = 0.7;
constexpr double k_assertion_message_weight = 0.5;
constexpr std::size_t k_max_evidence = 120;
constexpr int64_t k_set_max_mem = 64 << 20;

re2::RE2::Options pattern_options() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  return options;
}

std::string describe_pattern_error(const std::string& pattern, const std::string& error,
                                   const std::string& fragment) {
  std::string message = "invalid pattern: " + error;
  if (!fragment.empty()) {
    const auto offset = pattern.find(fragment);
    if (offset != std::string::npos) {
      message += " (at byte " + std::to_string(offset) + ": '" + fragment + "')";
    }
  }
  return message;
}

flakyd::expected<void, RuleError> validate(const Rule& rule) {
  if (rule.id.empty()) return flakyd::unexpected(RuleError{"", "rule without an id"});
  if (!(rule.confidence >= 0.0 && rule.confidence <= 1.0)) {
    return flakyd::unexpected(RuleError{rule.id, "confidence must be within [0, 1]"});
  }
  if (rule.pattern.empty()) return flakyd::unexpected(RuleError{rule.id, "empty pattern"});
  return {};
}

void mix(std::uint64_t& hash, std::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  hash ^= 0xff;  // field separator
  hash *= 0x100000001b3ULL;
}

std::string digest_of(const std::vector<Rule>& rules) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& rule : rules) {
    mix(hash, rule.id);
    mix(hash, to_string(rule.category));
    mix(hash, rule.pattern);
    mix(hash, std::to_string(rule.confidence));
    mix(hash, std::to_string(rule.languages));
    mix(hash, std::to_string(rule.advice.base_delay_s.value_or(-1)));
    mix(hash, std::to_string(rule.advice.max_delay_s.value_or(-1)));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

std::string printable_evidence(std::string_view text) {
  std::string out;
  out.reserve(std::min(text.size(), k_max_evidence));
  for (char c : text.substr(0, k_max_evidence)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u < 0x20 || u >= 0x7f ? ' ' : c);
  }
  if (text.size() > k_max_evidence) out += "...";
  return out;
}

// Evidence after an assertion on the same line is the assertion's own message.
void demote_assertion_messages(std::string_view text, std::span<Hit> hits) {
  for (const Hit& assertion : hits) {
    if (!assertion.rule->asserts) continue;
    const auto line_end = text.find('\n', assertion.begin);
    for (Hit& hit : hits) {
      if (hit.rule->asserts || hit.in_assertion_message || hit.begin <= assertion.begin) continue;
      if (line_end != std::string_view::npos && hit.begin > line_end) continue;
      hit.in_assertion_message = true;
      hit.score *= k_assertion_message_weight;
    }
  }
}

// glibc's memmem is a two-way search with SIMD skips; string_view::find/rfind compare byte by
// byte from every candidate position and showed up as a quarter of classification time.
std::size_t find_first(std::string_view text, std::string_view needle, std::size_t from = 0) {
  if (from >= text.size()) return std::string_view::npos;
  const void* found = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data())
               : std::string_view::npos;
}

std::size_t find_last(std::string_view text, std::string_view needle) {
  std::size_t last = std::string_view::npos;
  for (auto at = find_first(text, needle); at != std::string_view::npos;
       at = find_first(text, needle, at + 1)) {
    last = at;
  }
  return last;
}

// xUnit and vstest print an inner exception on its own line as "---- Namespace.TypeException :
// message" (eight dashes for the next level down). A run of dashes that merely draws a rule
// ("---- Captured stdout ----") has no dotted type name followed by " : ".
bool is_xunit_inner(std::string_view text, std::size_t at) {
  std::size_t line = at;
  while (line > 0 && text[line - 1] == '-') --line;
  while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) --line;
  if (line > 0 && text[line - 1] != '\n') return false;
  std::size_t i = at + 5;
  const std::size_t name_begin = i;
  bool dotted = false;
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '.') {
      dotted = true;
    } else if (!std::isalnum(c) && c != '_' && c != '`') {
      break;
    }
  }
  return i > name_begin && dotted && text.substr(i, 3) == " : ";
}

std::size_t find_last_xunit_inner(std::string_view text) {
  std::size_t last = std::string_view::npos;
  for (auto at = find_first(text, k_chain_markers[k_xunit_marker]); at != std::string_view::npos;
       at = find_first(text, k_chain_markers[k_xunit_marker], at + 1)) {
    if (is_xunit_inner(text, at)) last = at;
  }
  return last;
}

}  // namespace

RootCauseSpan find_root_cause(std::string_view text, unsigned present_markers) {
  auto present = [&](std::size_t marker) { return (present_markers >> marker) & 1u; };
  std::size_t first_python = std::string_view::npos;
  for (std::size_t marker : {0u, 1u}) {
    if (present(marker)) first_python = std::min(first_python, find_first(text, k_chain_markers[marker]));
  }
  if (first_python != std::string_view::npos) return {0, first_python, true};

  if (const auto java = present(2) ? find_last(text, k_chain_markers[2]) : std::string_view::npos;
      java != std::string_view::npos) {
    return {java, text.size(), true};
  }
  if (const auto dotnet = present(3) ? find_last(text, k_chain_markers[3]) : std::string_view::npos;
      dotnet != std::string_view::npos) {
    const auto end = find_first(text, "--- End of inner exception", dotnet);
    return {dotnet, end == std::string_view::npos ? text.size() : end, true};
  }
  if (const auto xunit = present(k_xunit_marker) ? find_last_xunit_inner(text) : std::string_view::npos;
      xunit != std::string_view::npos) {
    return {xunit, text.size(), true};
  }
  if (const auto js = present(4) ? find_last(text, k_chain_markers[4]) : std::string_view::npos;
      js != std::string_view::npos) {
    return {js, text.size(), true};
  }
  return {0, text.size(), false};
}

RootCauseSpan find_root_cause(std::string_view text) { return find_root_cause(text, k_all_markers); }

flakyd::expected<RuleEngine, RuleError> RuleEngine::compile(std::vector<Rule> rules,
                                                         EngineOptions options) {
  std::erase_if(rules, [](const Rule& rule) { return !rule.enabled; });
  RuleEngine engine;
  engine.m_options = options;
  auto set_options = pattern_options();
  set_options.set_max_mem(k_set_max_mem);
  engine.m_compiled = std::make_unique<Compiled>();
  auto& set = engine.m_compiled->set;
  auto& locators = engine.m_compiled->locators;
  set = std::make_unique<re2::RE2::Set>(set_options, re2::RE2::UNANCHORED);
  locators.reserve(rules.size());
  for (const auto& rule : rules) {
    if (auto valid = validate(rule); !valid) return flakyd::unexpected(valid.error());
    auto locator = std::make_unique<re2::RE2>(rule.pattern, pattern_options());
    if (!locator->ok()) {
      return flakyd::unexpected(RuleError{
          rule.id, describe_pattern_error(rule.pattern, locator->error(), locator->error_arg())});
    }
    std::string set_error;
    if (set->Add(rule.pattern, &set_error) < 0) {
      return flakyd::unexpected(RuleError{rule.id, "invalid pattern: " + set_error});
    }
    locators.push_back(std::move(locator));
  }
  for (auto marker : k_chain_markers) {
    if (set->Add(re2::RE2::QuoteMeta(re2::StringPiece(marker.data(), marker.size())), nullptr) < 0) {
      return flakyd::unexpected(RuleError{"", "internal chain marker failed to compile"});
    }
  }
  if (!set->Compile()) {
    return flakyd::unexpected(RuleError{"", "the rule set exceeds RE2's memory budget"});
  }
  engine.m_pack_digest = digest_of(rules);
  engine.m_rules = std::move(rules);
  return engine;
}

const Rule* RuleEngine::find(std::string_view id) const {
  const auto found = std::find_if(m_rules.begin(), m_rules.end(), [&](const Rule& rule) { return rule.id == id; });
  return found == m_rules.end() ? nullptr : &*found;
}

RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;
RuleEngine::~RuleEngine() = default;

std::vector<int> RuleEngine::matching_rules(std::string_view text, Language language,
                                           bool& matcher_error, unsigned* markers) const {
  std::vector<int> matched;
  if (text.empty()) return matched;
  re2::RE2::Set::ErrorInfo error_info{};
  if (!m_compiled->set->Match(re2::StringPiece(text.data(), text.size()), &matched, &error_info)) {
    if (error_info.kind != re2::RE2::Set::kNoError) matcher_error = true;
    matched.clear();
  }
  const auto rule_count = static_cast<int>(m_rules.size());
  std::erase_if(matched, [&](int index) {
    if (index >= rule_count) {
      if (markers) *markers |= 1u << (index - rule_count);
      return true;
    }
    return !applies_to(m_rules[static_cast<std::size_t>(index)].languages, language);
  });
  return matched;
}

bool RuleEngine::locate(Hit& hit, std::string_view text, const RootCauseSpan& root) const {
  const re2::RE2& locator = *m_compiled->locators[static_cast<std::size_t>(hit.rule - m_rules.data())];
  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece span;
  const bool in_root = locator.Match(piece, root.begin, root.end, re2::RE2::UNANCHORED, &span, 1);
  if (!in_root && !locator.Match(piece, 0, text.size(), re2::RE2::UNANCHORED, &span, 1)) {
    return false;  // the set and the locator disagree only on resource exhaustion
  }
  hit.begin = static_cast<std::size_t>(span.data() - text.data());
  hit.end = hit.begin + span.size();
  hit.matched = std::string_view(span.data(), span.size());
  hit.in_root_cause = in_root || !root.chained;
  hit.located = true;
  return true;
}

Verdict RuleEngine::classify(const FailureText& failure) const {
  Verdict verdict;
  unsigned markers = 0;
  auto trace_matches = matching_rules(failure.trace, failure.language, verdict.matcher_error, &markers);
  const RootCauseSpan trace_root = find_root_cause(failure.trace, markers);
  // The headline is the outermost exception the runner saw: outside the root when chained.
  const RootCauseSpan headline_root{0, trace_root.chained ? 0 : std::string_view::npos,
                                    trace_root.chained};
  struct Source {
    std::string_view text;
    Origin origin;
    RootCauseSpan root;
  };
  const Source sources[] = {
      {failure.trace, Origin::trace, trace_root},
      {failure.exception_type, Origin::headline, headline_root},
      {failure.message, Origin::headline, headline_root},
  };
  auto root_for = [&](const Source& source) {
    RootCauseSpan root = source.root;
    root.end = std::min(root.end, source.text.size());
    return root;
  };

  std::vector<std::pair<const Source*, std::vector<int>>> candidates;
  bool any_assertion = false;
  for (const auto& source : sources) {
    auto matched = source.origin == Origin::trace
                       ? std::move(trace_matches)
                       : matching_rules(source.text, failure.language, verdict.matcher_error, nullptr);
    for (int index : matched) any_assertion |= m_rules[static_cast<std::size_t>(index)].asserts;
    candidates.emplace_back(&source, std::move(matched));
  }
  // Spans change scores only in a chain or next to an assertion; otherwise only the winner's
  // span is needed, which saves one scan of the text per matching rule.
  const bool spans_matter = trace_root.chained || any_assertion || failure.want_spans;
  for (const auto& [source, matched] : candidates) {
    const std::size_t first_new = verdict.hits.size();
    for (int index : matched) {
      Hit hit;
      hit.rule = &m_rules[static_cast<std::size_t>(index)];
      hit.origin = source->origin;
      hit.source_text = source->text;
      if (spans_matter && !locate(hit, source->text, root_for(*source))) continue;
      hit.score = hit.rule->confidence * (hit.in_root_cause ? 1.0 : k_outside_root_weight);
      verdict.hits.push_back(hit);
    }
    if (spans_matter) demote_assertion_messages(source->text, std::span(verdict.hits).subspan(first_new));
  }

  // Best first: score, then confidence, then pack order (pointer order is pack order).
  std::stable_sort(verdict.hits.begin(), verdict.hits.end(), [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.rule->confidence != b.rule->confidence) return a.rule->confidence > b.rule->confidence;
    return a.rule < b.rule;
  });
  // Keep one hit per rule (the better one when trace and headline both match).
  std::vector<Hit> unique;
  for (const auto& hit : verdict.hits) {
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const Hit& seen) { return seen.rule == hit.rule; })) {
      unique.push_back(hit);
    }
  }
  verdict.hits = std::move(unique);
  if (verdict.hits.empty() || verdict.hits.front().score < m_options.min_score) return verdict;

  Hit& best = verdict.hits.front();
  if (!best.located) {
    // Failures end with their verdict line more often than not: look in the tail first, and
    // scan the whole text only when the evidence is elsewhere.
    constexpr std::size_t k_tail = 1024;
    const std::size_t size = best.source_text.size();
    const RootCauseSpan tail{size > k_tail ? size - k_tail : 0, size, false};
    if (!locate(best, best.source_text, tail)) locate(best, best.source_text, {0, size, false});
  }
  verdict.rule = best.rule;
  verdict.category = best.rule->category;
  verdict.confidence = best.score;
  verdict.evidence = printable_evidence(best.matched);
  return verdict;
}

}  // namespace flakyd::heuristics
