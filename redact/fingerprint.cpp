#include "redact/fingerprint.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace flakyd::redact {

namespace {

// One pass, byte by byte, no regular expressions: the normaliser runs on every request (hit or
// miss), and ten RE2 GlobalReplace passes cost ~45 us per 4 KiB where this costs a few.

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
constexpr bool is_any_hex(char c) { return is_lower_hex(c) || (c >= 'A' && c <= 'F'); }
constexpr bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool digits_at(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_digit(text[at + i])) return false;
  }
  return true;
}

bool hex_at(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (!is_any_hex(text[at + i])) return false;
  }
  return true;
}

// 8-4-4-4-12 hex digits.
std::size_t uuid_length(std::string_view text, std::size_t at) {
  constexpr std::array<std::size_t, 5> k_groups = {8, 4, 4, 4, 12};
  std::size_t cursor = at;
  for (std::size_t g = 0; g < k_groups.size(); ++g) {
    if (!hex_at(text, cursor, k_groups[g])) return 0;
    cursor += k_groups[g];
    if (g + 1 < k_groups.size()) {
      if (cursor >= text.size() || text[cursor] != '-') return 0;
      ++cursor;
    }
  }
  return cursor < text.size() && is_word(text[cursor]) ? 0 : cursor - at;
}

// 2024-06-11, optionally followed by [T ]09:14(:03(.118)?)?(Z|+02:00)?
std::size_t iso_time_length(std::string_view text, std::size_t at) {
  if (!digits_at(text, at, 4) || at + 10 > text.size() || text[at + 4] != '-' ||
      !digits_at(text, at + 5, 2) || text[at + 7] != '-' || !digits_at(text, at + 8, 2)) {
    return 0;
  }
  std::size_t cursor = at + 10;
  if (cursor + 6 <= text.size() && (text[cursor] == 'T' || text[cursor] == ' ') &&
      digits_at(text, cursor + 1, 2) && text[cursor + 3] == ':' && digits_at(text, cursor + 4, 2)) {
    cursor += 6;
    if (cursor + 3 <= text.size() && text[cursor] == ':' && digits_at(text, cursor + 1, 2)) {
      cursor += 3;
      if (cursor < text.size() && (text[cursor] == '.' || text[cursor] == ',')) {
        std::size_t end = cursor + 1;
        while (end < text.size() && is_digit(text[end])) ++end;
        if (end > cursor + 1) cursor = end;
      }
    }
    if (cursor < text.size() && text[cursor] == 'Z') {
      ++cursor;
    } else if (cursor + 3 <= text.size() && (text[cursor] == '+' || text[cursor] == '-') &&
               digits_at(text, cursor + 1, 2)) {
      cursor += 3;
      if (cursor + 3 <= text.size() && text[cursor] == ':' && digits_at(text, cursor + 1, 2)) cursor += 3;
      else if (digits_at(text, cursor, 2)) cursor += 2;
    }
  }
  return cursor - at;
}

// "15ms", "0s", "10m0s", "1h2m3.5s": digits with duration units, the whole word.
bool is_duration(std::string_view word) {
  std::size_t i = 0;
  bool any = false;
  while (i < word.size()) {
    const std::size_t digits = i;
    while (i < word.size() && is_digit(word[i])) ++i;
    if (i == digits) return false;
    const auto unit = word.substr(i, 2);
    if (unit == "ms" || unit == "us" || unit == "ns") {
      i += 2;
    } else if (i < word.size() && (word[i] == 's' || word[i] == 'm' || word[i] == 'h')) {
      i += 1;
    } else {
      return false;
    }
    any = true;
  }
  return any;
}

constexpr std::array<std::string_view, 5> k_temp_roots = {"/tmp/", "/var/tmp/", "/var/folders/",
                                                         "/private/var/folders/", "/dev/shm/"};

std::size_t temp_path_length(std::string_view text, std::size_t at) {
  if (at + 1 >= text.size()) return 0;
  const char next = text[at + 1];
  if (next != 't' && next != 'v' && next != 'p' && next != 'd') return 0;
  for (auto root : k_temp_roots) {
    if (text.substr(at, root.size()) != root) continue;
    std::size_t end = at + root.size();
    constexpr std::string_view k_stop = " \t\r\n'\":,)]";
    while (end < text.size() && k_stop.find(text[end]) == std::string_view::npos) ++end;
    return end - at;
  }
  return 0;
}

