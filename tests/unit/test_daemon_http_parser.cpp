// The HTTP/1.1 request head parser: what it accepts, and the status it answers for each shape it
// refuses (fuzz_http_head checks it never crashes on arbitrary bytes).
#include <doctest/doctest.h>

#include <string>

#include "daemon/http_parser.hpp"

using flakyd::app::HttpHead;
using flakyd::app::parse_http_head;

namespace {
HttpHead parsed(const std::string& text) {
  auto head = parse_http_head(text, 64);
  REQUIRE_MESSAGE(head.has_value(), head.error().message);
  return std::move(*head);
}
int refusal(const std::string& text, std::size_t max_headers = 64) {
  auto head = parse_http_head(text, max_headers);
  return head ? 0 : head.error().status;
}
}  // namespace

TEST_CASE("http head: a request line, fields in order, case-insensitive lookup") {
  const auto head = parsed(
      "POST /mcp?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type:  application/json \r\n"
      "Content-Length: 12\r\nX-Twice: a\r\nX-Twice: b\r\n\r\n");
  CHECK(head.method == "POST");
  CHECK(head.path == "/mcp");
  CHECK(head.query == "x=1");
  CHECK(head.minor_version == 1);
  REQUIRE(head.header("Content-Type"));
  CHECK(*head.header("Content-Type") == "application/json");
  CHECK(*head.header("x-twice") == "a");
  CHECK(head.header("Origin") == nullptr);
  CHECK(head.content_length == 12u);
  CHECK_FALSE(head.chunked);
  CHECK(head.keep_alive);
}

TEST_CASE("http head: keep-alive defaults per version, Connection overrides") {
  CHECK_FALSE(parsed("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keep_alive);
  CHECK_FALSE(parsed("GET / HTTP/1.0\r\n\r\n").keep_alive);
  CHECK(parsed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
  CHECK(parsed("GET / HTTP/1.1\r\nConnection: TE, keep-alive\r\n\r\n").keep_alive);
  CHECK(parsed("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n").expects_continue);
  CHECK(parsed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").chunked);
}

TEST_CASE("http head: malformed shapes are refused with the status to answer") {
  CHECK(refusal("GET /\r\n\r\n") == 400);
  CHECK(refusal("GET  / HTTP/1.1\r\n\r\n") == 400);
  CHECK(refusal("G(T / HTTP/1.1\r\n\r\n") == 400);
  CHECK(refusal("GET http://example.com/ HTTP/1.1\r\n\r\n") == 400);
  CHECK(refusal("GET / HTTP/2.0\r\n\r\n") == 505);
  CHECK(refusal("GET / FTP/1.1\r\n\r\n") == 400);
  CHECK(refusal("GET / HTTP/1.1\nHost: x\r\n\r\n") == 400);             // a bare LF
  CHECK(refusal("GET / HTTP/1.1\r\nHost x\r\n\r\n") == 400);             // no colon
  CHECK(refusal("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400);        // a blank in the name
  CHECK(refusal("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n") == 400);    // obs-fold
  CHECK(refusal(std::string("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 26)) == 400);
  CHECK(refusal("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 2) == 431);
  CHECK(refusal("GET / HTTP/1.1\r\nExpect: something\r\n\r\n") == 417);
}

TEST_CASE("http head: framing that could smuggle a second request is refused") {
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n") == 400);
  CHECK(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n") == 400);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n") == 400);
  CHECK(parsed("POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n").content_length == 4u);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == 400);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n") == 400);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n") == 400);
  CHECK(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 501);
  CHECK(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n") == 501);
}
