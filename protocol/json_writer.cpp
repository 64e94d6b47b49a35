// dump_json: the compact writer behind every response, cache entry and report line.
//
// nlohmann's serializer runs each string byte through a UTF-8 decoding state machine and costs
// more than building the reply; this writer copies runs of bytes that need no escape at once and
// decodes only bytes >= 0x80. Its output is byte-for-byte nlohmann's dump(-1, ' ', false,
// error_handler_t::replace), which fuzz/fuzz_json_writer.cpp checks on every input:
// - '"', '\\', \b \f \n \r \t get their short escapes, other bytes below 0x20 become \u00xx
//   (lower-case hex); DEL and valid UTF-8 are copied;
// - ill-formed UTF-8 becomes U+FFFD once per maximal subpart: a byte that cannot start a
//   sequence is replaced alone, a sequence that breaks off is replaced as a whole and the byte
//   that broke it is read again, and a sequence cut short by the end of the string is replaced;
// - doubles use nlohmann's own shortest round-trip formatting (detail::to_chars), NaN and
//   infinities are written as null; object members come in the map's (sorted) order.
#include "protocol/json_limits.hpp"
#include "protocol/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace flakyd::protocol {

namespace {

using nlohmann::json;

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

void write_escaped_byte(unsigned char c, std::string& out) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: {
      static constexpr char k_hex[] = "0123456789abcdef";
      const char escape[6] = {'\\', 'u', '0', '0', k_hex[c >> 4], k_hex[c & 0xF]};
      out.append(escape, sizeof escape);
    }
  }
}

void write_string(std::string_view text, std::string& out) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t run = i;
    while (i < text.size() && json_text::k_plain[static_cast<unsigned char>(text[i])]) ++i;
    out.append(text.data() + run, i - run);
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      write_escaped_byte(c, out);
      ++i;
      continue;
    }
    const int length = json_text::utf8_sequence(text, i);
    if (length > 0) {
      out.append(text.data() + i, static_cast<std::size_t>(length));
      i += static_cast<std::size_t>(length);
    } else {
      out += k_replacement;
      i += static_cast<std::size_t>(-length);
    }
  }
  out += '"';
}

template <typename Number>
void write_integer(Number number, std::string& out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, static_cast<std::size_t>(result.ptr - buffer));
}

void write_double(double number, std::string& out) {
  if (!std::isfinite(number)) {
    out += "null";
    return;
  }
  std::array<char, 64> buffer{};
  char* end = nlohmann::detail::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  out.append(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
}

void write_value(const json& value, std::string& out) {
  switch (value.type()) {
    case json::value_t::null: out += "null"; return;
    case json::value_t::boolean: out += value.get<bool>() ? "true" : "false"; return;
    case json::value_t::number_integer: write_integer(value.get<std::int64_t>(), out); return;
    case json::value_t::number_unsigned: write_integer(value.get<std::uint64_t>(), out); return;
    case json::value_t::number_float: write_double(value.get<double>(), out); return;
    case json::value_t::string: write_string(value.get_ref<const std::string&>(), out); return;
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& element : value.get_ref<const json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        write_value(element, out);
      }
      out += ']';
      return;
    }
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_ref<const json::object_t&>()) {
        if (!first) out += ',';
        first = false;
        write_string(key, out);
        out += ':';
        write_value(member, out);
      }
      out += '}';
      return;
    }
    default:  // binary and discarded values never occur in flakyd's documents
      out += value.dump(-1, ' ', false, json::error_handler_t::replace);
      return;
  }
}

}  // namespace

std::string dump_json(const nlohmann::json& value, int indent) {
  if (indent >= 0) return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(256);
  write_value(value, out);
  return out;
}

}  // namespace flakyd::protocol
