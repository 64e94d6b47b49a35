// The JSON-RPC/MCP request path: bytes in (an HTTP body, with fuzzed headers), a reply out.
// Invariants: no crash or sanitizer report; a reply body, when present, is valid JSON.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/classifier.hpp"
#include "protocol/json_limits.hpp"
#include "protocol/mcp_server.hpp"

using namespace flakyd;

namespace {
struct Server {
  engine::Core core = std::move(*engine::Core::create());
  engine::Classifier classifier{core};
  protocol::ToolCatalog tools{classifier, core.redactor, {}, nullptr};
  protocol::McpServer server{tools, {"flakyd", "fuzz", "", false}};
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Server* server = new Server();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte chooses which headers come along, so both eras and the checks are reached.
  const std::uint8_t flags = size > 0 ? data[0] : 0;
  if (size > 0) input.remove_prefix(1);
  protocol::HttpContext context;
  if (flags & 1) context.protocol_version = (flags & 2) ? "2026-07-28" : "2025-03-26";
  if (flags & 4) context.method = "tools/call";
  if (flags & 8) context.name = (flags & 16) ? "classify_failure" : "=?base64?cmVkYWN0?=";
  if (flags & 32) context.session_id = "00000000000000000000000000000000";
  const auto reply = server->server.handle_http(input, context);
  if (!reply.body.empty() && !protocol::parse_json(reply.body, 256)) std::abort();
  protocol::Session session;
  const auto line = server->server.handle_stdio(input, session);
  if (!line.empty() && !protocol::parse_json(line, 256)) std::abort();
  return 0;
}
