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

std::string_view word_replacement(std::string_view word) {
  bool all_digits = true;
  bool lower_hex = true;
  bool has_digit = false;
  for (char c : word) {
    all_digits = all_digits && is_digit(c);
    lower_hex = lower_hex && is_lower_hex(c);
    has_digit = has_digit || is_digit(c);
  }
  if (all_digits) return "N";
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X')) {
    bool hex = true;
    for (char c : word.substr(2)) hex = hex && is_any_hex(c);
    if (hex) return "0x<addr>";
  }
  if (lower_hex && has_digit && word.size() >= 7) return "<hex>";
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

}  // namespace

// Byte classes for the scanner: everything that is not a word byte, a blank or '/' is copied
// as is, in runs.
enum : unsigned char { k_plain = 0, k_word = 1, k_blank = 2, k_slash = 3 };

constexpr std::array<unsigned char, 256> make_classes() {
  std::array<unsigned char, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    classes[static_cast<std::size_t>(c)] = is_word(ch) ? k_word : is_blank(ch) ? k_blank : ch == '/' ? k_slash : k_plain;
  }
  return classes;
}
constexpr auto k_classes = make_classes();

unsigned char class_of(char c) { return k_classes[static_cast<unsigned char>(c)]; }

// Output grows at most 8/3 times the input ("0x1" -> "0x<addr>"), so one allocation up front
// and raw byte writes replace hundreds of small appends.
std::string Fingerprinter::normalise(std::string_view text) const {
  const std::size_t size = text.size();
  std::string out;
  out.resize(size * 3 + 16);
  char* write = out.data();
  auto emit = [&](std::string_view piece) {
    std::memcpy(write, piece.data(), piece.size());
    write += piece.size();
  };
  const char* data = text.data();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char kind = class_of(data[i]);
    if (kind == k_plain) {
      *write++ = data[i++];
      continue;
    }
    if (kind == k_blank) {
      *write++ = ' ';
      while (i < size && class_of(data[i]) == k_blank) ++i;
      continue;
    }
    if (kind == k_slash) {
      const std::size_t length = temp_path_length(text, i);
      if (length > 0) {
        emit("<tmp>");
        i += length;
      } else {
        *write++ = '/';
        ++i;
      }
      continue;
    }
    // A word: a maximal run of [A-Za-z0-9_]. One that starts with a letter outside a-f/A-F can
    // be none of the noise shapes, so it is copied straight through.
    const char first = data[i];
    if (!is_any_hex(first)) {
      do {
        *write++ = data[i++];
      } while (i < size && class_of(data[i]) == k_word);
      continue;
    }
    // Cheap look-ahead before the shape checks: a UUID has '-' at +8, an ISO date at +4.
    if (i + 8 < size && data[i + 8] == '-') {
      if (const auto length = uuid_length(text, i); length > 0) {
        emit("<uuid>");
        i += length;
        continue;
      }
    }
    if (is_digit(first) && i + 4 < size && data[i + 4] == '-') {
      if (const auto length = iso_time_length(text, i); length > 0) {
        emit("<time>");
        i += length;
        continue;
      }
    }
    // One pass over the word gathers what word_replacement needs.
    bool all_digits = true;
    bool lower_hex = true;
    bool has_digit = false;
    std::size_t end = i;
    for (; end < size && class_of(data[end]) == k_word; ++end) {
      const char c = data[end];
      all_digits = all_digits && is_digit(c);
      lower_hex = lower_hex && is_lower_hex(c);
      has_digit = has_digit || is_digit(c);
    }
    const std::string_view word = text.substr(i, end - i);
    std::string_view replacement;
    if (all_digits) replacement = "N";
    else if (lower_hex && has_digit && word.size() >= 7) replacement = "<hex>";
    else if (is_digit(first)) replacement = word_replacement(word);
    emit(replacement.empty() ? word : replacement);
    i = end;
  }
  out.resize(static_cast<std::size_t>(write - out.data()));
  return out;
}

std::string Fingerprinter::fingerprint(std::string_view trace, std::string_view exception_type,
                                       std::string_view message) const {
  const std::string version = "flakyd-fp-v" + std::to_string(k_normalisation_version);
  const std::string type = normalise(exception_type);
  const std::string text = normalise(message);
  const std::string body = normalise(trace);
  return sha256_hex({version, type, text, body});
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
