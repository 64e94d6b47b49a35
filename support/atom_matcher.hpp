// AtomMatcher: which of many literal atoms occur in a text, ignoring case the way RE2's (?i)
// does for Latin-1 text (ASCII letters, and Latin-1 letters 0xC0-0xDE with 0xE0-0xFE). Header-only.
//
// Why not an RE2::Set of the atoms (what support/prefiltered_set.hpp used first): a Set does not
// factor its patterns' common prefixes, so each DFA state it builds lists the instructions of
// thousands of atoms. On text it has seen, the cached states make it quick; on a new failure it
// builds states for nearly every byte (the rule pack's 3,461 atoms: about 50 us for a 440-byte
// trace). FilteredRE2 leaves atom matching to its caller for this reason (its header suggests
// Aho-Corasick).
//
// How: an Aho-Corasick automaton, compiled to a full transition table, over each atom's first
// `k_key_length` bytes (the key); reaching a key's end checks the atom's remaining bytes in place.
// Keys keep the table small (the rule pack: about 5,900 states of 149 byte classes, 1.7 MiB),
// and the check makes the answer exact: an atom is reported only where all of it occurs.
// Each text byte costs one table step plus the checks of keys ending there. On request it also
// reports each line an atom occurs in (once per atom and line), for support/prefiltered_set.hpp.
//
// Thread-safety: immutable after construction; match() may run from any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace flakyd {

class AtomMatcher {
 public:
  static constexpr std::size_t k_key_length = 6;

  explicit AtomMatcher(const std::vector<std::string>& atoms) {
    for (const auto& atom : atoms) {
      if (atom.empty()) m_empty_atoms.push_back(static_cast<int>(m_atoms.size()));
      std::string folded(atom);
      for (char& c : folded) c = static_cast<char>(fold(static_cast<unsigned char>(c)));
      m_atoms.push_back(std::move(folded));
    }
    assign_classes();
    build_trie();
    link_failures();
    encode_steps();
  }

  std::size_t size() const { return m_atoms.size(); }

  // Where an atom occurs: its index, and the number of its line (from 0; lines end at '\n').
  // Atoms hold no newline (support/prefiltered_set.hpp searches their newline-free pieces).
  struct Occurrence {
    int atom;
    std::uint32_t line;
  };

  // Per-thread memory kept between calls, so that a call allocates nothing: which atoms were
  // seen, and on which line last, stamped with the call's number rather than cleared each call.
  struct Scratch {
    std::vector<std::uint64_t> stamps;  // per atom: call number << 32 | (line + 1) where last seen
    std::uint32_t call = 0;
  };

  // The indices of the atoms found in `text`, each once, in the order they were found, into `found`.
  void match(std::string_view text, std::vector<int>& found) const {
    Scratch scratch;
    scan(text, found, nullptr, scratch);
  }

  // As above, and every distinct (atom, line) where an atom occurs, in text order, into `occurrences`.
  void match(std::string_view text, std::vector<int>& found, std::vector<Occurrence>& occurrences,
             Scratch& scratch) const {
    occurrences.clear();
    scan(text, found, &occurrences, scratch);
  }

 private:
  void scan(std::string_view text, std::vector<int>& found, std::vector<Occurrence>* occurrences,
            Scratch& scratch) const {
    found = m_empty_atoms;  // found in any text, even an empty one
    if (m_atoms.empty()) return;
    begin_call(scratch);
    const std::uint64_t call = std::uint64_t{scratch.call} << 32;
    std::uint32_t row = 0;  // the state's first transition: state x class count
    std::uint32_t line = 0;
    for (std::size_t at = 0; at < text.size(); ++at) {
      const auto byte = static_cast<unsigned char>(text[at]);
      const std::uint32_t step = m_next[row + m_class_of[byte]];
      row = step & ~k_reports;
      if ((step & k_reports) != 0) {
        report(text, at, row / static_cast<std::uint32_t>(m_class_count), call | (line + 1), scratch.stamps, found,
               occurrences);
      }
      line += byte == '\n';
    }
  }

  // A new call number; the stamps of old calls then read as "not seen". When the number wraps,
  // the stamps are cleared instead.
  void begin_call(Scratch& scratch) const {
    if (scratch.stamps.size() != m_atoms.size() || ++scratch.call == 0) {
      scratch.stamps.assign(m_atoms.size(), 0);
      scratch.call = 1;
    }
  }

  // A key ends at `at` in `state` or in one of its suffix states: report the atoms that occur
  // (`here`: this call and line, as a stamp).
  void report(std::string_view text, std::size_t at, std::uint32_t state, std::uint64_t here,
              std::vector<std::uint64_t>& stamps, std::vector<int>& found,
              std::vector<Occurrence>* occurrences) const {
    for (std::uint32_t key = m_key_end[state] ? state : m_key_link[state]; key != 0; key = m_key_link[key]) {
      const std::size_t begin = at + 1 - m_depth[key];
      for (int atom : m_atoms_of[key]) {
        std::uint64_t& stamp = stamps[static_cast<std::size_t>(atom)];
        const bool seen_in_call = (stamp >> 32) == (here >> 32);
        // Without `occurrences`, an atom is looked for until first found; with them, once a line.
        if (stamp == here || (seen_in_call && occurrences == nullptr) || !occurs_at(text, begin, atom)) continue;
        if (!seen_in_call) found.push_back(atom);
        if (occurrences != nullptr) occurrences->push_back({atom, static_cast<std::uint32_t>(here) - 1});
        stamp = here;
      }
    }
  }

