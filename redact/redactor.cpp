#include "redact/redactor.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "redact/validators.hpp"

namespace flakyd::redact {

struct Redactor::Compiled {
  std::unique_ptr<re2::RE2::Set> prefilter;
  std::vector<std::unique_ptr<re2::RE2>> matchers;
  std::unique_ptr<re2::RE2::Set> allow;
  std::size_t allow_count = 0;
};

struct Redactor::Span {
  std::size_t begin;
  std::size_t end;
  std::size_t rule;
};

namespace {

re2::RE2::Options byte_options() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  return options;
}

std::vector<SecretRule> select_rules(const RedactorOptions& options) {
  std::vector<SecretRule> rules;
  for (const auto& rule : builtin_secret_rules()) {
    if (!options.redact_emails && rule.validator == Validator::email) continue;
    if (!options.redact_ip_addresses && rule.validator == Validator::public_ipv4) continue;
    rules.push_back(rule);
  }
  rules.insert(rules.end(), options.extra_rules.begin(), options.extra_rules.end());
  return rules;
}

std::string digest_of(const std::vector<SecretRule>& rules, const std::vector<std::string>& allow) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ULL;
    hash = (hash ^ 0xff) * 0x100000001b3ULL;
  };
  for (const auto& rule : rules) {
    mix(rule.kind);
    mix(rule.pattern);
    mix(std::to_string(rule.group) + "/" + std::to_string(static_cast<int>(rule.validator)) + "/" +
        std::to_string(rule.word_start));
  }
  for (const auto& pattern : allow) mix(pattern);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

}  // namespace

flakyd::expected<Redactor, RedactError> Redactor::create(RedactorOptions options) {
  Redactor redactor;
  redactor.m_rules = select_rules(options);
  redactor.m_compiled = std::make_unique<Compiled>();
  auto& compiled = *redactor.m_compiled;
  auto set_options = byte_options();
  set_options.set_max_mem(64 << 20);
  compiled.prefilter = std::make_unique<re2::RE2::Set>(set_options, re2::RE2::UNANCHORED);
  for (const auto& rule : redactor.m_rules) {
    auto matcher = std::make_unique<re2::RE2>(rule.pattern, byte_options());
    if (!matcher->ok()) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': invalid pattern: " +
                                         matcher->error()});
    }
    if (rule.group < 0 || rule.group > matcher->NumberOfCapturingGroups()) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': group " +
                                         std::to_string(rule.group) + " does not exist"});
    }
    std::string error;
    if (compiled.prefilter->Add(rule.pattern, &error) < 0) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': " + error});
    }
    compiled.matchers.push_back(std::move(matcher));
  }
  if (!compiled.prefilter->Compile()) {
    return flakyd::unexpected(RedactError{"secret rules exceed RE2's memory budget"});
  }
  compiled.allow = std::make_unique<re2::RE2::Set>(byte_options(), re2::RE2::ANCHOR_BOTH);
  for (std::size_t i = 0; i < options.allow_patterns.size(); ++i) {
    std::string error;
    if (compiled.allow->Add(options.allow_patterns[i], &error) < 0) {
      return flakyd::unexpected(
          RedactError{"allow pattern " + std::to_string(i + 1) + ": invalid pattern: " + error});
    }
  }
  compiled.allow_count = options.allow_patterns.size();
  if (!compiled.allow->Compile()) {
    return flakyd::unexpected(RedactError{"allow patterns exceed RE2's memory budget"});
  }
  redactor.m_digest = digest_of(redactor.m_rules, options.allow_patterns);
  return redactor;
}

Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;
Redactor::~Redactor() = default;

bool Redactor::allowed(std::string_view candidate) const {
  if (m_compiled->allow_count == 0) return false;
  std::vector<int> unused;
  return m_compiled->allow->Match(re2::StringPiece(candidate.data(), candidate.size()), &unused);
}

void Redactor::collect_spans(std::size_t rule_index, std::string_view text,
                             std::vector<Span>& spans) const {
  const SecretRule& rule = m_rules[rule_index];
  const re2::RE2& matcher = *m_compiled->matchers[rule_index];
  const re2::StringPiece piece(text.data(), text.size());
  std::vector<re2::StringPiece> captures(static_cast<std::size_t>(rule.group) + 1);
  std::size_t position = 0;
  re2::StringPiece whole;
  // Find whole matches first (DFA only, fast); extract the secret's group from the match alone.
  while (position <= text.size() &&
         matcher.Match(piece, position, text.size(), re2::RE2::UNANCHORED, &whole, 1)) {
    const auto match_begin = static_cast<std::size_t>(whole.data() - text.data());
    const std::size_t match_end = match_begin + whole.size();
    if (rule.word_start && match_begin > 0 && is_word_byte(text[match_begin - 1])) {
      position = match_begin + 1;  // not at a boundary: look again one byte further
      continue;
    }
    re2::StringPiece secret = whole;
    if (rule.group > 0 &&
        matcher.Match(piece, match_begin, match_end, re2::RE2::ANCHOR_BOTH, captures.data(),
                      rule.group + 1)) {
      secret = captures[static_cast<std::size_t>(rule.group)];
    }
    if (secret.data() != nullptr && !secret.empty()) {
      const auto begin = static_cast<std::size_t>(secret.data() - text.data());
      std::size_t end = begin + secret.size();
      if (rule.pem_block) end = pem_block_end(text, end);
      if (passes(rule.validator, text, begin, end) && !allowed(text.substr(begin, end - begin))) {
        spans.push_back(Span{begin, end, rule_index});
      }
    }
    // Step past the match; an empty match still moves one byte so the loop always ends.
    position = std::max(match_end, position + 1);
  }
}

Redaction Redactor::redact(std::string_view text) const {
  Redaction result;
  std::vector<int> candidates;
  if (!m_compiled->prefilter->Match(re2::StringPiece(text.data(), text.size()), &candidates)) {
    result.text.assign(text);
    return result;
  }
  std::vector<Span> spans;
  for (int index : candidates) collect_spans(static_cast<std::size_t>(index), text, spans);
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });

  result.text.reserve(text.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < spans.size();) {
    Span merged = spans[i];
    // Overlapping spans become one placeholder, named after the one that starts first.
    for (++i; i < spans.size() && spans[i].begin < merged.end; ++i) {
      merged.end = std::max(merged.end, spans[i].end);
    }
    result.text.append(text, copied, merged.begin - copied);
    const std::string& kind = m_rules[merged.rule].kind;
    result.text += "[REDACTED:";
    result.text += kind;
    result.text += ']';
    // Keep the line structure (a PEM block spans lines) so line-based readers stay aligned.
    result.text.append(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(merged.begin),
                                                           text.begin() + static_cast<std::ptrdiff_t>(merged.end), '\n')),
                       '\n');
    result.kinds.push_back(kind);
    copied = merged.end;
  }
  result.text.append(text, copied);
  result.count = result.kinds.size();
  return result;
}

}  // namespace flakyd::redact
