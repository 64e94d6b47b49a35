// McpServer: MCP over JSON-RPC 2.0, both eras of the specification on one endpoint, with no
// knowledge of sockets or pipes (transports live in daemon/).
//
//  * Handshake era (2025-03-26, 2025-06-18, 2025-11-25): `initialize` negotiates a version (a
//    supported one is echoed, anything else gets the newest), `notifications/initialized`,
//    `ping`, `tools/list`, `tools/call`. Over HTTP a session id is issued and JSON-RPC batches are
//    accepted only in sessions that negotiated 2025-03-26; a batch holds at most
//    k_max_batch_elements (counted before it is parsed) and its answers at most
//    k_max_batch_reply_bytes (else one -32603 error answers the whole batch).
//  * Stateless era (2026-07-28): a request whose params._meta carries
//    "io.modelcontextprotocol/protocolVersion" is served on its own: unsupported versions get
//    -32022 with the supported list; over HTTP the MCP-Protocol-Version, Mcp-Method and Mcp-Name
//    headers must match the body (-32020 otherwise); results carry resultType "complete", and
//    tools/list and server/discover carry ttlMs / cacheScope. `server/discover` is offered.
//  * Runners need no handshake: tools/call works without initialize, in either era.
//  * Errors: -32700 unparsable, -32600 not a valid request (or nesting too deep), -32601 unknown
//    method, -32602 bad params / unknown tool, -32603 internal (no message leaks). A tool's own
//    failure is an isError result.
//
// Thread-safety: handle_http() is safe to call concurrently; a Session passed to handle_stdio()
// belongs to its one caller.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"
#include "protocol/observer.hpp"
#include "protocol/session_store.hpp"
#include "protocol/tools.hpp"

namespace flakyd::protocol {

inline constexpr std::size_t k_max_batch_elements = 100;
inline constexpr std::size_t k_max_batch_reply_bytes = 16 << 20;
inline constexpr std::string_view k_modern_version = "2026-07-28";
inline constexpr std::string_view k_newest_legacy_version = "2025-11-25";
bool is_legacy_version(std::string_view version);
bool is_supported_version(std::string_view version);

struct ServerIdentity {
  std::string name = "flakyd";
  std::string version;
  std::string instructions;
  // Test hook: the method "flakyd.test/throw" throws inside the handler, to prove that a failing
  // handler answers -32603 without leaking its message. Only FLAKYD_TEST_FAULTS=1 turns it on.
  bool fault_injection = false;
};

// What an HTTP transport knows about a POST besides its body.
struct HttpContext {
  std::optional<std::string> protocol_version;  // MCP-Protocol-Version
  std::optional<std::string> method;            // Mcp-Method
  std::optional<std::string> name;              // Mcp-Name
  std::optional<std::string> session_id;        // Mcp-Session-Id
};

struct Reply {
  int http_status = 200;       // 202 with an empty body for notifications and responses
  std::string body;            // one JSON value, or empty
  std::optional<std::string> session_id;  // a session created by initialize (HTTP)
};

class McpServer {
 public:
  McpServer(const ToolCatalog& tools, ServerIdentity identity, RequestObserver* observer = nullptr,
            int max_json_depth = 64);

  Reply handle_http(std::string_view body, const HttpContext& context);
  // One newline-delimited message in; the reply line (without newline) or "" when none is due.
  std::string handle_stdio(std::string_view line, Session& session);

  bool end_session(const std::string& id) { return m_sessions.erase(id); }
  SessionStore& sessions() { return m_sessions; }

 private:
  struct Call;  // one message being dispatched
  nlohmann::json dispatch(Call& call);
  nlohmann::json handle_message(const nlohmann::json& value, Call& call);
  Reply handle_value(const nlohmann::json& value, Call& call);
  // The batch's answers as one JSON array, "" when none is due; `prepare` sets up each Call.
  std::string handle_batch(const nlohmann::json& batch, const std::function<void(Call&)>& prepare);
  nlohmann::json initialize(Call& call);
  nlohmann::json tools_call(Call& call);
  nlohmann::json discover(Call& call) const;
  std::optional<nlohmann::json> check_modern_headers(Call& call) const;
  void observe(std::string_view method, std::string_view outcome, double seconds);

  const ToolCatalog& m_tools;
  ServerIdentity m_identity;
  RequestObserver* m_observer;
  int m_max_json_depth;
  SessionStore m_sessions;
};

}  // namespace flakyd::protocol
