// PrefilteredSet: which of many patterns match a text, exactly what one RE2::Set of them would
// report, but quick on text it has not seen before. Header-only; include it only from a target
// that links RE2.
//
// Why not one RE2::Set: its DFA tracks every pattern's partial match at once, so each new text
// builds new states. On a repeated synthetic trace every state is cached (the rule engine's Set:
// 8 us for a 2 KiB trace); on a stream of different real failures the states never stop being
// built and flushed (4 ms a trace for the rule engine, 0.5 ms for the redactor's prefilter: bench
// BM_ClassifyCorpus, BM_RedactCorpus). The redactor keeps its one Set: it matches 256-byte chunks,
// where this class's fixed cost per call (an atom pass, then a pass per group) made its synthetic
// 4 KiB case several times slower.
//
// How: (1) RE2's FilteredRE2 computes, for each pattern, the literal atoms (3+ bytes) every match
// must contain; an Aho-Corasick automaton of all atoms (support/atom_matcher.hpp; case-insensitive:
// the atoms are lower-cased) runs over the whole text. (2) The patterns whose atoms are there
// are confirmed by small Sets of `group_size` patterns each; only groups holding a candidate run,
// plus those of patterns without any atom. A small group's DFA stays small enough to keep its
// states. Patterns are grouped by the shortest atom that makes them candidates: short atoms
// ("error", " in ") are in most texts, so the patterns they wake share a few groups, and a text
// runs fewer groups than when patterns are grouped in the order they were added. (3) A group whose
// patterns all stay within one line (support/line_confined.hpp) reads the text's distinct lines
// when repetition makes them much shorter than the text (a retry loop, a recursion's frames): such
// a pattern matches the text exactly when it matches one of its lines. The atom pass of step (1)
// reads them too (an atom holding a newline is looked for by its longest piece without one). A
// group of two-line patterns (one newline escape outside every group) reads the runs of lines
// that hold every distinct pair of neighbouring lines, each run a slice of the text. (4) A group
// of \A patterns is an anchored Set: it stops where they all failed instead of reading on.
//
// Thread-safety: after compile(), match() may run from any number of threads.
// Errors: add() and compile() return false (the pattern is invalid, or a budget is exceeded);
// match() never fails: when a DFA runs out of memory it confirms the candidates one pattern at a
// time (slower, same answer) and says so in its return value.
#pragma once

#include "support/atom_matcher.hpp"
#include "support/line_confined.hpp"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace flakyd {

class PrefilteredSet {
 public:
  // Shorter atoms pass more patterns on to step 2; longer ones leave more patterns without any
  // atom (run on every text). Groups of 8 keep each group's DFA warm; 16 or more thrash again.
  static constexpr int k_min_atom_length = 3;
  static constexpr std::size_t k_group_size = 8;

  explicit PrefilteredSet(re2::RE2::Options options, int64_t group_max_mem = int64_t{8} << 20)
      : m_options(std::move(options)), m_group_max_mem(group_max_mem) {}

  // Adds a pattern; its index is the number of patterns added before it.
  bool add(std::string_view pattern) {
    int id = 0;
    return m_filter.Add(re2::StringPiece(pattern.data(), pattern.size()), m_options, &id) == re2::RE2::NoError;
  }

  bool compile() {
    std::vector<std::string> atoms;
    m_filter.Compile(&atoms);
    return compile_atoms(atoms) && compile_groups(atoms);
  }

  int size() const { return m_filter.NumRegexps(); }
  // The compiled pattern at `index` (to find where it matches).
  const re2::RE2& pattern(int index) const { return m_filter.GetRE2(index); }

  // The indices of the patterns matching `text`, ascending, into `matches`. `wanted`, when
  // given, skips patterns the caller has no use for (their groups need not run). Returns false
  // when a DFA ran out of memory (the answer is still exact).
  bool match(std::string_view text, std::vector<int>& matches,
             const std::function<bool(int)>& wanted = {}) const {
    matches.clear();
    const re2::StringPiece piece(text.data(), text.size());
    bool within_budget = true;
    // A repetitive text's distinct lines serve the atom pass and the groups of line-confined
    // patterns: a newline-free atom, or such a pattern's match, is in the text exactly when it is
    // in one of its lines.
    std::string distinct;
    const bool repetitive = distinct_lines(text, distinct);
    const std::string_view lines = repetitive ? std::string_view(distinct) : text;
    std::vector<bool> run(m_groups.size(), false);
    for (auto group : m_atomless_groups) run[group] = true;
    std::vector<int> atoms, candidates;
    find_atoms(lines, atoms);
    m_filter.AllPotentials(atoms, &candidates);
    for (int index : candidates) {
      if (!wanted || wanted(index)) run[m_group_of[static_cast<std::size_t>(index)]] = true;
    }
    // Groups of two-line patterns read the runs of lines that hold every distinct pair of
    // neighbours, gathered when the first such group runs.
    std::vector<std::string_view> runs;
    const auto texts_for = [&](const Group& group) -> std::span<const std::string_view> {
      if (group.lines == 1) return {&lines, 1};
      if (group.lines == 2 && repetitive) {
        if (runs.empty()) neighbour_runs(text, runs);
        return runs;
      }
      return {&text, 1};
    };
    std::vector<int> hits;
    for (std::size_t group_index = 0; group_index < m_groups.size(); ++group_index) {
      if (!run[group_index]) continue;
      const Group& group = m_groups[group_index];
      for (const std::string_view part : texts_for(group)) {
        within_budget &= confirm(group, re2::StringPiece(part.data(), part.size()), hits);
        for (int member : hits) {
          const int index = group.members[static_cast<std::size_t>(member)];
          if (!wanted || wanted(index)) matches.push_back(index);
        }
      }
    }
    // A pattern found in two runs of lines is reported once.
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    return within_budget;
  }