// The shapes left for a word that starts with a digit once "all digits" and "a hex id" are
// ruled out (normalise_token checks those for every word): an address, a duration.
std::string_view digit_word_replacement(std::string_view word) {
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
    bool hex = true;
    for (char c : word.substr(2)) hex = hex && is_any_hex(c);
    if (hex) return "0x<addr>";
  }
  if (is_duration(word)) return "<dur>";
  return {};
}

std::string to_hex(const unsigned char* bytes, unsigned int length) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    hex[2 * i] = k_hex[bytes[i] >> 4];
    hex[2 * i + 1] = k_hex[bytes[i] & 0xf];
  }
  return hex;
}

const EVP_MD* sha256() {
  static const EVP_MD* const k_md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return k_md;
}

// Byte classes for the scanner, as bits so one pass over a word can AND/OR them together.
enum : unsigned char {
  k_word = 1,       // [A-Za-z0-9_]
  k_digit = 2,      // [0-9]
  k_lower_hex = 4,  // [0-9a-f]
  k_blank = 8,      // space, tab
  k_slash = 16,     // '/'
};
constexpr unsigned char k_special = k_word | k_blank | k_slash;  // anything else is copied as is

constexpr std::array<unsigned char, 256> k_bits = [] {
  std::array<unsigned char, 256> bits{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    bits[static_cast<std::size_t>(c)] =
        static_cast<unsigned char>((is_word(ch) ? k_word : 0) | (is_digit(ch) ? k_digit : 0) |
                                   (is_lower_hex(ch) ? k_lower_hex : 0) | (is_blank(ch) ? k_blank : 0) |
                                   (ch == '/' ? k_slash : 0));
  }
  return bits;
}();

unsigned char bits_of(char c) { return k_bits[static_cast<unsigned char>(c)]; }

// Normalises the one token that starts at text[i] (a run of plain bytes, a blank run, a '/',
// or a word with the shapes that may follow from it) into `write`; returns where the next
// token starts. Output grows at most 8/3 times the input ("0x1" -> "0x<addr>").
std::size_t normalise_token(std::string_view text, std::size_t i, char*& write) {
  const std::size_t size = text.size();
  auto emit = [&](std::string_view piece) {
    std::memcpy(write, piece.data(), piece.size());
    write += piece.size();
  };
  const char* data = text.data();
  unsigned char bits = bits_of(data[i]);
  if ((bits & k_special) == 0) {
    do {
      *write++ = data[i++];
    } while (i < size && (bits_of(data[i]) & k_special) == 0);
    return i;
  }
  if (bits & k_blank) {
    *write++ = ' ';
    while (i < size && (bits_of(data[i]) & k_blank)) ++i;
    return i;
  }
  if (bits & k_slash) {
    const std::size_t length = temp_path_length(text, i);
    if (length > 0) {
      emit("<tmp>");
      return i + length;
    }
    *write++ = '/';
    return i + 1;
  }
  // A word: a maximal run of [A-Za-z0-9_]. Only one that starts with a hex digit can be a
  // UUID or (starting with a decimal digit) a timestamp; cheap look-ahead first: a UUID has
  // '-' at +8, an ISO date at +4.
  const char first = data[i];
  if (is_any_hex(first) && i + 8 < size && data[i + 8] == '-') {
    if (const auto length = uuid_length(text, i); length > 0) {
      emit("<uuid>");
      return i + length;
    }
  }
  if (is_digit(first) && i + 4 < size && data[i + 4] == '-') {
    if (const auto length = iso_time_length(text, i); length > 0) {
      emit("<time>");
      return i + length;
    }
  }
  // Copy the word while gathering what the replacement rules need; rewind if one applies.
  char* const word_out = write;
  const std::size_t word_start = i;
  unsigned char every = 0xFF;  // bits every byte has
  unsigned char some = 0;      // bits some byte has
  for (;;) {
    every &= bits;
    some |= bits;
    *write++ = data[i++];
    if (i == size) break;
    bits = bits_of(data[i]);
    if ((bits & k_word) == 0) break;
  }
  const std::size_t length = i - word_start;
  std::string_view replacement;
  if (every & k_digit) replacement = "N";
  else if ((every & k_lower_hex) && (some & k_digit) && length >= 7) replacement = "<hex>";
  else if (is_digit(first)) replacement = digit_word_replacement(text.substr(word_start, length));
  if (!replacement.empty()) {
    write = word_out;
    emit(replacement);
  }
  return i;
}

