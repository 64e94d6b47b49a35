#include "redact/redactor.hpp"

#include "support/ci_log.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "redact/group_split.hpp"
#include "redact/validators.hpp"
#include "support/re2_options.hpp"

namespace flakyd::redact {

// How a rule finds the secret inside one of its matches (see group_split.hpp).
struct GroupLocator {
  bool whole_match = false;                  // the group is the whole match: nothing to do
  std::unique_ptr<re2::RE2> context;         // CONTEXT of CONTEXT(SECRET); null: group starts it
  std::unique_ptr<re2::RE2> secret;          // SECRET, to confirm the split; null: use captures
};

// A slice of the rules, in order, and the Set of their prefilter patterns (indices into the Set
// are offsets from first_rule).
struct PrefilterShard {
  std::unique_ptr<re2::RE2::Set> set;
  std::size_t first_rule = 0;
  std::size_t rule_count = 0;
};

struct Redactor::Compiled {
  std::vector<PrefilterShard> prefilter;
  std::vector<std::unique_ptr<re2::RE2>> matchers;
  // For word_start rules: the pattern after a line start or a non-word byte. After a match that
  // starts inside a word, it finds the next candidate in one pass; retrying byte by byte would
  // rescan a long match once per byte ("xsk-xsk-xsk-..." took 12 s for 200 KB).
  std::vector<std::unique_ptr<re2::RE2>> boundary_matchers;
  std::vector<GroupLocator> locators;
  std::vector<std::size_t> dump_rules;  // Extent::dump_elements rules, kept out of the Set
  std::unique_ptr<re2::RE2::Set> allow;
  std::size_t allow_count = 0;
};

struct Redactor::Span {
  std::size_t begin;
  std::size_t end;
  std::size_t rule;
};

namespace {

// Secret patterns never match a newline (see redactor.hpp), so a secret lies within one line and
// the text can be scanned in chunks of whole lines without missing a match across a boundary.
re2::RE2::Options line_options() {
  auto options = byte_pattern_options();
  options.set_never_nl(true);
  return options;
}

// \C matches any byte, newline included, even under never_nl: it would break the one-line promise.
bool uses_any_byte_escape(std::string_view pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'C') return true;
    ++i;  // skip the escaped character ("\\C" is a backslash then a C)
  }
  return false;
}

// The text is scanned in chunks of at least k_chunk_bytes of whole lines. Measured on 4 KiB
// traces (bench/bench_core.cpp): 256 bytes balances the Set's per-call cost on clean text
// against the rules' rescans of flagged chunks; a second, line-by-line Set pass over flagged
// chunks cost more than it saved.
constexpr std::size_t k_chunk_bytes = 256;

// The prefilter is split into Sets of at most k_rules_per_shard rules (in rule order), each with
// its own DFA budget. One Set of all the rules (522) builds a new DFA state for most bytes of a
// failure it has not seen, each state listing every rule's live position; the states real
// failures reach outgrew a 64 MiB budget, so its cache was flushed and rebuilt over and over. A
// smaller Set's states are smaller and the shards' states do not multiply: the failure corpus's
// 21,803 chunks took 18 s in one Set and 115-340 ms in 2 to 16 Sets of the same total budget.
// The price is a Set call per shard on text whose states are all cached (bench BM_Redact/4096/0
// about 4x slower with 128 rules a Set; BM_RedactCorpus/0, unseen failures, about 3.5x faster).
constexpr std::size_t k_rules_per_shard = 128;
constexpr int64_t k_shard_max_mem = int64_t{32} << 20;

