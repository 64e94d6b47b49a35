// dump_json promises nlohmann's dump(-1, ' ', false, replace) byte for byte (fuzz_json_writer
// checks that on random input); these cases pin the corners by name, against literal expected
// text and against nlohmann itself.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "protocol/json_limits.hpp"

using flakyd::protocol::dump_json;
using nlohmann::json;

namespace {
std::string nlohmann_dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}
std::string dump_string(std::string text) { return dump_json(json(std::move(text))); }
}  // namespace

TEST_CASE("dump_json: escapes the way nlohmann does") {
  CHECK(dump_string("plain text") == R"("plain text")");
  CHECK(dump_string("quote \" backslash \\ slash /") == R"("quote \" backslash \\ slash /")");
  CHECK(dump_string("\b\f\n\r\t") == R"("\b\f\n\r\t")");
  CHECK(dump_string(std::string("\x00\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\x7f\"");
  CHECK(dump_string("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST_CASE("dump_json: ill-formed UTF-8 becomes one U+FFFD per maximal subpart") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(dump_string("\xFF") == "\"" + fffd + "\"");                      // cannot start
  CHECK(dump_string("\xC3(") == "\"" + fffd + "(\"");                    // breaks off, '(' kept
  CHECK(dump_string("\xE2\x82") == "\"" + fffd + "\"");                  // cut by the end
  CHECK(dump_string("\xE0\x80\xAF") == "\"" + fffd + fffd + fffd + "\"");  // overlong
  CHECK(dump_string("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // surrogate
  CHECK(dump_string("\xF0\x9F\x98\"") == "\"" + fffd + "\\\"\"");        // breaks off at a quote
  for (const std::string text : {"\xC3", "a\xF4\x90\x80\x80z", "\xC2\xC2\xA9", "\x80\x80", "\xF0\x9F\x98"}) {
    CHECK(dump_string(text) == nlohmann_dump(json(text)));
  }
}

TEST_CASE("dump_json: numbers, nesting and member order match nlohmann") {
  const json document = json::parse(
      R"({"z":[1,-2,18446744073709551615,-9223372036854775808],"a":{"d":0.1,"e":1.0,"f":-0.0,)"
      R"("g":1e300,"h":3.14159e-7,"i":123456789.125},"m":[true,false,null,[],{}],"s":"x"})");
  CHECK(dump_json(document) == nlohmann_dump(document));
  CHECK(dump_json(json{{"b", 1}, {"a", 2.5}}) == R"({"a":2.5,"b":1})");
  CHECK(dump_json(json(std::nan(""))) == "null");
  CHECK(dump_json(json(std::numeric_limits<double>::infinity())) == "null");
  CHECK(dump_json(json(2.0)) == "2.0");
}

TEST_CASE("dump_json: an indent asks for nlohmann's pretty printing") {
  const json document = {{"a", 1}, {"b", {1, 2}}};
  CHECK(dump_json(document, 2) == document.dump(2));
}