// The fast scan: most bytes can change nothing and are copied in runs. A change needs a digit
// (numbers, hex ids, times, durations, UUIDs), a '-' (a UUID of letters only: "abcdefab-..."),
// a tab, a blank before another blank, or a '/' before t, v, p or d (a temporary path may
// start there). Each byte and the one after it are looked up in two tables and AND-ed, so the
// scan loop has one branch, and it is rarely taken.
enum : unsigned char { k_alone = 1, k_blank_pair = 2, k_path_start = 4 };

constexpr std::array<unsigned char, 256> k_scan_this = [] {
  std::array<unsigned char, 256> scan{};
  for (int c = '0'; c <= '9'; ++c) scan[static_cast<std::size_t>(c)] = k_alone;
  scan['-'] = k_alone;
  scan['\t'] = k_alone;
  scan[' '] = k_blank_pair;
  scan['/'] = k_path_start;
  return scan;
}();

constexpr std::array<unsigned char, 256> k_scan_next = [] {
  std::array<unsigned char, 256> scan{};
  scan[' '] = k_blank_pair;
  scan['\t'] = k_blank_pair;
  for (char c : {'t', 'v', 'p', 'd'}) scan[static_cast<unsigned char>(c)] = k_path_start;
  return scan;
}();

// The first position at or after `from` whose byte may change the output, or `size`.
std::size_t next_change(const char* data, std::size_t from, std::size_t size) {
  std::size_t at = from;
  for (; at + 1 < size; ++at) {
    const unsigned char here = k_scan_this[static_cast<unsigned char>(data[at])];
    const unsigned char next = k_scan_next[static_cast<unsigned char>(data[at + 1])];
    if (here & (k_alone | next)) return at;
  }
  if (at + 1 == size && (k_scan_this[static_cast<unsigned char>(data[at])] & k_alone)) return at;
  return size;
}

// `out` must have room for 3 * text.size() + 16 bytes. Returns the length written.
//
// Bytes that can change nothing are copied in runs up to the next one that may; the token
// around it is then normalised from its start -- for a digit or '-', the start of the word it
// ends (never before the run, which began on a token boundary). Token boundaries are thus the
// ones a token-by-token pass finds, and so is the output; fuzzing compared the two.
std::size_t normalise_into(std::string_view text, char* out) {
  const std::size_t size = text.size();
  const char* data = text.data();
  char* write = out;
  std::size_t i = 0;
  while (i < size) {
    const std::size_t next = next_change(data, i, size);
    std::size_t token = next;
    if (next < size && data[next] != '/' && !is_blank(data[next])) {
      while (token > i && is_word(data[token - 1])) --token;
    }
    std::memcpy(write, data + i, token - i);
    write += token - i;
    i = token;
    if (i < size) i = normalise_token(text, i, write);
  }
  return static_cast<std::size_t>(write - out);
}

constexpr std::size_t normalise_room(std::string_view text) { return text.size() * 3 + 16; }

}  // namespace

std::string Fingerprinter::normalise(std::string_view text) const {
  std::string out;
  out.resize_and_overwrite(normalise_room(text),
                           [text](char* buffer, std::size_t) { return normalise_into(text, buffer); });
  return out;
}

std::string Fingerprinter::fingerprint(std::string_view trace, std::string_view exception_type,
                                       std::string_view message, std::string_view test_id) const {
  return m_extractor.key(m_extractor.extract(trace, exception_type, message, test_id));
}

std::string Fingerprinter::key(const FailureSignature& signature) const { return m_extractor.key(signature); }

FailureSignature Fingerprinter::signature(std::string_view trace, std::string_view exception_type,
                                          std::string_view message, std::string_view test_id) const {
  return m_extractor.extract(trace, exception_type, message, test_id);
}

std::string sha256_hex(const std::vector<std::string_view>& parts) {
  // One context per thread, reset by each init: creating and freeing one per call cost more
  // than hashing a 4 KiB trace.
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  const unsigned char separator = 0;
  if (!context || EVP_DigestInit_ex(context.get(), sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 is unavailable");
  }
  for (auto part : parts) {
    // Length-prefix each part so ("ab","c") and ("a","bc") hash differently.
    const std::string size = std::to_string(part.size());
    EVP_DigestUpdate(context.get(), size.data(), size.size());
    EVP_DigestUpdate(context.get(), &separator, 1);
    EVP_DigestUpdate(context.get(), part.data(), part.size());
  }
  EVP_DigestFinal_ex(context.get(), digest.data(), &length);
  return to_hex(digest.data(), length);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL SHA-256 is unavailable");
  }
  return to_hex(digest.data(), length);
}

}  // namespace flakyd::redact