// End of the chunk of whole lines that starts at `begin`.
std::size_t chunk_end(std::string_view text, std::size_t begin) {
  if (text.size() - begin <= k_chunk_bytes) return text.size();
  const auto newline = text.find('\n', begin + k_chunk_bytes);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

// The prefilter Set only has to say which rules may match in a chunk, so it may accept more
// than the rules do. (This loosening is the fallback; required_factor, below, usually gives a
// smaller piece.) Counted repetitions are what make an unanchored DFA over a hundred rules
// large: "AKIA[A-Z0-9]{16}" or "sk-[A-Za-z0-9]{20,}" keep a counter alive for every place the
// prefix was seen, and the Set's DFA needs a state for every combination of live counters and
// loops (on a base64 blob: millions of states, 2 MB/s while they are built). So in the Set:
//  - once a pattern has shown three literal characters ("ghp_", "AKIA", ".atlasv1."), it is cut
//    at its first counted repetition x{n,m} with n >= 1, keeping min(n, 6) x ("AKIA[A-Z0-9]{6}"),
//    unless the cut would drop an alternative of an enclosing group ("(EAAA|sq0atp-)..|sq0csp-..");
//    literals made optional by '?' or '*' ("(?:bot)?") do not count;
//  - other counters x{n,m} become x+ (x* when n is 0).
// Both give a superset: whatever the rule matches, its prefilter matches there too. Counters on
// a group ("(?:\d[ -]?){12,18}") and short ones ("\d{1,3}", "={0,2}") stay as they are:
// loosened, they would flag nearly every chunk.
// The index of the ']' closing the character class opened at `open` (a leading '^' and a ']'
// right after it belong to the class), or p.size() when it never closes.
std::size_t class_close(std::string_view p, std::size_t open) {
  std::size_t i = open + 1;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;
  while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
  return std::min(i, p.size());
}

std::string relaxed_for_prefilter(std::string_view pattern) {
  constexpr long k_short = 4;
  constexpr int k_literal_prefix = 3;
  constexpr long k_kept = 6;  // "https?://([0-9a-f]{32})" keeps 6 hex digits, not every URL
  // Which groups (by the offset of their '(') hold a '|' of their own; npos: the top level.
  std::vector<std::size_t> alternated;
  {
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const char c = pattern[i];
      if (c == '\\') { ++i; continue; }
      if (c == '[') {
        i = class_close(pattern, i);
        continue;
      }
      if (c == '(') open.push_back(i);
      if (c == ')' && !open.empty()) open.pop_back();
      if (c == '|') alternated.push_back(open.empty() ? std::string_view::npos : open.back());
    }
  }
  auto has_alternatives = [&](std::size_t group) {
    return std::find(alternated.begin(), alternated.end(), group) != alternated.end();
  };

  std::string out;
  out.reserve(pattern.size());
  std::vector<std::size_t> open;        // offsets of the groups open at this point
  std::vector<int> literals_at_open;    // `literals` when each open group began
  bool last_atom_is_group = false;
  int literals = 0;                     // mandatory literal characters so far
  int literals_before_atom = 0;         // `literals` before the last atom
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\\') {
      const char escaped = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
      literals_before_atom = literals;
      out.append(pattern.substr(i, 2));
      if (!std::isalnum(static_cast<unsigned char>(escaped))) ++literals;  // "\." is a '.'
      i += 2;
      last_atom_is_group = false;
      continue;
    }
    if (c == '[') {  // copy the class whole: '{' inside it is a literal
      const std::size_t j = std::min(class_close(pattern, i) + 1, pattern.size());
      literals_before_atom = literals;
      out.append(pattern.substr(i, j - i));
      i = j;
      last_atom_is_group = false;
      continue;
    }
    if (c == '{') {
      std::size_t j = i + 1;
      long low = 0;
      long high = -1;  // -1: no upper bound
      bool digits = false;
      while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j]))) {
        low = low * 10 + (pattern[j++] - '0');
        digits = true;
      }
      if (digits && j < pattern.size() && pattern[j] == ',') {
        ++j;
        if (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j]))) {
          high = 0;
          while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j]))) {
            high = high * 10 + (pattern[j++] - '0');
          }
        }
      } else {
        high = low;
      }
      if (digits && j < pattern.size() && pattern[j] == '}') {
        const bool short_counter = high >= 0 && high <= k_short;
        if (last_atom_is_group || short_counter) {
          out.append(pattern.substr(i, j + 1 - i));
          i = j + 1;
          continue;
        }
        const bool can_cut = low >= 1 && literals >= k_literal_prefix &&
                             !has_alternatives(std::string_view::npos) &&
                             std::none_of(open.begin(), open.end(), has_alternatives);
        if (can_cut) {
          // x is already in `out`: repeat it up to k_kept times, close the open groups, stop.
          const long kept = std::min(low, k_kept);
          if (kept > 1) out += "{" + std::to_string(kept) + "}";
          out.append(open.size(), ')');
          return out;
        }
        out += low == 0 ? '*' : '+';
        i = j + 1;
        continue;
      }
    }
    if ((c == '?' || c == '*') && i > 0 && pattern[i - 1] != '(') {
      literals = literals_before_atom;  // the last atom may be absent: its literals are optional
    }
    if (c == '(') {
      open.push_back(i);
      literals_at_open.push_back(literals);
    }
    if (c == ')' && !open.empty()) {
      open.pop_back();
      literals_before_atom = literals_at_open.back();
      literals_at_open.pop_back();
      out += c;
      last_atom_is_group = true;
      ++i;
      continue;
    }
    if (c == '(' && i + 1 < pattern.size() && pattern[i + 1] == '?') {
      // "(?i)", "(?:": copy the group's opening whole so its flags are not counted as literals
      std::size_t j = i + 2;
      while (j < pattern.size() && pattern[j] != ':' && pattern[j] != ')') ++j;
      if (j < pattern.size() && pattern[j] == ')') {  // a flags group closes at once
        open.pop_back();
        literals_at_open.pop_back();
      }
      out.append(pattern.substr(i, std::min(j + 1, pattern.size()) - i));
      i = j + 1;
      last_atom_is_group = false;
      continue;
    }
    if (c != '?' && c != '*' && c != '+' && c != '|' && c != '(') literals_before_atom = literals;
    out += c;
    constexpr std::string_view k_plain = "_-~:/\"=@<>";
    if (std::isalnum(static_cast<unsigned char>(c)) || k_plain.find(c) != std::string_view::npos) {
      ++literals;
    }
    last_atom_is_group = c == ')';
    ++i;
  }
  return out;
}

