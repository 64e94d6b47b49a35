// support/atom_matcher.hpp: exactly the atoms a case-insensitive search finds, however atoms
// overlap, share keys, nest in one another or run past a key; Latin-1 letters fold as RE2 folds
// them; and a text scanned once finds atoms repeated anywhere in it.
#include "support/atom_matcher.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace flakyd;

namespace {

unsigned char folded(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ? static_cast<unsigned char>(c + 0x20) : c;
}

std::string fold_all(std::string text) {
  for (char& c : text) c = static_cast<char>(folded(static_cast<unsigned char>(c)));
  return text;
}

// The reference: search the folded text for each folded atom.
std::vector<int> naive(const std::vector<std::string>& atoms, const std::string& text) {
  const std::string haystack = fold_all(text);
  std::vector<int> found;
  for (std::size_t atom = 0; atom < atoms.size(); ++atom) {
    if (haystack.find(fold_all(atoms[atom])) != std::string::npos) found.push_back(static_cast<int>(atom));
  }
  return found;
}

std::vector<int> sorted_match(const AtomMatcher& matcher, const std::string& text) {
  std::vector<int> found;
  matcher.match(text, found);
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

TEST_CASE("atom matcher: the same atoms as a plain search, on random texts over a small alphabet") {
  // A 3-letter alphabet makes every kind of overlap common: atoms inside atoms, atoms sharing a
  // key (the first k_key_length bytes) and differing after it, a key that is a suffix of another.
  std::mt19937 random(20261202);
  const std::string alphabet = "abA";
  auto word = [&](std::size_t length) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    return text;
  };
  std::vector<std::string> atoms;
  for (int i = 0; i < 60; ++i) atoms.push_back(fold_all(word(3 + random() % 10)));
  atoms.push_back("aaaaaaaaab");  // shares the key "aaaaaa" with many, differs late
  atoms.push_back("aaaaaaaaac");  // never present: 'c' is not in the alphabet
  const AtomMatcher matcher(atoms);
  CHECK(matcher.size() == atoms.size());
  std::size_t texts_with_atoms = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string text = word(random() % 60);
    const auto expected = naive(atoms, text);
    CHECK_MESSAGE(sorted_match(matcher, text) == expected, text);
    texts_with_atoms += !expected.empty();
  }
  CHECK(texts_with_atoms > 1000);
}

TEST_CASE("atom matcher: case folding as RE2 does it for Latin-1, atoms at either end, each atom once") {
  const std::vector<std::string> atoms = {"connection reset", "timeout", "\xe9" "chec", "error:", "econnreset"};
  const AtomMatcher matcher(atoms);
  CHECK(sorted_match(matcher, "Connection RESET by peer") == std::vector<int>{0});
  CHECK(sorted_match(matcher, "TimeOut") == std::vector<int>{1});                  // the whole text
  CHECK(sorted_match(matcher, "x\xc9" "CHEC") == std::vector<int>{2});             // É folds to é
  CHECK(sorted_match(matcher, "\xd7\xf7").empty());                                 // × and ÷ do not fold
  CHECK(sorted_match(matcher, "error:ECONNRESET error: ECONNRESET") == std::vector<int>{3, 4});
  CHECK(sorted_match(matcher, "connection rese").empty());                          // cut one byte short
  CHECK(sorted_match(matcher, "").empty());
  std::vector<int> found;
  matcher.match("timeout timeout timeout", found);
  CHECK(found == std::vector<int>{1});                                              // reported once
}

TEST_CASE("atom matcher: no atoms give no answers, an empty atom is everywhere, bytes outside every atom are skipped") {
  const AtomMatcher none({});
  std::vector<int> found{7};
  none.match("anything", found);
  CHECK(found.empty());
  const AtomMatcher with_empty({"abc", ""});
  CHECK(sorted_match(with_empty, "") == std::vector<int>{1});  // as std::string::find finds ""
  CHECK(sorted_match(with_empty, "xabc") == std::vector<int>{0, 1});
  const AtomMatcher one({"abc"});
  CHECK(sorted_match(one, std::string("\0\xff" "abc\n", 6)) == std::vector<int>{0});
}
