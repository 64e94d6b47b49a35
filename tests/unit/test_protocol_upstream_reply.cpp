#include <doctest/doctest.h>

#include "protocol/upstream_reply.hpp"

using namespace flakyd;

namespace {

constexpr double k_cap = 60.0;

std::string reply_with_content(const std::string& item) {
  return R"({"jsonrpc":"2.0","id":7,"result":{"content":[)" + item + "]}}";
}

}  // namespace

TEST_CASE("an upstream verdict carried in a text content item is read and validated") {
  const auto reply = protocol::parse_tool_reply(
      reply_with_content(R"({"type":"text","text":"{\"category\":\"timeout\",\"confidence\":0.7}"})"), k_cap);
  REQUIRE(reply.has_value());
  CHECK(reply->category == heuristics::Category::timeout);
  CHECK(reply->confidence == doctest::Approx(0.7));
}

TEST_CASE("content items whose type is not a string are skipped, not a crash") {
  // Found by fuzz_upstream_reply in CI: json::value("type", "") threw type_error on a number.
  const std::string verdict = R"("{\"category\":\"timeout\",\"confidence\":0.5}")";
  CHECK(protocol::parse_tool_reply(reply_with_content(R"({"type":0.7,"text":)" + verdict + "}"), k_cap).error() ==
        "invalid-answer");
  CHECK(protocol::parse_tool_reply(reply_with_content(R"({"type":["text"],"text":)" + verdict + "}"), k_cap)
            .error() == "invalid-answer");
  // A later well-formed item still counts.
  const auto later = protocol::parse_tool_reply(
      reply_with_content(R"({"type":null,"text":"x"},{"type":"text","text":)" + verdict + "}"), k_cap);
  REQUIRE(later.has_value());
  CHECK(later->category == heuristics::Category::timeout);
}

TEST_CASE("isError is a tool error only when it is the boolean true") {
  const std::string content = R"("content":[{"type":"text","text":"{\"category\":\"timeout\",\"confidence\":0.5}"}])";
  CHECK(protocol::parse_tool_reply(R"({"jsonrpc":"2.0","id":7,"result":{"isError":true,)" + content + "}}", k_cap)
            .error() == "tool-error");
  for (const char* odd : {R"("yes")", "1", "{}", "null", "false"}) {
    CAPTURE(odd);
    const auto reply = protocol::parse_tool_reply(
        std::string(R"({"jsonrpc":"2.0","id":7,"result":{"isError":)") + odd + "," + content + "}}", k_cap);
    CHECK(reply.has_value());
  }
}
