// PrefilteredSet: which of many patterns match a text, exactly what one RE2::Set of them would
// report, but quick on text it has not seen before. Header-only; include it only from a target
// that links RE2.
//
// Why not one RE2::Set: its DFA tracks every pattern's partial match at once, so each new text
// builds new states. On a repeated synthetic trace every state is cached (the rule engine's Set:
// 8 us for a 2 KiB trace); on a stream of different real failures the states never stop being
// built and flushed (4 ms a trace for the rule engine, 0.5 ms for the redactor's prefilter: bench
// BM_ClassifyCorpus, BM_RedactCorpus). The redactor does not use this class: it matches 256-byte
// chunks, where this class's fixed cost per call (an atom pass, then a pass per group) made its
// synthetic 4 KiB case several times slower; it splits its prefilter into a few Sets instead
// (k_rules_per_shard in redact/redactor.cpp).
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
// (5) A group of one-line patterns reads only the lines that hold one of its members' atoms, each
// ended by '\n' (the atom pass reports the line of every atom it finds): a match lies in one line
// and holds the atoms its pattern requires. Most groups are woken by one or two lines, so a text
// costs each woken group a few lines rather than a full read (bench BM_Classify: 4 KiB of Python
// traceback from 21 to 16 us; `prefiltered set: one-line groups ...` in the tests checks it).
// Whatever a call needs besides its answer is kept per thread, so a call allocates little.
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
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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
    if (!compile_atoms(atoms) || !compile_groups(atoms)) return false;
    mark_atom_line_groups(atoms);
    return true;
  }

  int size() const { return m_filter.NumRegexps(); }
  // The compiled pattern at `index` (to find where it matches).
  const re2::RE2& pattern(int index) const { return m_filter.GetRE2(index); }

  // The indices of the patterns matching `text`, ascending, into `matches`. `wanted`, when
  // given, skips patterns the caller has no use for (their groups need not run). Returns false
  // when a DFA ran out of memory (the answer is still exact). Not reentrant from `wanted`.
  bool match(std::string_view text, std::vector<int>& matches,
             const std::function<bool(int)>& wanted = {}) const {
    matches.clear();
    Scratch& scratch = thread_scratch();
    bool within_budget = true;
    // A repetitive text's distinct lines serve the atom pass and the groups of line-confined
    // patterns: a newline-free atom, or such a pattern's match, is in the text exactly when it is
    // in one of its lines.
    const bool repetitive = distinct_lines(text, scratch);
    const std::string_view lines = repetitive ? std::string_view(scratch.distinct) : text;
    scratch.run.assign(m_groups.size(), false);
    for (auto group : m_atomless_groups) scratch.run[group] = true;
    find_atoms(lines, scratch);
    m_filter.AllPotentials(scratch.atoms, &scratch.candidates);
    for (int index : scratch.candidates) {
      if (!wanted || wanted(index)) scratch.run[m_group_of[static_cast<std::size_t>(index)]] = true;
    }
    gather_group_lines(lines, scratch);
    // Groups of two-line patterns read the runs of lines that hold every distinct pair of
    // neighbours, gathered when the first such group runs.
    scratch.runs.clear();
    auto group_lines = scratch.group_lines.cbegin();
    const auto texts_for = [&](std::size_t group_index) -> std::span<const std::string_view> {
      const Group& group = m_groups[group_index];
      if (group.lines == 1) {
        scratch.part = group.reads_atom_lines ? atom_lines(group_index, lines, group_lines, scratch) : lines;
        return {&scratch.part, 1};
      }
      if (group.lines == 2 && repetitive) {
        if (scratch.runs.empty()) neighbour_runs(text, scratch);
        return scratch.runs;
      }
      return {&text, 1};
    };
    for (std::size_t group_index = 0; group_index < m_groups.size(); ++group_index) {
      if (!scratch.run[group_index]) continue;
      const Group& group = m_groups[group_index];
      for (const std::string_view part : texts_for(group_index)) {
        within_budget &= confirm(group, re2::StringPiece(part.data(), part.size()), scratch.hits);
        for (int member : scratch.hits) {
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
    // A one-line group whose members' atoms are all searched: it reads only the lines holding
    // one of them (a match lies in one line and holds the atoms its pattern requires).
    bool reads_atom_lines = false;
  };

  // What a call needs besides its answer, kept per thread between calls so that a call on a
  // text no longer than the ones before allocates nothing.
  struct Scratch {
    std::string distinct;                // the distinct lines, or empty
    std::vector<std::size_t> line_begins_in_text;
    std::vector<std::uint32_t> line_ids, first_lines, line_slots, spare_line_slots;
    std::vector<std::uint64_t> pair_slots, spare_pair_slots;
    std::vector<bool> run;               // per group
    std::vector<int> found, atoms, candidates, hits;
    AtomMatcher::Scratch atom_scratch;
    std::vector<AtomMatcher::Occurrence> occurrences;
    std::vector<std::uint64_t> group_lines;  // group << 32 | line, sorted
    std::vector<std::size_t> line_begins;
    std::string selected;  // one group's lines
    std::string_view part;
    std::vector<std::string_view> runs;
  };

  static Scratch& thread_scratch() {
    static thread_local Scratch scratch;
    return scratch;
  }

  // Texts shorter than this are read whole: the distinct-line pass would cost more than it saves.
  static constexpr std::size_t k_min_text_for_distinct_lines = 1024;

  // The text's lines (split at '\n'; a text ending in '\n' ends with an empty line), each named
  // by the number of the first line equal to it, into scratch.line_begins_in_text and
  // scratch.line_ids; the distinct ones in their first order, each ended by '\n', into
  // scratch.distinct (without that last empty line). True when the distinct lines are at most
  // three quarters of the text (else the whole text is read).
  static bool distinct_lines(std::string_view text, Scratch& scratch) {
    scratch.distinct.clear();
    if (text.size() < k_min_text_for_distinct_lines) return false;
    auto& begins = scratch.line_begins_in_text;
    split_lines(text, begins);
    // The first line of each distinct content, in order. While there are few, a line is compared
    // with each of them (a retry loop's handful of lines is never hashed); past k_linear_lines an
    // open-addressed set of them (first line + 1, or 0), grown as it fills, takes over: sized by
    // the distinct lines, not by all of them.
    auto& firsts = scratch.first_lines;
    firsts.clear();
    auto& slots = scratch.line_slots;
    bool hashed = false;
    const auto hash_of = [](std::string_view slice) { return std::hash<std::string_view>{}(slice); };
    const auto slot_of = [&](std::string_view slice, std::size_t hash) -> std::uint32_t& {
      const std::size_t mask = slots.size() - 1;
      std::size_t slot = hash & mask;
      while (slots[slot] != 0 && line_of(text, begins, slots[slot] - 1) != slice) slot = (slot + 1) & mask;
      return slots[slot];
    };
    const auto add_slot = [&](std::uint32_t first) {
      if (2 * firsts.size() > slots.size()) {
        grow(slots, scratch.spare_line_slots, [&](std::uint32_t value) -> std::uint32_t& {
          const auto seen = line_of(text, begins, value - 1);
          return slot_of(seen, hash_of(seen));
        });
      }
      const auto slice = line_of(text, begins, first);
      slot_of(slice, hash_of(slice)) = first + 1;
    };
    scratch.line_ids.clear();
    for (std::size_t line = 0; line < begins.size(); ++line) {
      const auto slice = line_of(text, begins, line);
      if (!hashed) {
        const auto same = std::find_if(firsts.begin(), firsts.end(),
                                       [&](std::uint32_t first) { return line_of(text, begins, first) == slice; });
        if (same != firsts.end()) {
          scratch.line_ids.push_back(*same);
          continue;
        }
      } else if (const std::uint32_t entry = slot_of(slice, hash_of(slice)); entry != 0) {
        scratch.line_ids.push_back(entry - 1);
        continue;
      }
      const auto first = static_cast<std::uint32_t>(line);
      firsts.push_back(first);
      if (hashed) {
        add_slot(first);
      } else if (firsts.size() > k_linear_lines) {
        hashed = true;
        slots.assign(k_initial_slots, 0);
        for (const std::uint32_t earlier : firsts) add_slot(earlier);
      }
      scratch.line_ids.push_back(first);
      if (begins[line] < text.size()) scratch.distinct.append(slice).push_back('\n');
    }
    return scratch.distinct.size() * 4 <= text.size() * 3;
  }

  static constexpr std::size_t k_initial_slots = 64;
  static constexpr std::size_t k_linear_lines = 16;

  // Doubles an open-addressed table of non-zero values: `slot_for(value)` names the empty slot a
  // value takes in the new table. `spare` keeps the old one's memory for the next call.
  template <typename Value, typename SlotFor>
  static void grow(std::vector<Value>& slots, std::vector<Value>& spare, SlotFor slot_for) {
    spare.swap(slots);
    slots.assign(spare.size() * 2, 0);
    for (const Value value : spare) {
      if (value != 0) slot_for(value) = value;
    }
  }

  // Where each line of `text` begins (a text ending in '\n' ends with an empty line).
  static void split_lines(std::string_view text, std::vector<std::size_t>& begins) {
    begins.assign(1, 0);
    for (auto at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) begins.push_back(at + 1);
  }

  static std::string_view line_of(std::string_view text, const std::vector<std::size_t>& begins, std::size_t line) {
    const std::size_t end = line + 1 < begins.size() ? begins[line + 1] - 1 : text.size();
    return text.substr(begins[line], end - begins[line]);
  }

  // The atoms found in `lines` (the text or its distinct lines), sorted, into scratch.atoms; and
  // where the searched ones occur, into scratch.occurrences. An atom holding a newline is reported
  // where its longest newline-free piece is found, or always when that piece is too short: a
  // surplus atom only makes more candidates, which the groups then confirm or not.
  void find_atoms(std::string_view lines, Scratch& scratch) const {
    m_atoms->match(lines, scratch.found, scratch.occurrences, scratch.atom_scratch);
    scratch.atoms.clear();
    for (int searched : scratch.found) scratch.atoms.push_back(m_atom_ids[static_cast<std::size_t>(searched)]);
    scratch.atoms.insert(scratch.atoms.end(), m_always_found_atoms.begin(), m_always_found_atoms.end());
    std::sort(scratch.atoms.begin(), scratch.atoms.end());
  }

  // For each group that runs and reads only its atoms' lines: those lines (by number), into
  // scratch.group_lines; and where each line of `lines` begins.
  void gather_group_lines(std::string_view lines, Scratch& scratch) const {
    scratch.group_lines.clear();
    for (const auto& occurrence : scratch.occurrences) {
      for (std::uint32_t group : m_atom_line_groups[static_cast<std::size_t>(occurrence.atom)]) {
        if (scratch.run[group]) scratch.group_lines.push_back(std::uint64_t{group} << 32 | occurrence.line);
      }
    }
    if (scratch.group_lines.empty()) return;
    std::sort(scratch.group_lines.begin(), scratch.group_lines.end());
    scratch.group_lines.erase(std::unique(scratch.group_lines.begin(), scratch.group_lines.end()),
                              scratch.group_lines.end());
    split_lines(lines, scratch.line_begins);
  }

  // The lines of `lines` that hold an atom of the group's members, each ended by '\n' (the whole
  // of `lines` when they are most of it). `next` walks scratch.group_lines in group order.
  std::string_view atom_lines(std::size_t group_index, std::string_view lines,
                              std::vector<std::uint64_t>::const_iterator& next, Scratch& scratch) const {
    const auto end = scratch.group_lines.cend();
    while (next != end && (*next >> 32) < group_index) ++next;
    scratch.selected.clear();
    for (; next != end && (*next >> 32) == group_index; ++next) {
      const auto line = static_cast<std::size_t>(*next & 0xffffffffu);
      scratch.selected.append(line_of(lines, scratch.line_begins, line)).push_back('\n');
    }
    if (scratch.selected.size() * 4 > lines.size() * 3) return lines;
    return scratch.selected;
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
  // so every line is in some run too. Reads the lines distinct_lines() named.
  static void neighbour_runs(std::string_view text, Scratch& scratch) {
    const auto& begins = scratch.line_begins_in_text;
    const auto& ids = scratch.line_ids;
    auto& pairs = scratch.pair_slots;  // open addressing, grown as it fills: (id << 32 | next id) + 1, or 0
    pairs.assign(k_initial_slots, 0);
    std::size_t used = 0;
    const auto slot_of = [&](std::uint64_t key) -> std::uint64_t& {
      const std::size_t mask = pairs.size() - 1;
      std::size_t slot = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
      while (pairs[slot] != 0 && pairs[slot] != key) slot = (slot + 1) & mask;
      return pairs[slot];
    };
    const auto insert_pair = [&](std::size_t line) {
      const std::uint64_t key = (std::uint64_t{ids[line - 1]} << 32 | ids[line]) + 1;
      if (slot_of(key) != 0) return false;
      if (2 * (used + 1) > pairs.size()) grow(pairs, scratch.spare_pair_slots, slot_of);
      slot_of(key) = key;
      ++used;
      return true;
    };
    std::size_t run_begin = std::string_view::npos;
    for (std::size_t line = 0; line < begins.size(); ++line) {
      // The first line, or a line whose pair with the one before it is new, belongs to a run
      // (with the line before it).
      const std::size_t previous = line == 0 ? 0 : begins[line - 1];
      if (line == 0 || insert_pair(line)) {
        if (run_begin == std::string_view::npos) run_begin = previous;
      } else if (run_begin != std::string_view::npos) {
        scratch.runs.push_back(text.substr(run_begin, begins[line] - 1 - run_begin));
        run_begin = std::string_view::npos;
      }
    }
    if (run_begin != std::string_view::npos) scratch.runs.push_back(text.substr(run_begin));
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

  // Which one-line groups read only the lines holding their members' atoms, and each searched
  // atom's such groups. A group's atoms are those a FilteredRE2 of its members alone computes:
  // the same strings as the whole set's (RE2 derives them pattern by pattern), of which the
  // whole set's tree may drop some but adds none, so a line holding a member's match holds one
  // of them. A member without atoms there, or an atom not searched on its own (the whole set
  // dropped it, or it holds a newline), leaves the group reading every line.
  void mark_atom_line_groups(const std::vector<std::string>& atoms) {
    std::unordered_map<std::string_view, std::uint32_t> searched_of;  // atom -> index in m_atoms
    for (std::size_t searched = 0; searched < m_atom_ids.size(); ++searched) {
      const std::string& atom = atoms[static_cast<std::size_t>(m_atom_ids[searched])];
      if (atom.find('\n') == std::string::npos) searched_of.emplace(atom, static_cast<std::uint32_t>(searched));
    }
    m_atom_line_groups.assign(m_atom_ids.size(), {});
    const std::unordered_set<std::size_t> atomless(m_atomless_groups.begin(), m_atomless_groups.end());
    for (std::size_t group_index = 0; group_index < m_groups.size(); ++group_index) {
      Group& group = m_groups[group_index];
      if (group.lines != 1 || atomless.contains(group_index)) continue;
      const auto group_atoms = own_atoms(group, searched_of);
      if (!group_atoms) continue;
      group.reads_atom_lines = true;
      for (std::uint32_t searched : *group_atoms) m_atom_line_groups[searched].push_back(static_cast<std::uint32_t>(group_index));
    }
  }

  // The searched atoms of the group's members, as a FilteredRE2 of them alone computes them; none
  // when a member has none or one is not searched on its own.
  std::optional<std::vector<std::uint32_t>> own_atoms(
      const Group& group, const std::unordered_map<std::string_view, std::uint32_t>& searched_of) const {
    re2::FilteredRE2 own(k_min_atom_length);
    int id = 0;
    for (int member : group.members) {
      if (own.Add(pattern(member).pattern(), m_options, &id) != re2::RE2::NoError) return std::nullopt;
    }
    std::vector<std::string> strings;
    own.Compile(&strings);
    std::vector<int> without_atoms;
    own.AllPotentials({}, &without_atoms);
    if (!without_atoms.empty()) return std::nullopt;
    std::vector<std::uint32_t> searched;
    for (const auto& atom : strings) {
      const auto found = searched_of.find(atom);
      if (found == searched_of.end()) return std::nullopt;
      searched.push_back(found->second);
    }
    return searched;
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
  std::vector<std::vector<std::uint32_t>> m_atom_line_groups;  // per searched atom: groups reading its lines
};

}  // namespace flakyd
