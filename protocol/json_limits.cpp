#include "protocol/json_limits.hpp"
#include "protocol/json_text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace flakyd::protocol {

namespace {

using nlohmann::json;

class Reader {
 public:
  Reader(std::string_view text, int max_depth)
      : m_begin(text.data()), m_cursor(text.data()), m_end(text.data() + text.size()),
        m_max_depth(max_depth) {}

  flakyd::expected<json, JsonError> read() {
    if (m_end - m_cursor >= 3 && std::string_view(m_cursor, 3) == "\xEF\xBB\xBF") m_cursor += 3;
    json value;
    if (read_value(value, 0)) {
      skip_whitespace();
      if (m_cursor == m_end) return value;
      fail("unexpected data after the value");
    }
    return flakyd::unexpected(JsonError{m_kind, std::move(m_message)});
  }

 private:
  bool fail(const char* what, JsonError::Kind kind = JsonError::Kind::parse) {
    if (m_message.empty()) {
      m_kind = kind;
      m_message = "invalid JSON at byte " + std::to_string(m_cursor - m_begin) + ": " + what;
    }
    return false;
  }

  void skip_whitespace() {
    while (m_cursor < m_end &&
           (*m_cursor == ' ' || *m_cursor == '\n' || *m_cursor == '\r' || *m_cursor == '\t')) {
      ++m_cursor;
    }
  }

  bool read_value(json& out, int depth) {
    skip_whitespace();
    if (m_cursor == m_end) return fail("expected a value");
    switch (*m_cursor) {
      case '{': return read_object(out, depth + 1);
      case '[': return read_array(out, depth + 1);
      case '"': {
        std::string text;
        if (!read_string(text)) return false;
        out = std::move(text);
        return true;
      }
      case 't': return read_literal("true", out, json(true));
      case 'f': return read_literal("false", out, json(false));
      case 'n': return read_literal("null", out, json(nullptr));
      default:
        if (*m_cursor == '-' || (*m_cursor >= '0' && *m_cursor <= '9')) return read_number(out);
        return fail("expected a value");
    }
  }

  bool read_literal(std::string_view word, json& out, json value) {
    if (static_cast<std::size_t>(m_end - m_cursor) < word.size() ||
        std::string_view(m_cursor, word.size()) != word) {
      return fail("invalid literal");
    }
    m_cursor += word.size();
    out = std::move(value);
    return true;
  }

  bool enter(int depth) {
    if (depth > m_max_depth) {
      return fail("nesting deeper than the limit", JsonError::Kind::too_deep);
    }
    ++m_cursor;  // past '{' or '['
    skip_whitespace();
    return true;
  }

  enum class Next { more, closed, invalid };

  // After a member or an element: ',' means another follows, `close` ends the container.
  Next after_item(char close) {
    skip_whitespace();
    if (m_cursor < m_end && (*m_cursor == ',' || *m_cursor == close)) {
      return *m_cursor++ == ',' ? Next::more : Next::closed;
    }
    fail(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    return Next::invalid;
  }

  bool read_object(json& out, int depth) {
    if (!enter(depth)) return false;
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    if (m_cursor < m_end && *m_cursor == '}') {
      ++m_cursor;
      return true;
    }
    for (;;) {
      skip_whitespace();
      if (m_cursor == m_end || *m_cursor != '"') return fail("expected a member name");
      std::string key;
      if (!read_string(key)) return false;
      skip_whitespace();
      if (m_cursor == m_end || *m_cursor != ':') return fail("expected ':'");
      ++m_cursor;
      // A repeated key keeps its last value, as nlohmann does.
      if (!read_value(members[std::move(key)], depth)) return false;
      if (const auto next = after_item('}'); next != Next::more) return next == Next::closed;
    }
  }

  bool read_array(json& out, int depth) {
    if (!enter(depth)) return false;
    out = json::array();
    auto& elements = out.get_ref<json::array_t&>();
    if (m_cursor < m_end && *m_cursor == ']') {
      ++m_cursor;
      return true;
    }
    for (;;) {
      if (!read_value(elements.emplace_back(), depth)) return false;
      if (const auto next = after_item(']'); next != Next::more) return next == Next::closed;
    }
  }

  bool read_string(std::string& out) {
    ++m_cursor;  // past the opening quote
    bool reserved = false;
    for (;;) {
      const char* run = m_cursor;
      while (m_cursor < m_end && json_text::k_plain[static_cast<unsigned char>(*m_cursor)]) ++m_cursor;
      out.append(run, static_cast<std::size_t>(m_cursor - run));
      if (m_cursor == m_end) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(*m_cursor);
      if (c == '"') {
        ++m_cursor;
        return true;
      }
      if (!reserved) {
        // A string with escapes (a trace has one per line) would otherwise grow by doubling.
        out.reserve(out.size() + raw_length_left());
        reserved = true;
      }
      if (c == '\\') {
        if (!read_escape(out)) return false;
      } else if (c < 0x20) {
        return fail("control character in a string");
      } else if (!read_utf8_sequence(out)) {
        return false;
      }
    }
  }

  // Bytes from the cursor to the string's closing quote (or the end): a bound on what they
  // decode to, since every escape is longer than what it stands for.
  // memchr finds each quote; one preceded by an odd run of backslashes is escaped.
  std::size_t raw_length_left() const {
    const char* scan = m_cursor;
    for (;;) {
      const auto* quote = static_cast<const char*>(std::memchr(scan, '"', static_cast<std::size_t>(m_end - scan)));
      if (!quote) return static_cast<std::size_t>(m_end - m_cursor);
      std::size_t backslashes = 0;
      for (const char* before = quote; before > m_cursor && before[-1] == '\\'; --before) ++backslashes;
      if (backslashes % 2 == 0) return static_cast<std::size_t>(quote - m_cursor);
      scan = quote + 1;
    }
  }

  // One multi-byte UTF-8 sequence, checked as RFC 3629 asks (no overlongs, no surrogates).
  bool read_utf8_sequence(std::string& out) {
    const std::string_view rest(m_cursor, static_cast<std::size_t>(m_end - m_cursor));
    const int length = json_text::utf8_sequence(rest, 0);
    if (length < 0) return fail("ill-formed UTF-8 in a string");
    out.append(m_cursor, static_cast<std::size_t>(length));
    m_cursor += length;
    return true;
  }

  bool read_hex4(std::uint32_t& code) {
    if (m_end - m_cursor < 4) return fail("invalid \\u escape");
    code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *m_cursor++;
      code <<= 4;
      if (c >= '0' && c <= '9') code |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') code |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') code |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return fail("invalid \\u escape");
    }
    return true;
  }