 private:
  struct Group {
    std::unique_ptr<re2::RE2::Set> set;
    std::vector<int> members;    // pattern indices
    int lines = 1;  // every member's matches lie within one line (1), two neighbouring lines (2), or any (0)
  };

  // Texts shorter than this are read whole: the distinct-line pass would cost more than it saves.
  static constexpr std::size_t k_min_text_for_distinct_lines = 1024;

  // The text's distinct lines in their first order, each ended by '\n', into `distinct`; true
  // when that is at most three quarters of the text (else the whole text is read).
  static bool distinct_lines(std::string_view text, std::string& distinct) {
    if (text.size() < k_min_text_for_distinct_lines) return false;
    std::unordered_set<std::string_view> seen;
    seen.reserve(text.size() / 32);
    for (std::size_t begin = 0; begin < text.size();) {
      const auto end = std::min(text.find('\n', begin), text.size());
      const auto line = text.substr(begin, end - begin);
      if (seen.insert(line).second) distinct.append(line).push_back('\n');
      begin = end + 1;
    }
    return distinct.size() * 4 <= text.size() * 3;
  }

  // The atoms found in `lines` (the text or its distinct lines), sorted. An atom holding a newline
  // is reported where its longest newline-free piece is found, or always when that piece is too
  // short: a surplus atom only makes more candidates, which the groups then confirm or not.
  void find_atoms(std::string_view lines, std::vector<int>& atoms) const {
    m_atoms->match(lines, atoms);
    for (int& atom : atoms) atom = m_atom_ids[static_cast<std::size_t>(atom)];
    atoms.insert(atoms.end(), m_always_found_atoms.begin(), m_always_found_atoms.end());
    std::sort(atoms.begin(), atoms.end());
  }

  // The pattern starts with \A and has no alternative outside a group ("\Aa|b" is anchored in
  // its first alternative only).
  static bool anchored_at_start(std::string_view pattern) {
    if (!pattern.starts_with("\\A")) return false;
    int depth = 0;
    for (std::size_t at = 2; at < pattern.size(); ++at) {
      const char c = pattern[at];
      if (c == '\\') {
        ++at;
      } else if (c == '[') {
        bool ignored = false;
        at = line_confined_detail::scan_class(pattern, at, ignored) - 1;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')') {
        --depth;
      } else if (c == '|' && depth == 0) {
        return false;
      }
    }
    return true;
  }

  // The runs of whole lines, in text order, that hold each distinct pair of neighbouring lines at
  // least once (each run a slice of the text, without its last line's '\n'). A two-line pattern
  // matches the text exactly when it matches one of them: each run's neighbours are the text's own,
  // and a match inside two lines lies inside the pair's run. Every distinct line opens a new pair,
  // so every line is in some run too.
  static void neighbour_runs(std::string_view text, std::vector<std::string_view>& runs) {
    std::unordered_set<std::string_view> seen;  // "line\nnext line": a pair's own bytes in the text
    seen.reserve(text.size() / 32);
    std::size_t previous = 0, run_begin = std::string_view::npos, run_end = 0;
    for (std::size_t begin = 0; begin <= text.size();) {
      const auto end = std::min(text.find('\n', begin), text.size());
      // The first line, or a line whose pair with the one before it is new, belongs to a run
      // (with the line before it).
      const bool fresh = begin == 0 || seen.insert(text.substr(previous, end - previous)).second;
      if (fresh) {
        if (run_begin == std::string_view::npos) run_begin = previous;
      } else if (run_begin != std::string_view::npos) {
        runs.push_back(text.substr(run_begin, run_end - run_begin));
        run_begin = std::string_view::npos;
      }
      run_end = end;
      previous = begin;
      if (end == text.size()) break;
      begin = end + 1;
    }
    if (run_begin != std::string_view::npos) runs.push_back(text.substr(run_begin, run_end - run_begin));
  }

  bool compile_atoms(const std::vector<std::string>& atoms) {
    std::vector<std::string> searched;
    for (std::size_t atom = 0; atom < atoms.size(); ++atom) {
      const std::string piece = longest_line_piece(atoms[atom]);
      if (piece.size() < static_cast<std::size_t>(k_min_atom_length) && piece.size() < atoms[atom].size()) {
        m_always_found_atoms.push_back(static_cast<int>(atom));
        continue;
      }
      searched.push_back(piece);
      m_atom_ids.push_back(static_cast<int>(atom));
    }
    m_atoms = std::make_unique<AtomMatcher>(searched);
    return true;
  }