// A better prefilter still: a required factor. Whatever a pattern matches, every contiguous
// piece of its top-level concatenation occurs in the text too, so the Set may hold just the piece
// with the most literal characters and no loop ("@(?:tcp|unix)\(" for a Go DSN, "\.atlasv1\."
// for Terraform, "hooks\.slack\.com/" for a webhook). A Set of loop-free pieces behaves like a
// keyword automaton: few states, built once. Patterns without such a piece (three literal
// characters at least) fall back to relaxed_for_prefilter.
namespace factor {

struct Element {
  std::string text;        // the atom as written, without its quantifier
  std::string quantifier;  // "", "?", "{2}", "*", "+", "{3,}", ...
  int literals = 0;        // literal characters it is sure to contribute
  bool loop = false;       // unbounded or long: cannot be inside a piece
  long min = 1;            // repetitions it is sure to have
  bool zero_width = false;
  // A group's score as a piece of its own: the least any alternative scores, so that
  // "(?:passwords?|[_-]pw|secret|...)" counts its class and two letters in every alternative.
  int group_worth = 0;
};

// What an element adds to a piece's score: 2 per literal character, 1 for another atom that
// consumes text, or what its alternatives are sure to score.
int worth(const Element& e) {
  const bool consumes = e.literals == 0 && !e.zero_width && e.min > 0;
  return std::max(2 * e.literals + (consumes ? 1 : 0), e.group_worth);
}

std::size_t group_end(std::string_view p, std::size_t open) {  // index of the matching ')'
  int depth = 0;
  for (std::size_t i = open; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') { ++i; continue; }
    if (c == '[') {
      i = class_close(p, i);
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

bool has_top_level_bar(std::string_view p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') { ++i; continue; }
    if (c == '[') {
      i = class_close(p, i);
      continue;
    }
    if (c == '(') {
      const auto close = group_end(p, i);
      if (close == std::string_view::npos) return true;
      i = close;
      continue;
    }
    if (c == '|') return true;
  }
  return false;
}

bool contains_loop(std::string_view p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\') { ++i; continue; }
    if (c == '[') {
      i = class_close(p, i);
      continue;
    }
    if (c == '*' || c == '+') return true;
    if (c == '{') {  // a counter up to 6 is no loop; anything else unclear counts as one
      const auto close = p.find('}', i);
      if (close == std::string_view::npos) return true;
      const auto comma = p.find(',', i);
      const auto high =
          comma < close ? p.substr(comma + 1, close - comma - 1) : p.substr(i + 1, close - i - 1);
      try {
        if (high.empty() || std::stol(std::string(high)) > 6) return true;
      } catch (...) {
        return true;
      }
    }
  }
  return false;
}

// The fewest literal characters any alternative of `p` contributes (a rough, safe count).
int min_literals(std::string_view p);
int min_worth(std::string_view p);

// "?i:", "?-i:", "?s:": the opening of a group that scopes flags (not a name or a lookaround).
bool scopes_flags(std::string_view inner) {
  const auto colon = inner.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;
  return inner.substr(1, colon - 1).find_first_not_of("imsU-") == std::string_view::npos;
}

// Splits `p` into top-level elements, flattening plain groups (no quantifier, no '|').
// Returns false when the pattern is beyond this small parser; the caller then falls back.
bool split(std::string_view p, std::vector<Element>& out) {
  for (std::size_t i = 0; i < p.size();) {
    Element e;
    const char c = p[i];
    std::size_t next = i + 1;
    if (c == '|' ) return false;  // top-level alternation: no single required piece
    if (c == '\\') {
      if (i + 1 >= p.size()) return false;
      const char x = p[i + 1];
      next = i + 2;
      e.text = std::string(p.substr(i, 2));
      if (x == 'b' || x == 'B' || x == 'A' || x == 'z') e.zero_width = true;
      else if (!std::isalnum(static_cast<unsigned char>(x))) e.literals = 1;
    } else if (c == '[') {
      const std::size_t j = class_close(p, i);
      if (j >= p.size()) return false;
      next = j + 1;
      e.text = std::string(p.substr(i, next - i));
    } else if (c == '(') {
      const auto close = group_end(p, i);
      if (close == std::string_view::npos) return false;
      next = close + 1;
      std::string_view inner = p.substr(i + 1, close - i - 1);
      bool flags_only = false;
      std::string opening = "(?:";
      if (inner.starts_with("?")) {
        if (inner.starts_with("?:")) {
          inner.remove_prefix(2);
        } else if (inner.find(':') == std::string_view::npos) {
          flags_only = true;  // "(?i)"
        } else if (scopes_flags(inner)) {  // "(?-i:P)": kept whole, its flags with it
          opening = "(" + std::string(inner.substr(0, inner.find(':') + 1));
          inner.remove_prefix(inner.find(':') + 1);
        } else {
          return false;  // "(?P<name>...)": leave to the fallback
        }
      }
      const bool quantified =
          next < p.size() && std::string_view("?*+{").find(p[next]) != std::string_view::npos;
      if (flags_only) {
        e.text = std::string(p.substr(i, next - i));
        e.zero_width = true;
      } else if (!quantified && !has_top_level_bar(inner) && opening == "(?:") {
        if (!split(inner, out)) return false;
        i = next;
        continue;
      } else {
        e.text = opening + std::string(inner) + ")";
        e.literals = min_literals(inner);
        e.group_worth = min_worth(inner);
        e.loop = contains_loop(inner);
      }
    } else if (c == '^' || c == '$') {
      e.text = std::string(1, c);
      e.zero_width = true;
    } else if (c == '.' ) {
      e.text = ".";
    } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
      return false;  // a quantifier without an atom: not ours to parse
    } else {
      e.text = std::string(1, c);
      e.literals = 1;
    }
    // The quantifier, if any.
    std::size_t q = next;
    if (q < p.size() && (p[q] == '?' || p[q] == '*' || p[q] == '+')) {
      e.quantifier = std::string(1, p[q]);
      e.min = p[q] == '+' ? 1 : 0;
      e.loop = e.loop || p[q] != '?';
      ++q;
    } else if (q < p.size() && p[q] == '{') {
      const auto close = p.find('}', q);
      if (close == std::string_view::npos) return false;
      const std::string body(p.substr(q + 1, close - q - 1));
      const auto comma = body.find(',');
      try {
        e.min = std::stol(body.substr(0, comma));
        const long max = comma == std::string::npos ? e.min
                         : comma + 1 == body.size() ? -1 : std::stol(body.substr(comma + 1));
        e.loop = e.loop || max < 0 || max > 6;
      } catch (...) {
        return false;
      }
      e.quantifier = std::string(p.substr(q, close + 1 - q));
      q = close + 1;
    }
    if (q < p.size() && p[q] == '?' && !e.quantifier.empty()) ++q;  // lazy
    if (!e.quantifier.empty()) {
      e.literals = e.min == 0 ? 0 : e.literals * static_cast<int>(std::min(e.min, 6L));
      if (e.min == 0) e.group_worth = 0;
    }
    out.push_back(std::move(e));
    i = q;
  }
  return true;
}

// The least `score(elements)` of any alternative of `p` (0 when beyond the parser: safe).
template <typename Score>
int least_over_alternatives(std::string_view p, Score score) {
  int best = -1;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= p.size(); ++i) {
    bool bar = i == p.size();
    if (!bar) {
      const char c = p[i];
      if (c == '\\') { ++i; continue; }
      if (c == '[') {
        i = class_close(p, i);
        continue;
      }
      if (c == '(') {
        const auto close = group_end(p, i);
        if (close == std::string_view::npos) return 0;
        i = close;
        continue;
      }
      bar = c == '|';
    }
    if (!bar) continue;
    std::vector<Element> elements;
    const int count = split(p.substr(start, i - start), elements) ? score(elements) : 0;
    best = best < 0 ? count : std::min(best, count);
    start = i + 1;
  }
  return std::max(best, 0);
}

int min_literals(std::string_view p) {
  return least_over_alternatives(p, [](const std::vector<Element>& elements) {
    int count = 0;
    for (const auto& e : elements) count += e.literals;
    return count;
  });
}

int min_worth(std::string_view p) {
  return least_over_alternatives(p, [](const std::vector<Element>& elements) {
    int count = 0;
    for (const auto& e : elements) count += worth(e);
    return count;
  });
}

