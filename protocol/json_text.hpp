// Byte-level facts shared by the JSON reader (json_limits.cpp) and writer (json_writer.cpp).
// Internal to the protocol library. Thread-safe: constants and pure functions.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace flakyd::protocol::json_text {

// Bytes a JSON string holds as they are, unescaped: 0x20..0x7F other than '"' and '\\'.
inline constexpr std::array<bool, 256> k_plain = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  return plain;
}();

// The length (2..4) of the well-formed UTF-8 sequence starting at text[at], as RFC 3629 defines
// it (no overlongs, no surrogates, nothing above U+10FFFF). When it is ill-formed: minus the
// length of its maximal subpart -- -1 for a byte that cannot start a sequence, -n when the
// sequence breaks off (or the text ends) after n bytes.
inline int utf8_sequence(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  int length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // the allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  for (int i = 1; i < length; ++i) {
    if (at + static_cast<std::size_t>(i) >= text.size()) return -i;
    const auto byte = static_cast<unsigned char>(text[at + static_cast<std::size_t>(i)]);
    if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) return -i;
  }
  return length;
}

}  // namespace flakyd::protocol::json_text