  bool read_escape(std::string& out) {
    ++m_cursor;  // past the backslash
    if (m_cursor == m_end) return fail("unterminated string");
    const char c = *m_cursor++;
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': return read_unicode_escape(out);
      default: return fail("invalid escape");
    }
  }

  bool read_unicode_escape(std::string& out) {
    std::uint32_t code = 0;
    if (!read_hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return fail("unpaired surrogate");
    if (code >= 0xD800 && code <= 0xDBFF) {
      std::uint32_t low = 0;
      if (m_end - m_cursor < 2 || m_cursor[0] != '\\' || m_cursor[1] != 'u') {
        return fail("unpaired surrogate");
      }
      m_cursor += 2;
      if (!read_hex4(low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return fail("unpaired surrogate");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool skip_digits() {
    const char* start = m_cursor;
    while (m_cursor < m_end && *m_cursor >= '0' && *m_cursor <= '9') ++m_cursor;
    return m_cursor != start;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, converted the way nlohmann converts it.
  bool read_number(json& out) {
    const char* start = m_cursor;
    const bool negative = *m_cursor == '-';
    if (negative) ++m_cursor;
    if (m_cursor < m_end && *m_cursor == '0') {
      ++m_cursor;
    } else if (!skip_digits()) {
      return fail("invalid number");
    }
    bool integral = true;
    if (m_cursor < m_end && *m_cursor == '.') {
      ++m_cursor;
      integral = false;
      if (!skip_digits()) return fail("invalid number");
    }
    if (m_cursor < m_end && (*m_cursor == 'e' || *m_cursor == 'E')) {
      ++m_cursor;
      integral = false;
      if (m_cursor < m_end && (*m_cursor == '+' || *m_cursor == '-')) ++m_cursor;
      if (!skip_digits()) return fail("invalid number");
    }
    if (integral && read_integer(start, negative, out)) return true;
    // strtod, as nlohmann uses, so both round alike; the copy gives it a terminating NUL.
    const std::string token(start, m_cursor);
    const double value = std::strtod(token.c_str(), nullptr);
    if (!std::isfinite(value)) return fail("number beyond the range of a double");
    out = value;
    return true;
  }

  bool read_integer(const char* start, bool negative, json& out) const {
    if (negative) {
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(start, m_cursor, value);
      if (error != std::errc() || end != m_cursor) return false;
      out = value;
    } else {
      std::uint64_t value = 0;
      const auto [end, error] = std::from_chars(start, m_cursor, value);
      if (error != std::errc() || end != m_cursor) return false;
      out = value;
    }
    return true;
  }

  const char* m_begin;
  const char* m_cursor;
  const char* m_end;
  int m_max_depth;
  JsonError::Kind m_kind = JsonError::Kind::parse;
  std::string m_message;
};

}  // namespace

flakyd::expected<nlohmann::json, JsonError> parse_json(std::string_view text, int max_depth) {
  return Reader(text, max_depth).read();
}

}  // namespace flakyd::protocol