// The element as it may appear at the edge of a piece: a loop or long counter cut to one copy
// (none when it may be absent). More copies cut false candidates but add DFA states: measured on
// real traces, one copy builds the Set's states 1.5x faster than six, and runs faster warm too.
std::string bounded(const Element& e) {
  if (!e.loop) return e.text + e.quantifier;
  if (e.quantifier.empty()) return relaxed_for_prefilter(e.text);  // loops inside a group
  return e.min == 0 ? "" : e.text;
}

}  // namespace factor

std::string required_factor(std::string_view pattern) {
  // A piece scores 2 per literal character and 1 per other atom that consumes text; it needs 5
  // ("AKIA", "Q~" with a class on each side, "\d:A" and a class).
  constexpr int k_min_score = 5;
  std::string flags;
  std::string_view body = pattern;
  if (body.starts_with("(?") && body.size() > 2) {  // leading "(?i)" / "(?im)": keep it in front
    const auto close = body.find(')');
    const auto colon = body.find(':');
    if (close != std::string_view::npos && (colon == std::string_view::npos || colon > close)) {
      flags = std::string(body.substr(0, close + 1));
      body.remove_prefix(close + 1);
    }
  }
  std::vector<factor::Element> elements;
  if (!factor::split(body, elements)) return {};
  int best_score = 0;
  std::string best;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    // A piece: elements[i..j]; loops may only stand at its two ends, cut to one copy.
    // A piece never opens with a class: "[A-Za-z0-9]{3}\\dQ~" would keep the last bytes' classes
    // in every DFA state for no selectivity; "Q~" scores the same without them.
    if (!elements[i].zero_width && elements[i].literals == 0) continue;
    std::string text;
    int score = 0;
    for (std::size_t j = i; j < elements.size(); ++j) {
      const auto& e = elements[j];
      const int worth = factor::worth(e);
      if (e.loop && j != i) {
        const std::string edge = factor::bounded(e);
        if (score + worth > best_score && score + worth >= k_min_score) {
          best_score = score + worth;
          best = text + edge;
        }
        break;
      }
      text += e.loop ? factor::bounded(e) : e.text + e.quantifier;
      score += worth;
      if (score > best_score && score >= k_min_score) {
        best_score = score;
        best = text;
      }
    }
  }
  if (best.empty()) return {};
  return flags + best;
}

}  // namespace

std::string prefilter_pattern(std::string_view pattern) {
  std::string piece = required_factor(pattern);
  if (!piece.empty()) {
    const re2::RE2 check(piece, line_options());
    if (check.ok()) return piece;
  }
  return relaxed_for_prefilter(pattern);
}

