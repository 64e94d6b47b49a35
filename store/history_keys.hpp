// Compact integer keys for the history store (schema version 3): a 64-bit hash of a test id, a
// commit and a failure fingerprint, computed by every adapter with this one function and stored
// next to the text. The classification path's lookup (k_test_history) seeks and compares these
// 8-byte integers instead of long text keys (test ids share long prefixes; a commit is 40
// characters, a fingerprint 64), so its covering index is a fifth of the size and each row is
// cheap to compare.
//
// Contract:
//   - Stable: the value is persisted and shared by every flakyd of a fleet (PostgreSQL), so the
//     function is fixed here (FNV-1a 64, then a splitmix64 finaliser to spread near-identical
//     ids), never std::hash (which differs between standard libraries).
//   - The empty text ("unknown commit", "no fingerprint") is 0; any other text is never 0.
//   - Collisions are possible and accepted: two different tests sharing a key (about 1 in 10^9
//     for a million tests) would pool their history. History is advisory (it moves a retry
//     decision, never a test result), `flakyd history` and the report still group by the text,
//     and a caller who can report outcomes can already write any test's history.
#pragma once

#include <cstdint>
#include <string_view>

namespace flakyd::store {

constexpr std::int64_t history_key(std::string_view text) {
  if (text.empty()) return 0;
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;  // FNV-1a prime
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ULL;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebULL;
  hash ^= hash >> 31;
  if (hash == 0) hash = 1;  // 0 means "empty"
  return static_cast<std::int64_t>(hash);
}

}  // namespace flakyd::store