  static std::string longest_line_piece(const std::string& atom) {
    std::string_view longest;
    for (std::size_t begin = 0; begin <= atom.size();) {
      const auto end = std::min(atom.find('\n', begin), atom.size());
      if (end - begin > longest.size()) longest = std::string_view(atom).substr(begin, end - begin);
      begin = end + 1;
    }
    return std::string(longest);
  }

  // Atomless patterns first (their groups run on every text); then, atom by atom from the
  // shortest, the patterns that atom alone makes candidates; then the rest (those that need two
  // atoms at once) in the order they were added.
  bool compile_groups(const std::vector<std::string>& atoms) {
    const int count = size();
    std::vector<int> atomless;
    m_filter.AllPotentials({}, &atomless);
    std::vector<bool> placed(static_cast<std::size_t>(count), false);
    for (int index : atomless) placed[static_cast<std::size_t>(index)] = true;
    std::vector<int> order = atomless;
    std::vector<int> shortest_first(atoms.size());
    for (std::size_t atom = 0; atom < atoms.size(); ++atom) shortest_first[atom] = static_cast<int>(atom);
    std::stable_sort(shortest_first.begin(), shortest_first.end(), [&](int a, int b) {
      return atoms[static_cast<std::size_t>(a)].size() < atoms[static_cast<std::size_t>(b)].size();
    });
    std::vector<int> woken;
    for (int atom : shortest_first) {
      m_filter.AllPotentials({atom}, &woken);
      for (int index : woken) {
        if (!placed[static_cast<std::size_t>(index)]) order.push_back(index);
        placed[static_cast<std::size_t>(index)] = true;
      }
    }
    for (int index = 0; index < count; ++index) {
      if (!placed[static_cast<std::size_t>(index)]) order.push_back(index);
    }
    auto options = m_options;
    options.set_max_mem(m_group_max_mem);
    m_group_of.assign(static_cast<std::size_t>(count), 0);
    // Patterns fill groups of their own kind (any lines, one line, two lines), so that one
    // pattern able to span lines does not make its whole group read the full text.
    constexpr std::size_t k_none = static_cast<std::size_t>(-1);
    std::size_t filling[4] = {k_none, k_none, k_none, k_none};  // per lines_spanned(), then anchored
    for (std::size_t position = 0; position < order.size(); ++position) {
      if (position == atomless.size()) std::fill(std::begin(filling), std::end(filling), k_none);  // atom-bearing: new groups
      const int index = order[position];
      const bool anchored = anchored_at_start(pattern(index).pattern());
      const int lines = anchored ? 0 : flakyd::lines_spanned(pattern(index).pattern());
      std::size_t& current = filling[anchored ? 3 : lines];
      if (current == k_none || m_groups[current].members.size() == k_group_size) {
        current = m_groups.size();
        if (position < atomless.size()) m_atomless_groups.push_back(current);
        // A Set of unanchored patterns reads the whole text; one of \A patterns stops where they
        // all failed (RE2 puts no ".*" loop in front of an anchored Set).
        m_groups.push_back({std::make_unique<re2::RE2::Set>(options, anchored ? re2::RE2::ANCHOR_START : re2::RE2::UNANCHORED),
                            {}, lines});
      }
      Group& group = m_groups[current];
      if (group.set->Add(pattern(index).pattern(), nullptr) < 0) return false;
      group.members.push_back(index);
      m_group_of[static_cast<std::size_t>(index)] = current;
    }
    return std::all_of(m_groups.begin(), m_groups.end(), [](Group& group) { return group.set->Compile(); });
  }

  // The group's members that match, as positions in `members`. False: its DFA ran out of memory,
  // so each member was tried on its own.
  bool confirm(const Group& group, const re2::StringPiece& text, std::vector<int>& hits) const {
    hits.clear();
    re2::RE2::Set::ErrorInfo error{re2::RE2::Set::kNoError};
    if (group.set->Match(text, &hits, &error) || error.kind == re2::RE2::Set::kNoError) return true;
    hits.clear();
    for (std::size_t member = 0; member < group.members.size(); ++member) {
      if (re2::RE2::PartialMatch(text, pattern(group.members[member]))) hits.push_back(static_cast<int>(member));
    }
    return false;
  }

  re2::RE2::Options m_options;
  int64_t m_group_max_mem;
  re2::FilteredRE2 m_filter{k_min_atom_length};
  std::unique_ptr<AtomMatcher> m_atoms;   // each atom, or its longest piece without a newline
  std::vector<int> m_atom_ids;            // the index among FilteredRE2's atoms of each of them
  std::vector<int> m_always_found_atoms;  // atoms whose newline-free pieces are all too short
  std::vector<Group> m_groups;
  std::vector<std::size_t> m_group_of;        // per pattern
  std::vector<std::size_t> m_atomless_groups;  // run on every text
};

}  // namespace flakyd