namespace {

std::vector<SecretRule> select_rules(const RedactorOptions& options) {
  std::vector<SecretRule> rules;
  for (const auto& rule : builtin_secret_rules()) {
    if (!options.use_builtin_rules) break;
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
        std::to_string(rule.word_start) + "/" + std::to_string(static_cast<int>(rule.extent)));
  }
  for (const auto& pattern : allow) mix(pattern);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

GroupLocator make_locator(const SecretRule& rule) {
  GroupLocator locator;
  if (rule.group == 0) {
    locator.whole_match = true;
    return locator;
  }
  const auto split = split_at_group(rule.pattern, rule.group);
  if (!split) return locator;
  if (split->context.empty()) {
    locator.whole_match = true;
    return locator;
  }
  auto context = std::make_unique<re2::RE2>(split->context, line_options());
  auto secret = std::make_unique<re2::RE2>(split->secret, line_options());
  // A part that does not compile on its own (it should) just means: use captures.
  if (context->ok() && secret->ok()) {
    locator.context = std::move(context);
    locator.secret = std::move(secret);
  }
  return locator;
}

bool is_word_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// A word starts at the text's start, after a non-word byte, or right after an escape whose last
// byte is a word character: a percent escape ("x-access-token%3Aghp_..." in a URL-encoded URL, the
// escaped ':' is a separator though the byte before "ghp_" is 'A'), and a backslash escape of a
// JSON or C string ("...\nghp_..." in a JSON log line, "\u003cghp_..." from Go's encoder,
// "\x3dAKIA..."), where 'n', 'c' or 'd' stand for a newline, '<' or '=', and a colour code
// written as text: Docker's JSON log files and JSON loggers keep ESC as "\u001b" ("\u001b[31mghp_").
bool after_escaped_colour(std::string_view text, std::size_t position) {
  std::size_t at = position - 1;  // the colour code's final letter
  if (!std::isalpha(static_cast<unsigned char>(text[at]))) return false;
  while (at > 0 && (std::isdigit(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == ';')) --at;
  if (at == 0 || text[at - 1] != '[') return false;
  const auto before = text.substr(0, at - 1);
  // "^[" is ESC in caret notation, as `cat -v`, less without -R and pasted terminal output show it.
  for (std::string_view esc : {"\\u001b", "\\u001B", "\\x1b", "\\x1B", "\\033", "\\e", "^["}) {
    if (before.ends_with(esc)) return true;
  }
  return false;
}

bool starts_word(std::string_view text, std::size_t position) {
  if (position == 0 || !is_word_byte(text[position - 1])) return true;
  if (after_escaped_colour(text, position)) return true;
  const auto escape_of = [&](std::size_t length) {
    return position >= length ? text.substr(position - length, length) : std::string_view();
  };
  if (const auto percent = escape_of(3); percent.size() == 3) {
    if (percent[0] == '%' && is_hex_digit(percent[1]) && is_hex_digit(percent[2])) return true;
  }
  // A percent escape encoded twice ("%253A" for ':' in a URL carried inside another URL's query).
  if (const auto twice = escape_of(5); twice.size() == 5) {
    if (twice.starts_with("%25") && is_hex_digit(twice[3]) && is_hex_digit(twice[4])) return true;
  }
  if (const auto control = escape_of(2); control.size() == 2 && control[0] == '\\') {
    if (control[1] == 'n' || control[1] == 't' || control[1] == 'r' || control[1] == 'f' || control[1] == 'b') {
      return true;
    }
  }
  if (const auto hex = escape_of(4); hex.size() == 4 && hex[0] == '\\' && hex[1] == 'x') {
    if (is_hex_digit(hex[2]) && is_hex_digit(hex[3])) return true;
  }
  const auto unicode = escape_of(6);
  return unicode.size() == 6 && unicode[0] == '\\' && unicode[1] == 'u' && is_hex_digit(unicode[2]) &&
         is_hex_digit(unicode[3]) && is_hex_digit(unicode[4]) && is_hex_digit(unicode[5]);
}

}  // namespace

flakyd::expected<Redactor, RedactError> Redactor::create(RedactorOptions options) {
  Redactor redactor;
  redactor.m_rules = select_rules(options);
  redactor.m_compiled = std::make_unique<Compiled>();
  auto& compiled = *redactor.m_compiled;
  auto set_options = line_options();
  set_options.set_max_mem(k_shard_max_mem);
  // The built-in rules' prefilters are checked by tests (a superset on both corpora); a user's
  // pattern may use syntax the small parsers behind prefilter_pattern do not know ("\x{41}",
  // "\Q..\E", "[[:alpha:]]"), so the Set holds it as written.
  const std::size_t builtin_count = redactor.m_rules.size() - options.extra_rules.size();
  for (std::size_t index = 0; index < redactor.m_rules.size(); ++index) {
    const auto& rule = redactor.m_rules[index];
    if (uses_any_byte_escape(rule.pattern)) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind +
                                            "': \\C is not allowed (a secret pattern matches within one line)"});
    }
    auto matcher = std::make_unique<re2::RE2>(rule.pattern, line_options());
    if (!matcher->ok()) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': invalid pattern: " +
                                         matcher->error()});
    }
    if (rule.group < 0 || rule.group > matcher->NumberOfCapturingGroups()) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': group " +
                                         std::to_string(rule.group) + " does not exist"});
    }
    std::string error;
    // A dump rule keeps its place in the Set (indices are rule indices) with a pattern that
    // never matches: a word boundary that is none.
    constexpr std::string_view k_never = "\\b\\B";
    const bool dump = rule.extent == Extent::dump_elements;
    if (dump) compiled.dump_rules.push_back(index);
    const std::string prefilter = dump                   ? std::string(k_never)
                                  : index < builtin_count ? prefilter_pattern(rule.pattern)
                                                          : rule.pattern;
    if (index % k_rules_per_shard == 0) {
      compiled.prefilter.push_back(
          PrefilterShard{std::make_unique<re2::RE2::Set>(set_options, re2::RE2::UNANCHORED), index, 0});
    }
    PrefilterShard& shard = compiled.prefilter.back();
    ++shard.rule_count;
    if (shard.set->Add(prefilter, &error) < 0) {
      return flakyd::unexpected(RedactError{"secret rule '" + rule.kind + "': " + error});
    }
    compiled.matchers.push_back(std::move(matcher));
    compiled.locators.push_back(make_locator(rule));
    std::unique_ptr<re2::RE2> boundary;
    if (rule.word_start) {
      boundary = std::make_unique<re2::RE2>(
          "(?:(?m:^)|[^A-Za-z0-9_]|%(?:25)?[0-9A-Fa-f]{2}|\\\\[ntrfb]|\\\\x[0-9A-Fa-f]{2}|\\\\u[0-9A-Fa-f]{4}|(?:\\\\u001[bB]|\\\\x1[bB]|\\\\033|\\\\e|\\^\\[)\\[[0-9;]*[A-Za-z])(?:" +
              rule.pattern + ")", line_options());
      if (!boundary->ok()) boundary.reset();  // then the byte-by-byte retry stays
    }
    compiled.boundary_matchers.push_back(std::move(boundary));
  }
  for (auto& shard : compiled.prefilter) {
    if (!shard.set->Compile()) {
      return flakyd::unexpected(RedactError{"secret rules exceed RE2's memory budget"});
    }
  }
  compiled.allow = std::make_unique<re2::RE2::Set>(byte_pattern_options(), re2::RE2::ANCHOR_BOTH);
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

bool Redactor::encodes_secret(std::string_view candidate, std::size_t& scanned) const {
  // Each level of nesting decodes to 3/4 of its length and needs 24 characters, so the
  // recursion through find_spans ends; text that is base64 all the way down costs at most four
  // scans in all (1 + 3/4 + 9/16 + ...), any other text far less.
  const std::string decoded = decoded_text(candidate);
  if (decoded.empty()) return false;
  const auto spans = find_spans(decoded, scanned);
  return std::any_of(spans.begin(), spans.end(), [&](const Span& span) {
    const Validator validator = m_rules[span.rule].validator;
    return validator != Validator::email && validator != Validator::public_ipv4;
  });
}

std::string_view Redactor::locate_secret(std::size_t rule_index, std::string_view text,
                                         std::string_view match) const {
  const GroupLocator& locator = m_compiled->locators[rule_index];
  if (locator.whole_match) return match;
  const re2::StringPiece piece(text.data(), text.size());
  const auto begin = static_cast<std::size_t>(match.data() - text.data());
  const std::size_t end = begin + match.size();
  if (locator.context) {
    re2::StringPiece context;
    if (locator.context->Match(piece, begin, end, re2::RE2::ANCHOR_START, &context, 1)) {
      const std::size_t secret_begin = begin + context.size();
      if (locator.secret->Match(piece, secret_begin, end, re2::RE2::ANCHOR_BOTH, nullptr, 0)) {
        return text.substr(secret_begin, end - secret_begin);
      }
    }
  }
  const int group = m_rules[rule_index].group;
  std::vector<re2::StringPiece> captures(static_cast<std::size_t>(group) + 1);
  if (m_compiled->matchers[rule_index]->Match(piece, begin, end, re2::RE2::ANCHOR_BOTH,
                                              captures.data(), group + 1)) {
    const auto& secret = captures[static_cast<std::size_t>(group)];
    return {secret.data(), secret.size()};
  }
  return match;
}

