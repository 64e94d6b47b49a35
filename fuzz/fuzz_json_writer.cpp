// The writer (protocol::dump_json) against nlohmann's dump with error_handler_t::replace, the
// output it promises to reproduce byte for byte. Two documents per input: the raw bytes as one
// string value (any byte sequence, ill-formed UTF-8 included, as a trace cut mid-character can
// be), and, when the input parses, the parsed value (numbers, nesting, member order).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "protocol/json_limits.hpp"

namespace {

void check(const nlohmann::json& value) {
  const std::string reference = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (flakyd::protocol::dump_json(value) != reference) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(nlohmann::json(std::string(text)));
  check(nlohmann::json::object({{std::string(text), 1.5}}));
  if (auto parsed = flakyd::protocol::parse_json(text, 64)) check(*parsed);
  return 0;
}
