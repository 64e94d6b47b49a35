// The JSON reader (protocol::parse_json) against nlohmann::json::parse, the reference it promises
// to match: both accept or both reject every input, and what they accept reads as equal values
// (compared with == and by their dumps, which tells -0.0 from 0 and 1.0 from 1). Inputs nested
// deeper than the reader's limit are only checked not to crash. One difference is intended:
// nlohmann takes a NUL byte after the value for the end of the input ("1\0junk" reads as 1),
// the reader calls it trailing data; then the text up to the NUL must read alike.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "protocol/json_limits.hpp"
#include "support/json_depth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ours = flakyd::protocol::parse_json(text, 64);
  if (!ours && ours.error().kind == flakyd::protocol::JsonError::Kind::too_deep) return 0;
  if (flakyd::json_depth(text, 64) > 64) return 0;  // nlohmann would recurse on such values
  nlohmann::json reference;
  bool accepted = true;
  try {
    reference = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    accepted = false;
  }
  if (accepted && !ours && text.find('\0') != std::string_view::npos) {
    ours = flakyd::protocol::parse_json(text.substr(0, text.find('\0')), 64);
  }
  if (ours.has_value() != accepted) std::abort();
  if (accepted && (*ours != reference || ours->dump() != reference.dump())) std::abort();
  return 0;
}