void Redactor::collect_spans(std::size_t rule_index, std::string_view text, std::size_t begin,
                             std::size_t end, std::vector<Span>& spans, std::size_t& resume,
                             std::size_t& scanned) const {
  const SecretRule& rule = m_rules[rule_index];
  const re2::RE2& matcher = *m_compiled->matchers[rule_index];
  const re2::StringPiece piece(text.data(), text.size());
  std::size_t position = std::max(begin, resume);
  re2::StringPiece whole;
  // An unanchored search reads from where it starts to its match's end, or to `end` when it
  // finds none. (An anchored check reads only as far as the pattern can still match: the
  // match's own length, not counted.)
  const auto searched = [&](std::size_t from, const re2::StringPiece& found, bool hit) {
    scanned += (hit ? static_cast<std::size_t>(found.data() - text.data()) + found.size() : end) - from;
    return hit;
  };
  // Find whole matches first (DFA only, fast); extract the secret's group from the match alone.
  // The whole text stays visible as context, so ^, \b and word_start see the real neighbours.
  while (position <= end &&
         searched(position, whole, matcher.Match(piece, position, end, re2::RE2::UNANCHORED, &whole, 1))) {
    const auto match_begin = static_cast<std::size_t>(whole.data() - text.data());
    const std::size_t match_end = match_begin + whole.size();
    if (rule.word_start && !starts_word(text, match_begin)) {
      // Not at a boundary: the next candidate is where the pattern follows a line start, a
      // non-word byte or a percent escape. It starts at that byte, just after it or after the
      // escape (whichever the pattern allows).
      const re2::RE2* boundary = m_compiled->boundary_matchers[rule_index].get();
      if (boundary == nullptr) {
        position = match_begin + 1;
        continue;
      }
      re2::StringPiece next;
      if (!searched(match_begin, next, boundary->Match(piece, match_begin, end, re2::RE2::UNANCHORED, &next, 1))) {
        break;
      }
      const auto next_begin = static_cast<std::size_t>(next.data() - text.data());
      const bool here = starts_word(text, next_begin) &&
                        matcher.Match(piece, next_begin, end, re2::RE2::ANCHOR_START, nullptr, 0);
      position = std::max(here ? next_begin : next_begin + 1, match_begin + 1);
      continue;
    }
    if (rule.extent == Extent::cookie_pairs || rule.extent == Extent::call_arguments ||
        rule.extent == Extent::dump_elements) {
      // One header holds many cookies, one call many arguments, one dump many elements: each
      // generated-looking value is a span of its own.
      const auto values = rule.extent == Extent::cookie_pairs     ? cookie_values(text, match_end)
                          : rule.extent == Extent::call_arguments ? call_arguments(text, match_end)
                                                                  : dump_elements(text, match_begin);
      for (const std::string_view value : values) {
        const auto value_begin = static_cast<std::size_t>(value.data() - text.data());
        if (passes(rule.validator, text, value_begin, value_begin + value.size()) && !allowed(value)) {
          spans.push_back(Span{value_begin, value_begin + value.size(), rule_index});
        }
      }
      position = std::max(match_end, position + 1);
      continue;
    }
    if (rule.extent == Extent::printenv_values) {
      // One command prints many values: each secret's is a span of its own.
      const std::string_view names = locate_secret(rule_index, text, std::string_view(whole.data(), whole.size()));
      for (const std::string_view value : printenv_values(text, names, match_end)) {
        const auto value_begin = static_cast<std::size_t>(value.data() - text.data());
        if (passes(rule.validator, text, value_begin, value_begin + value.size()) && !allowed(value)) {
          spans.push_back(Span{value_begin, value_begin + value.size(), rule_index});
        }
      }
      position = std::max(match_end, position + 1);
      continue;
    }
    const std::string_view secret =
        locate_secret(rule_index, text, std::string_view(whole.data(), whole.size()));
    if (secret.data() != nullptr && !secret.empty()) {
      std::size_t secret_begin = static_cast<std::size_t>(secret.data() - text.data());
      std::size_t secret_end = secret_begin + secret.size();
      const std::size_t match_secret_end = secret_end;
      if (rule.extent == Extent::pem_block) {
        const PemBody body = pem_body(text, secret_end, pem_block_end(text, secret_end));
        secret_begin = body.begin;
        secret_end = body.end;
      }
      if (rule.extent == Extent::base64_lines) secret_end = base64_lines_end(text, secret_end);
      scanned += secret_end - match_secret_end;  // a key block's lines, walked to find its end
      if (rule.extent == Extent::next_line_value || rule.extent == Extent::next_argument ||
          rule.extent == Extent::value_field || rule.extent == Extent::which_is_value ||
          rule.extent == Extent::colon_hex_lines) {
        // No lone value on the next line leaves an empty span: nothing to redact.
        const std::string_view value = rule.extent == Extent::next_line_value   ? next_line_value(text, secret_end)
                                       : rule.extent == Extent::next_argument   ? next_argument(text, secret_end)
                                       : rule.extent == Extent::which_is_value  ? which_is_value(text, secret_end)
                                       : rule.extent == Extent::colon_hex_lines ? colon_hex_lines(text, secret_end)
                                                                                : value_field_after(text, secret_end);
        secret_begin = value.empty() ? secret_end : static_cast<std::size_t>(value.data() - text.data());
        secret_end = secret_begin + value.size();
      }
      if (secret_end > secret_begin && passes(rule.validator, text, secret_begin, secret_end) &&
          !allowed(text.substr(secret_begin, secret_end - secret_begin)) &&
          (rule.validator != Validator::base64_text ||
           encodes_secret(text.substr(secret_begin, secret_end - secret_begin), scanned))) {
        spans.push_back(Span{secret_begin, secret_end, rule_index});
        // A key block runs on over later lines (and chunks): matches inside it are part of it.
        // Scanning on after it keeps a text of 40 000 key-like lines linear.
        const bool multi_line =
            rule.extent == Extent::pem_block || rule.extent == Extent::base64_lines;
        if (multi_line && secret_end > match_end) {
          resume = std::max(resume, secret_end);
          position = secret_end;  // past the match: the loop moves on
          continue;
        }
      }
    }
    // Step past the match; an empty match still moves one byte so the loop always ends.
    position = std::max(match_end, position + 1);
  }
}

