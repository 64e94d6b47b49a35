#include "daemon/http_parser.hpp"

#include <array>
#include <cctype>
#include <charconv>

namespace flakyd::app {

namespace {

// RFC 9110 tchar: the bytes a method or a field name may hold.
constexpr std::array<bool, 256> k_token = [] {
  std::array<bool, 256> token{};
  for (int c = '0'; c <= '9'; ++c) token[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) token[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) token[static_cast<std::size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) token[static_cast<unsigned char>(c)] = true;
  return token;
}();

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!k_token[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// Field values and targets: visible ASCII, blanks and obs-text; no other control character.
bool is_field_text(std::string_view text, bool allow_blanks) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0x7F || (byte < 0x20 && !(allow_blanks && byte == '\t'))) return false;
    if (byte == ' ' && !allow_blanks) return false;
  }
  return true;
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Comma-separated list membership, as Connection and Transfer-Encoding use.
bool list_contains(std::string_view list, std::string_view item) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (iequals(trim_blanks(list.substr(0, comma)), item)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

// The helpers answer "no objection" (nullopt) or the refusal.
using Objection = std::optional<HeadError>;

HeadError refuse(int status, std::string message) { return HeadError{status, std::move(message)}; }

Objection parse_request_line(std::string_view line, HttpHead& head) {
  const auto first_space = line.find(' ');
  const auto second_space = first_space == std::string_view::npos ? first_space : line.find(' ', first_space + 1);
  if (second_space == std::string_view::npos) return refuse(400, "malformed request line");
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view version = line.substr(second_space + 1);
  if (!is_token(method)) return refuse(400, "malformed request method");
  if (target.empty() || target.front() != '/' || !is_field_text(target, false)) {
    return refuse(400, "the request target must be a path");
  }
  if (version == "HTTP/1.1") {
    head.minor_version = 1;
  } else if (version == "HTTP/1.0") {
    head.minor_version = 0;
  } else if (version.size() == 8 && version.starts_with("HTTP/") && std::isdigit(static_cast<unsigned char>(version[5])) &&
             version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]))) {
    return refuse(505, "only HTTP/1.0 and HTTP/1.1 are served");
  } else {
    return refuse(400, "malformed request line");
  }
  head.method = method;
  const auto question = target.find('?');
  head.path = target.substr(0, question);
  if (question != std::string_view::npos) head.query = target.substr(question + 1);
  return std::nullopt;
}

Objection parse_field(std::string_view line, HttpHead& head) {
  if (line.front() == ' ' || line.front() == '\t') return refuse(400, "folded header lines are not accepted");
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    return refuse(400, "malformed header line");
  }
  const std::string_view value = trim_blanks(line.substr(colon + 1));
  if (!is_field_text(value, true)) return refuse(400, "control character in a header value");
  head.headers.emplace_back(line.substr(0, colon), value);
  return std::nullopt;
}

// What the framing and connection headers say, once all fields are in.
Objection interpret_fields(HttpHead& head) {
  bool has_transfer_encoding = false;
  for (const auto& [name, value] : head.headers) {
    if (iequals(name, "Content-Length")) {
      std::size_t length = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (value.empty() || error != std::errc() || end != value.data() + value.size() ||
          (head.content_length && *head.content_length != length)) {
        return refuse(400, "invalid Content-Length");
      }
      head.content_length = length;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (has_transfer_encoding || !iequals(value, "chunked")) {
        return refuse(501, "only the chunked transfer coding is accepted");
      }
      has_transfer_encoding = true;
      head.chunked = true;
    } else if (iequals(name, "Connection")) {
      if (list_contains(value, "close")) head.keep_alive = false;
      else if (list_contains(value, "keep-alive")) head.keep_alive = true;
    } else if (iequals(name, "Expect")) {
      if (!iequals(value, "100-continue")) return refuse(417, "only Expect: 100-continue is understood");
      head.expects_continue = true;
    }
  }
  if (head.chunked && head.content_length) {
    return refuse(400, "Content-Length together with Transfer-Encoding");
  }
  return std::nullopt;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const std::string* HttpHead::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (iequals(field, name)) return &value;
  }
  return nullptr;
}

flakyd::expected<HttpHead, HeadError> parse_http_head(std::string_view text, std::size_t max_headers) {
  HttpHead head;
  bool first = true;
  while (!text.empty()) {
    const auto end = text.find("\r\n");
    if (end == std::string_view::npos) return flakyd::unexpected(refuse(400, "a line does not end with CRLF"));
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 2);
    if (first) {
      if (auto objection = parse_request_line(line, head)) return flakyd::unexpected(*objection);
      first = false;
      continue;
    }
    if (line.empty()) {
      if (!text.empty()) return flakyd::unexpected(refuse(400, "bytes after the end of the head"));
      head.keep_alive = head.minor_version == 1;  // until a Connection field says otherwise
      if (auto objection = interpret_fields(head)) return flakyd::unexpected(*objection);
      return head;
    }
    if (head.headers.size() == max_headers) return flakyd::unexpected(refuse(431, "too many header fields"));
    if (auto objection = parse_field(line, head)) return flakyd::unexpected(*objection);
  }
  return flakyd::unexpected(refuse(400, "the head does not end with an empty line"));
}

}  // namespace flakyd::app
