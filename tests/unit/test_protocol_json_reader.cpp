// parse_json promises to read JSON exactly as nlohmann::json::parse does (fuzz_json_reader checks
// that on random input); these cases pin the corners by name.
#include <doctest/doctest.h>

#include <string>

#include "protocol/json_limits.hpp"

using flakyd::protocol::JsonError;
using flakyd::protocol::parse_json;
using nlohmann::json;

namespace {
json read(std::string_view text) {
  auto parsed = parse_json(text);
  REQUIRE_MESSAGE(parsed.has_value(), parsed.error().message);
  return std::move(*parsed);
}
bool refused(std::string_view text) { return !parse_json(text).has_value(); }
}  // namespace

TEST_CASE("values read as nlohmann reads them") {
  const std::string text =
      R"( {"s":"a\"b\\c\/d\b\f\n\r\t","n":[0,-0,1.5,-2e3,1E-400,18446744073709551615,)"
      R"(18446744073709551616,-9223372036854775808,-9223372036854775809],"l":[true,false,null],)"
      R"("o":{},"a":[],"u":"\u00e9\ud83d\ude00\u0000x"} )";
  const json value = read(text);
  CHECK(value == json::parse(text));
  CHECK(value.dump() == json::parse(text).dump());
  CHECK(value["n"][5].is_number_unsigned());
  CHECK(value["n"][6].is_number_float());
  CHECK(value["n"][7].is_number_integer());
  CHECK(value["u"].get<std::string>() == std::string("\xC3\xA9\xF0\x9F\x98\x80\0x", 8));
}

TEST_CASE("a byte-order mark is skipped and a repeated key keeps its last value") {
  CHECK(read("\xEF\xBB\xBF[1]") == json::array({1}));
  CHECK(read(R"({"a":1,"a":{"b":2}})") == json::parse(R"({"a":{"b":2}})"));
}

TEST_CASE("malformed JSON is refused") {
  for (const char* text : {"", " ", "[", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e",
                           "+1", "tru", "nul", "[1 2]", "{\"a\" 1}", "\"abc", "\"\\x\"", "\"\\u12\"",
                           "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"a\tb\"", "1e999",
                           "[1]]", "NaN", "'a'"}) {
    CAPTURE(std::string(text));
    CHECK(refused(text));
  }
  using namespace std::string_literals;
  CHECK(refused("1\0junk"s));  // nlohmann stops at the NUL and accepts this; trailing data here
}

TEST_CASE("strings must be well-formed UTF-8") {
  for (const char* text : {"\"\xC0\xAF\"", "\"\xE0\x80\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
                           "\"\xFF\"", "\"\xC3\"", "\"\x80\""}) {
    CAPTURE(std::string(text));
    CHECK(refused(text));
  }
  CHECK(read("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"") == json("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
}

TEST_CASE("errors name a byte offset and never echo the input") {
  const auto bad = parse_json(R"({"token": "ghp_secret", oops})");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == JsonError::Kind::parse);
  CHECK(bad.error().message == "invalid JSON at byte 24: expected a member name");
  CHECK(bad.error().message.find("ghp_") == std::string::npos);
}

TEST_CASE("depth is checked while reading, up to the limit and no further") {
  CHECK(parse_json(std::string(64, '[') + std::string(64, ']')).has_value());
  const auto deep = parse_json(std::string(65, '[') + std::string(65, ']'));
  REQUIRE_FALSE(deep.has_value());
  CHECK(deep.error().kind == JsonError::Kind::too_deep);
  CHECK(parse_json(R"({"a":{"b":1}})", 1).error().kind == JsonError::Kind::too_deep);
}