std::vector<const PrefilterShard*> Redactor::shards_matching(std::string_view text, std::size_t& scanned) const {
  std::vector<const PrefilterShard*> shards;
  shards.reserve(m_compiled->prefilter.size());
  // One chunk: the chunk loop asks every shard anyway. Longer text: a shard whose Set matches
  // nowhere in the whole text has no candidate in any of its chunks (a rule's own match is read
  // in the whole text too), and one call that may stop at its first match costs less than a call
  // per chunk: a clean 4 KiB trace asks each shard once instead of sixteen times.
  if (text.size() <= k_chunk_bytes) {
    for (const PrefilterShard& shard : m_compiled->prefilter) shards.push_back(&shard);
    return shards;
  }
  const re2::StringPiece whole(text.data(), text.size());
  for (const PrefilterShard& shard : m_compiled->prefilter) {
    re2::RE2::Set::ErrorInfo error{re2::RE2::Set::kNoError};
    scanned += text.size();
    if (shard.set->Match(whole, nullptr, &error) || error.kind != re2::RE2::Set::kNoError) shards.push_back(&shard);
  }
  return shards;
}

std::vector<Redactor::Span> Redactor::find_spans(std::string_view text, std::size_t& scanned) const {
  std::vector<Span> spans;
  std::vector<int> candidates;
  std::vector<std::size_t> resume(m_rules.size(), 0);
  const std::vector<const PrefilterShard*> shards = shards_matching(text, scanned);
  for (std::size_t chunk = 0; chunk < text.size() && !shards.empty();) {
    const std::size_t chunk_stop = chunk_end(text, chunk);
    // The Set sees the chunk as a whole text; that only widens what it reports (a chunk's start
    // looks like a text start), so every real match in the chunk is among its candidates.
    const re2::StringPiece piece(text.data() + chunk, chunk_stop - chunk);
    scanned += piece.size();  // the shards read the chunk side by side: one pass, a fixed few Sets
    for (const PrefilterShard* shard_pointer : shards) {
      const PrefilterShard& shard = *shard_pointer;
      re2::RE2::Set::ErrorInfo error{re2::RE2::Set::kNoError};
      if (shard.set->Match(piece, &candidates, &error)) {
        for (int index : candidates) {
          const std::size_t rule = shard.first_rule + static_cast<std::size_t>(index);
          collect_spans(rule, text, chunk, chunk_stop, spans, resume[rule], scanned);
        }
      } else if (error.kind != re2::RE2::Set::kNoError) {
        // The Set's DFA gave up (its memory budget ran out on hostile input): "no candidate"
        // would be a guess, so each of its rules scans the chunk itself (an RE2 falls back to
        // its NFA).
        for (std::size_t rule = shard.first_rule; rule < shard.first_rule + shard.rule_count; ++rule) {
          collect_spans(rule, text, chunk, chunk_stop, spans, resume[rule], scanned);
        }
      }
    }
    chunk = chunk_stop;
  }
  for (const std::size_t rule : m_compiled->dump_rules) collect_dump_spans(rule, text, spans, scanned);
  return spans;
}

void Redactor::collect_dump_spans(std::size_t rule_index, std::string_view text, std::vector<Span>& spans,
                                  std::size_t& scanned) const {
  // The next occurrence of each opening bracket at or after `from` (memchr: vectorised, and each
  // bracket's search only moves forward, so the walk is linear).
  const auto find = [&](char bracket, std::size_t from) {
    const void* hit = from < text.size() ? std::memchr(text.data() + from, bracket, text.size() - from) : nullptr;
    return hit == nullptr ? text.size() : static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
  };
  std::array<std::size_t, k_dump_openers.size()> next{};
  for (std::size_t k = 0; k < next.size(); ++k) next[k] = find(k_dump_openers[k], 0);
  const auto refresh = [&](std::size_t from) {
    for (std::size_t k = 0; k < next.size(); ++k) {
      if (next[k] < from) next[k] = find(k_dump_openers[k], from);
    }
  };
  // A search costs a call into RE2 even where it fails at once, and a stack trace has brackets on
  // most lines: a dump's opening is checked by hand first.
  std::size_t resume = 0;
  for (std::size_t from = 0; from < text.size();) {
    refresh(from);
    const std::size_t open = *std::min_element(next.begin(), next.end());
    if (open >= text.size()) break;
    if (open < resume || !opens_host_or_database_url(text, open)) {
      from = open + 1;
      continue;
    }
    const std::size_t line_end = std::min(text.find('\n', open), text.size());
    collect_spans(rule_index, text, open, line_end, spans, resume, scanned);
    from = std::max(open + 1, resume);
  }
}

namespace {

// Where `needle` occurs in `text`, leftmost first and not overlapping: an occurrence that overlaps
// a found one is already partly covered by its placeholder, so it is no longer whole. glibc's
// memmem is the two-way algorithm, linear in the bytes it scans, and each search starts past the
// last match, so the whole walk is linear.
std::vector<std::size_t> occurrences(std::string_view text, std::string_view needle) {
  std::vector<std::size_t> starts;
  std::size_t from = 0;
  while (from + needle.size() <= text.size()) {
    const void* hit = memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
    if (hit == nullptr) break;
    const auto start = static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
    starts.push_back(start);
    from = start + needle.size();
  }
  return starts;
}

// A value distinctive enough to redact wherever it recurs: long, one line, letters and digits.
// Short or plain words ("postgres", "changeme") would take ordinary text with them. The upper
// bound only keeps a pathological span from being searched for; registry passwords are long (an
// ECR login password is about 2 KB of base64, and a script echoes it before `docker login` takes it).
bool distinctive(std::string_view value) {
  constexpr std::size_t k_min = 12;
  constexpr std::size_t k_max = 8192;
  if (value.size() < k_min || value.size() > k_max || value.find('\n') != std::string_view::npos) return false;
  const bool digit = std::any_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool letter = std::any_of(value.begin(), value.end(),
                                  [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
  return digit && letter;
}

}  // namespace

void Redactor::add_repeats(std::string_view text, std::vector<Span>& spans) const {
  // Bounded so a text full of secrets stays linear: at most this many values are looked for again.
  constexpr std::size_t k_max_values = 16;
  std::vector<Span> firsts;
  for (const Span& span : spans) {
    const std::string_view value = text.substr(span.begin, span.end - span.begin);
    if (!distinctive(value)) continue;
    const bool seen = std::any_of(firsts.begin(), firsts.end(), [&](const Span& first) {
      return text.substr(first.begin, first.end - first.begin) == value;
    });
    if (seen) continue;
    firsts.push_back(span);
    if (firsts.size() == k_max_values) break;
  }
  for (const Span& first : firsts) {
    const std::string_view value = text.substr(first.begin, first.end - first.begin);
    for (std::size_t start : occurrences(text, value)) {
      if (start != first.begin) spans.push_back(Span{start, start + value.size(), first.rule});
    }
  }
}

namespace {

// Sorted, with overlapping spans merged into one named after the one that starts first (the same
// span: the earlier, more specific rule names it).
template <typename Span>
std::vector<Span> merged(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.rule < b.rule;
  });
  std::vector<Span> out;
  for (const Span& span : spans) {
    if (!out.empty() && span.begin < out.back().end) {
      out.back().end = std::max(out.back().end, span.end);
    } else {
      out.push_back(span);
    }
  }
  return out;
}

bool token_byte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' || c == '+' ||
         c == '/' || c == '=';
}

