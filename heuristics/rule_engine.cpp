#include "heuristics/rule_engine.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <span>

namespace flakyd::heuristics {

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

std::expected<void, RuleError> validate(const Rule& rule) {
  if (rule.id.empty()) return std::unexpected(RuleError{"", "rule without an id"});
  if (!(rule.confidence >= 0.0 && rule.confidence <= 1.0)) {
    return std::unexpected(RuleError{rule.id, "confidence must be within [0, 1]"});
  }
  if (rule.pattern.empty()) return std::unexpected(RuleError{rule.id, "empty pattern"});
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

}  // namespace

RootCauseSpan find_root_cause(std::string_view text) {
  constexpr std::array<std::string_view, 2> k_python_markers = {
      "The above exception was the direct cause of the following exception",
      "During handling of the above exception, another exception occurred",
  };
  std::size_t first_python = std::string_view::npos;
  for (auto marker : k_python_markers) first_python = std::min(first_python, text.find(marker));
  if (first_python != std::string_view::npos) return {0, first_python, true};

  if (const auto java = text.rfind("Caused by:"); java != std::string_view::npos) {
    return {java, text.size(), true};
  }
  if (const auto dotnet = text.rfind(" ---> "); dotnet != std::string_view::npos) {
    const auto end = text.find("--- End of inner exception", dotnet);
    return {dotnet, end == std::string_view::npos ? text.size() : end, true};
  }
  if (const auto js = text.rfind("[cause]:"); js != std::string_view::npos) {
    return {js, text.size(), true};
  }
  return {0, text.size(), false};
}

std::expected<RuleEngine, RuleError> RuleEngine::compile(std::vector<Rule> rules,
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
    if (auto valid = validate(rule); !valid) return std::unexpected(valid.error());
    auto locator = std::make_unique<re2::RE2>(rule.pattern, pattern_options());
    if (!locator->ok()) {
      return std::unexpected(RuleError{
          rule.id, describe_pattern_error(rule.pattern, locator->error(), locator->error_arg())});
    }
    std::string set_error;
    if (set->Add(rule.pattern, &set_error) < 0) {
      return std::unexpected(RuleError{rule.id, "invalid pattern: " + set_error});
    }
    locators.push_back(std::move(locator));
  }
  if (!set->Compile()) {
    return std::unexpected(RuleError{"", "the rule set exceeds RE2's memory budget"});
  }
  engine.m_pack_digest = digest_of(rules);
  engine.m_rules = std::move(rules);
  return engine;
}

RuleEngine::RuleEngine(RuleEngine&&) noexcept = default;
RuleEngine& RuleEngine::operator=(RuleEngine&&) noexcept = default;
RuleEngine::~RuleEngine() = default;

void RuleEngine::collect_hits(std::string_view text, Origin origin, std::size_t root_begin,
                              std::size_t root_end, bool chained, Language language,
                              Verdict& verdict) const {
  if (text.empty()) return;
  std::vector<int> matched;
  re2::RE2::Set::ErrorInfo error_info{};
  const re2::StringPiece piece(text.data(), text.size());
  if (!m_compiled->set->Match(piece, &matched, &error_info)) {
    if (error_info.kind != re2::RE2::Set::kNoError) verdict.matcher_error = true;
    return;
  }
  const std::size_t first_new = verdict.hits.size();
  for (int index : matched) {
    const Rule& rule = m_rules[static_cast<std::size_t>(index)];
    if (!applies_to(rule.languages, language)) continue;
    const re2::RE2& locator = *m_compiled->locators[static_cast<std::size_t>(index)];
    re2::StringPiece span;
    bool in_root = locator.Match(piece, root_begin, root_end, re2::RE2::UNANCHORED, &span, 1);
    if (!in_root && !locator.Match(piece, 0, text.size(), re2::RE2::UNANCHORED, &span, 1)) {
      continue;  // the set and the locator disagree only on resource exhaustion: skip
    }
    Hit hit;
    hit.rule = &rule;
    hit.origin = origin;
    hit.begin = static_cast<std::size_t>(span.data() - text.data());
    hit.end = hit.begin + span.size();
    hit.matched = std::string_view(span.data(), span.size());
    hit.in_root_cause = in_root || !chained;
    hit.score = rule.confidence * (hit.in_root_cause ? 1.0 : k_outside_root_weight);
    verdict.hits.push_back(hit);
  }
  demote_assertion_messages(text, std::span(verdict.hits).subspan(first_new));
}

Verdict RuleEngine::classify(const FailureText& failure) const {
  Verdict verdict;
  const auto root = find_root_cause(failure.trace);
  collect_hits(failure.trace, Origin::trace, root.begin, root.end, root.chained, failure.language,
               verdict);
  // The headline is the outermost exception the runner saw: outside the root when chained.
  for (auto headline : {failure.exception_type, failure.message}) {
    const std::size_t empty_root = root.chained ? 0 : headline.size();
    collect_hits(headline, Origin::headline, 0, empty_root, root.chained, failure.language,
                 verdict);
  }
  // Best first: score, then confidence, then pack order (pointer order is pack order).
  std::stable_sort(verdict.hits.begin(), verdict.hits.end(), [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.rule->confidence != b.rule->confidence) return a.rule->confidence > b.rule->confidence;
    return a.rule < b.rule;
  });
  // Keep one hit per rule (the trace's, or the better one).
  std::vector<Hit> unique;
  for (const auto& hit : verdict.hits) {
    if (std::none_of(unique.begin(), unique.end(),
                     [&](const Hit& seen) { return seen.rule == hit.rule; })) {
      unique.push_back(hit);
    }
  }
  verdict.hits = std::move(unique);
  if (verdict.hits.empty() || verdict.hits.front().score < m_options.min_score) return verdict;

  const Hit& best = verdict.hits.front();
  verdict.rule = best.rule;
  verdict.category = best.rule->category;
  verdict.confidence = best.score;
  verdict.evidence = printable_evidence(best.matched);
  return verdict;
}

}  // namespace flakyd::heuristics
