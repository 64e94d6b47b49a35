// Splits a secret pattern of the common shape CONTEXT(SECRET) into its parts, so the redactor can
// find the secret inside a match with two cheap DFA runs instead of a capture search.
//
// Why: RE2 extracts a capture group with BitState or the NFA, whose cost grows with the program
// size times the match length (about 2 us for a password= match), while its DFA, which only
// reports where a match ends, costs a tenth of that. For a pattern CONTEXT(SECRET)SUFFIX, the
// group starts where the highest-priority CONTEXT match ends, provided SECRET SUFFIX matches the
// rest of the match exactly (leftmost-first semantics: the first CONTEXT path that can be
// extended is the one the full pattern takes). The redactor checks that proviso and falls back
// to a capture search when it does not hold, so the split is an optimisation, never a guess.
//
// Recognised: an optional leading flag group ("(?i)"), no top-level '|', the chosen capturing
// group at the top level, followed by nothing or by "\b". Anything else (\Q..\E, a quantified
// group, a group nested in another) yields std::nullopt and the redactor uses captures.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flakyd::redact {

struct GroupSplit {
  std::string context;  // flags + everything before the group; empty: the group starts the match
  std::string secret;   // flags + the group's body + the suffix, as a non-capturing group
};

std::optional<GroupSplit> split_at_group(std::string_view pattern, int group);

}  // namespace flakyd::redact