// "NAME=value" on the next line of an environment dump or a JVM's "-Dname=value" list is an
// assignment, neither a wrapped token's end nor its middle, even when it is exactly as wide. So
// is an empty "NAME_WITH_UNDERSCORES=": base64 pads with '=' but has no '_', base64url the reverse.
bool looks_like_assignment(std::string_view piece) {
  const auto padding = piece.find_last_not_of('=');
  if (padding == std::string_view::npos) return false;
  const bool equals_inside = piece.substr(0, padding).find('=') != std::string_view::npos;
  const bool padded_name = padding + 1 < piece.size() && piece.find('_') != std::string_view::npos;
  return equals_inside || padded_name;
}

// A token wrapped at the terminal's width: a secret that ends its line exactly where that line is
// as wide as the lines after it (80, 100, 132 columns...) runs on over them. Each following line
// exactly that wide, of token characters only and random-looking, is part of it, and so is the run
// of token characters that opens the line after those (the token's end, before " reason=..").
// Without a full line, that run counts only when it is 16 or more random-looking characters.
// `spans` are merged (sorted, disjoint). A span that starts inside text an earlier span's run-on
// already took is left to the merge that follows, so every line is read at most once: linear
// (a wrapped token every other line would otherwise rescan the rest of the text per token).
template <typename Span>
void extend_wrapped_tokens(std::string_view text, std::vector<Span>& spans) {
  constexpr std::size_t k_min_width = 40;
  constexpr std::size_t k_max_width = 512;
  constexpr std::size_t k_min_token = 8;
  constexpr std::size_t k_min_partial = 16;
  std::size_t taken_until = 0;
  for (Span& span : spans) {
    if (span.begin < taken_until) continue;
    std::size_t end = span.end;
    std::size_t line_end = end;
    if (line_end < text.size() && text[line_end] == '\r') ++line_end;
    if (line_end >= text.size() || text[line_end] != '\n' || span.end - span.begin < k_min_token) continue;
    const std::string_view token = text.substr(span.begin, span.end - span.begin);
    if (!std::all_of(token.begin(), token.end(), token_byte)) continue;
    const auto line_start = text.rfind('\n', span.begin == 0 ? 0 : span.begin - 1);
    const std::size_t first = line_start == std::string_view::npos || line_start >= span.begin ? 0 : line_start + 1;
    const std::size_t width = end - first;
    if (width < k_min_width || width > k_max_width) continue;
    bool full_line_seen = false;
    while (line_end < text.size() && text[line_end] == '\n') {
      const std::size_t next = line_end + 1;
      std::size_t run = next;
      while (run < text.size() && run - next <= width && token_byte(text[run])) ++run;
      const std::string_view piece = text.substr(next, run - next);
      const bool at_line_end = run >= text.size() || text[run] == '\n' || text[run] == '\r';
      const bool assignment = looks_like_assignment(piece);
      if (piece.size() == width && at_line_end && !assignment && random_looking(piece)) {
        end = run;
        full_line_seen = true;
        line_end = run < text.size() && text[run] == '\r' ? run + 1 : run;
        continue;
      }
      const bool run_ends = at_line_end || text[run] == ' ' || text[run] == '\t';
      if (!piece.empty() && piece.size() < width && run_ends && !assignment &&
          (full_line_seen || (piece.size() >= k_min_partial && random_looking(piece)))) {
        end = run;
      }
      break;
    }
    span.end = end;
    taken_until = end;
  }
}

}  // namespace

Redaction Redactor::redact(std::string_view text) const {
  Redaction result;
  // Terminal escapes go first: a colour code against a secret ("\x1b[1mghp_...") hides where the
  // secret starts from every word boundary, so coloured CI output leaked it.
  std::string plain;
  if (ci_log::has_terminal_escapes(text)) {
    ci_log::remove_terminal_escapes(text, plain);
    text = plain;
  }
  // Repeats are looked for after merging: what is replaced is the merged span, whichever rules
  // (and in whichever order) found its parts.
  std::vector<Span> spans = merged(find_spans(text, result.scanned));
  extend_wrapped_tokens(text, spans);
  spans = merged(std::move(spans));
  add_repeats(text, spans);
  spans = merged(std::move(spans));
  result.text.reserve(text.size());
  std::size_t copied = 0;
  for (const Span& span : spans) {
    result.text.append(text, copied, span.begin - copied);
    const std::string& kind = m_rules[span.rule].kind;
    result.text += "[REDACTED:";
    result.text += kind;
    result.text += ']';
    // Keep the line structure (a PEM block spans lines) so line-based readers stay aligned.
    result.text.append(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(span.begin),
                                                           text.begin() + static_cast<std::ptrdiff_t>(span.end), '\n')),
                       '\n');
    result.kinds.push_back(kind);
    copied = span.end;
  }
  result.text.append(text, copied);
  result.count = result.kinds.size();
  return result;
}

}  // namespace flakyd::redact
