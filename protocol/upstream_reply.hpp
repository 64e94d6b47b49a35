// Parsing and validating what an upstream MCP server answers to tools/call -- the part of the
// upstream client that sees untrusted bytes, kept free of sockets so it can be tested and fuzzed
// on its own. Trust nothing: the category must be in the taxonomy, the confidence in [0, 1], the
// action known, the delay finite and within the cap, the reason a bounded string.
// Thread-safe: pure functions.
#pragma once

#include "support/expected.hpp"
#include <string>
#include <string_view>

#include "engine/ports.hpp"

namespace flakyd::protocol {

// Extracts the JSON-RPC message with `id` from a response body: a JSON object, or an SSE stream
// (text/event-stream) whose `data:` lines carry JSON-RPC messages.
flakyd::expected<std::string, std::string> find_response(std::string_view body, bool event_stream,
                                                      long long id);

// Validates a tools/call response (a JSON-RPC message) into a verdict; the error string is a short
// status: "rpc-error", "tool-error", "invalid-answer".
flakyd::expected<engine::UpstreamVerdict, std::string> parse_tool_reply(std::string_view message,
                                                                     double max_delay_s);

}  // namespace flakyd::protocol
