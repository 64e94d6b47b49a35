// The HTTP/1.1 request head (RFC 9112), parsed strictly: the only bytes the daemon's HTTP edge
// interprets before its handlers run, so it is a pure function over one buffer, fuzzed on its
// own (fuzz/fuzz_http_head.cpp).
//
// Accepted: `METHOD SP origin-form SP HTTP/1.0|1.1 CRLF`, then header fields `name: value CRLF`
// (name a token, value without control characters other than HTAB, surrounding blanks trimmed),
// then CRLF. Refused with the status to answer: a malformed line (400), a line folded over two
// (400), more than `max_headers` fields (431), Content-Length together with Transfer-Encoding
// (400; a request smuggling shape), a Content-Length that is not one decimal number (400),
// a transfer coding other than chunked (501), an Expect other than 100-continue (417), another
// HTTP version (505).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/expected.hpp"

namespace flakyd::app {

struct HttpHead {
  std::string method;
  std::string path;   // the target up to '?'
  std::string query;  // after '?', without it
  int minor_version = 1;
  std::vector<std::pair<std::string, std::string>> headers;  // in arrival order, as sent

  bool chunked = false;
  std::optional<std::size_t> content_length;
  bool keep_alive = true;        // HTTP/1.1 unless "Connection: close"; 1.0 only if asked
  bool expects_continue = false;  // "Expect: 100-continue"

  // The first field with this name (ASCII case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
};

struct HeadError {
  int status;           // 400, 417, 431, 501 or 505
  std::string message;  // what was wrong, never the offending bytes
};

// `head` is everything up to and including the blank line ("\r\n\r\n").
flakyd::expected<HttpHead, HeadError> parse_http_head(std::string_view head, std::size_t max_headers);

bool iequals(std::string_view a, std::string_view b);

}  // namespace flakyd::app
