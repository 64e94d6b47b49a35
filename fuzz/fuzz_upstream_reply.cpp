// The upstream reply parser: bytes in (a JSON or SSE body). Invariants: an accepted verdict is in
// the taxonomy, its confidence in [0, 1], its delay within the cap; never a crash.
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "protocol/upstream_reply.hpp"

using namespace flakyd;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (bool event_stream : {false, true}) {
    auto message = protocol::find_response(body, event_stream, 7);
    if (!message) continue;
    auto verdict = protocol::parse_tool_reply(*message, 60.0);
    if (!verdict) continue;
    if (!(verdict->confidence >= 0.0 && verdict->confidence <= 1.0)) std::abort();
    if (verdict->delay_s && !(*verdict->delay_s >= 0.0 && *verdict->delay_s <= 60.0)) std::abort();
    if (verdict->reason.size() > 500) std::abort();
  }
  return 0;
}