  static unsigned char fold(unsigned char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return static_cast<unsigned char>(c + 0x20);
    return c;
  }

  bool occurs_at(std::string_view text, std::size_t begin, int atom) const {
    const std::string& bytes = m_atoms[static_cast<std::size_t>(atom)];
    if (begin + bytes.size() > text.size()) return false;
    for (std::size_t i = k_key_length; i < bytes.size(); ++i) {
      if (fold(static_cast<unsigned char>(text[begin + i])) != static_cast<unsigned char>(bytes[i])) return false;
    }
    return true;
  }

  // Bytes that appear in no key share class 0: from any state they lead where a stray byte does.
  void assign_classes() {
    m_class_of.fill(0);
    std::array<std::uint16_t, 256> class_of_folded{};
    m_class_count = 1;
    for (const auto& atom : m_atoms) {
      for (std::size_t i = 0; i < atom.size() && i < k_key_length; ++i) {
        auto& slot = class_of_folded[static_cast<unsigned char>(atom[i])];
        if (slot == 0) slot = static_cast<std::uint16_t>(m_class_count++);
      }
    }
    for (int byte = 0; byte < 256; ++byte) m_class_of[static_cast<std::size_t>(byte)] = class_of_folded[fold(static_cast<unsigned char>(byte))];
  }

  std::uint32_t add_state(std::uint32_t depth) {
    m_next.resize(m_next.size() + m_class_count, k_none);
    m_depth.push_back(depth);
    m_key_end.push_back(false);
    m_atoms_of.emplace_back();
    return static_cast<std::uint32_t>(m_depth.size() - 1);
  }

  void build_trie() {
    add_state(0);
    for (std::size_t atom = 0; atom < m_atoms.size(); ++atom) {
      std::uint32_t state = 0;
      const std::string& bytes = m_atoms[atom];
      for (std::size_t i = 0; i < bytes.size() && i < k_key_length; ++i) {
        const std::size_t slot = state * m_class_count + m_class_of[static_cast<unsigned char>(bytes[i])];
        if (m_next[slot] == k_none) {
          const std::uint32_t child = add_state(m_depth[state] + 1);
          m_next[slot] = child;  // add_state may have moved m_next: index again
        }
        state = m_next[slot];
      }
      if (state == 0) continue;  // an empty atom: in m_empty_atoms
      m_key_end[state] = true;
      m_atoms_of[state].push_back(static_cast<int>(atom));
    }
  }

  // Breadth first: each state's failure (the longest proper suffix that is a trie state) fills
  // its missing transitions, and its key link names the nearest suffix state where a key ends.
  void link_failures() {
    std::vector<std::uint32_t> failure(m_depth.size(), 0);
    m_key_link.assign(m_depth.size(), 0);
    std::deque<std::uint32_t> queue;
    for (std::size_t cls = 0; cls < m_class_count; ++cls) {
      auto& next = m_next[cls];
      if (next == k_none) {
        next = 0;
      } else {
        queue.push_back(next);
      }
    }
    while (!queue.empty()) {
      const std::uint32_t state = queue.front();
      queue.pop_front();
      const std::uint32_t fallback = failure[state];
      m_key_link[state] = m_key_end[fallback] ? fallback : m_key_link[fallback];
      for (std::size_t cls = 0; cls < m_class_count; ++cls) {
        auto& next = m_next[state * m_class_count + cls];
        const std::uint32_t via_failure = m_next[fallback * m_class_count + cls];
        if (next == k_none) {
          next = via_failure;
        } else {
          failure[next] = via_failure;
          queue.push_back(next);
        }
      }
    }
  }

  // Each transition becomes its target's row (state x class count), with k_reports set when a
  // key ends there or at one of its suffixes: the scan loop then reads one table entry a byte.
  void encode_steps() {
    const auto class_count = static_cast<std::uint32_t>(m_class_count);
    for (auto& next : m_next) {
      const bool reports = m_key_end[next] || m_key_link[next] != 0;
      next = next * class_count | (reports ? k_reports : 0);
    }
  }

  static constexpr std::uint32_t k_none = UINT32_MAX;
  static constexpr std::uint32_t k_reports = 1u << 31;
  std::vector<std::string> m_atoms;            // folded
  std::array<std::uint16_t, 256> m_class_of{};  // byte -> class (folding included)
  std::size_t m_class_count = 1;
  std::vector<std::uint32_t> m_next;           // row + class -> the next state's row (| k_reports)
  std::vector<std::uint32_t> m_depth;          // bytes from the root
  std::vector<bool> m_key_end;                 // some atom's key ends here
  std::vector<std::uint32_t> m_key_link;       // nearest proper suffix state where a key ends (0: none)
  std::vector<std::vector<int>> m_atoms_of;    // the atoms whose key ends here
  std::vector<int> m_empty_atoms;
};

}  // namespace flakyd
