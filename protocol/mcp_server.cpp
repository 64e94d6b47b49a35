#include "protocol/mcp_server.hpp"

#include <array>
#include <chrono>
#include <stdexcept>

#include "protocol/json_limits.hpp"

namespace flakyd::protocol {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> k_legacy_versions = {"2025-11-25", "2025-06-18",
                                                               "2025-03-26"};
constexpr std::string_view k_batch_version = "2025-03-26";
constexpr const char* k_meta_version = "io.modelcontextprotocol/protocolVersion";
constexpr int k_list_ttl_ms = 300000;  // the tool list never changes while the daemon runs

json supported_versions() {
  json versions = json::array({k_modern_version});
  for (auto version : k_legacy_versions) versions.push_back(version);
  return versions;
}

// "=?base64?...?=" header values (MCP 2026-07-28, Value Encoding).
std::optional<std::string> decode_header_value(const std::string& value) {
  constexpr std::string_view k_prefix = "=?base64?";
  constexpr std::string_view k_suffix = "?=";
  if (!value.starts_with(k_prefix) || !value.ends_with(k_suffix) ||
      value.size() < k_prefix.size() + k_suffix.size()) {
    return value;
  }
  const std::string_view encoded(value.data() + k_prefix.size(),
                                 value.size() - k_prefix.size() - k_suffix.size());
  std::string decoded;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : encoded) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else if (c == '=') break;
    else return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return decoded;
}

const json* meta_version(const json& params) {
  if (!params.is_object()) return nullptr;
  const auto meta = params.find("_meta");
  if (meta == params.end() || !meta->is_object()) return nullptr;
  const auto version = meta->find(k_meta_version);
  return version == meta->end() ? nullptr : &*version;
}

bool is_error(const json& response) { return response.contains("error"); }

// The elements of a top-level JSON array, counted on the raw text without building anything and
// without looking past `limit + 1` of them, so an oversized batch is refused before it costs a
// parse. Text that is not an array counts 0; malformed text may count wrong, and then fails to
// parse anyway.
std::size_t batch_elements(std::string_view text, std::size_t limit) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '[') return 0;
  std::size_t commas = 0;
  int depth = 0;
  bool in_string = false;
  bool content = false;  // something other than blanks inside the outer brackets
  for (std::size_t i = first; i < text.size() && commas <= limit; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') ++depth;
    else if (c == ']' || c == '}') --depth;
    else if (c == ',' && depth == 1) ++commas;
    if (depth >= 1 && i > first && c != ' ' && c != '\t' && c != '\r' && c != '\n') content = true;
    if (depth == 0) break;
  }
  return content ? commas + 1 : 0;
}

std::string batch_too_long() {
  return dump_json(jsonrpc::error(nullptr, jsonrpc::k_invalid_request,
                                  "a JSON-RPC batch may hold at most " + std::to_string(k_max_batch_elements) +
                                      " requests"));
}

}  // namespace

bool is_legacy_version(std::string_view version) {
  for (auto known : k_legacy_versions) {
    if (known == version) return true;
  }
  return false;
}

bool is_supported_version(std::string_view version) {
  return version == k_modern_version || is_legacy_version(version);
}

struct McpServer::Call {
  jsonrpc::Message message;
  const HttpContext* http = nullptr;  // nullptr on stdio
  Session* session = nullptr;         // stdio's session, or a copy of the HTTP one
  std::optional<Session> http_session;
  bool modern = false;
  int http_status = 200;
  std::optional<std::string> created_session;
};

McpServer::McpServer(const ToolCatalog& tools, ServerIdentity identity, RequestObserver* observer,
                     int max_json_depth)
    : m_tools(tools),
      m_identity(std::move(identity)),
      m_observer(observer),
      m_max_json_depth(max_json_depth) {}

void McpServer::observe(std::string_view method, std::string_view outcome, double seconds) {
  if (m_observer) m_observer->on_rpc(method, outcome, seconds);
}

Reply McpServer::handle_http(std::string_view body, const HttpContext& context) {
  Call call;
  call.http = &context;
  if (context.session_id) {
    call.http_session = m_sessions.find(*context.session_id);
    if (call.http_session) call.session = &*call.http_session;
  }
  if (batch_elements(body, k_max_batch_elements) > k_max_batch_elements) {
    observe("(batch)", "error", 0.0);
    return Reply{400, batch_too_long(), std::nullopt};
  }
  auto parsed = parse_json(body, m_max_json_depth);
  if (!parsed) {
    const bool deep = parsed.error().kind == JsonError::Kind::too_deep;
    observe("(unparsed)", "error", 0.0);
    return Reply{400,
                 dump_json(jsonrpc::error(nullptr, deep ? jsonrpc::k_invalid_request : jsonrpc::k_parse_error,
                                          deep ? parsed.error().message : "parse error",
                                          json{{"detail", parsed.error().message}})),
                 std::nullopt};
  }
  if (parsed->is_array()) {
    const bool allowed = call.session && call.session->protocol_version == k_batch_version;
    if (!allowed || parsed->empty()) {
      observe("(batch)", "error", 0.0);
      return Reply{400,
                   dump_json(jsonrpc::error(nullptr, jsonrpc::k_invalid_request,
                                            parsed->empty() ? "empty batch"
                                                            : "JSON-RPC batches are accepted only in "
                                                              "sessions that negotiated 2025-03-26")),
                   std::nullopt};
    }
    auto replies = handle_batch(*parsed, [&](Call& inner) {
      inner.http = &context;
      inner.http_session = call.http_session;
      inner.session = &*inner.http_session;
    });
    if (replies.empty()) return Reply{202, {}, std::nullopt};
    return Reply{200, std::move(replies), std::nullopt};
  }
  return handle_value(*parsed, call);
}

std::string McpServer::handle_stdio(std::string_view line, Session& session) {
  Call call;
  call.session = &session;
  if (batch_elements(line, k_max_batch_elements) > k_max_batch_elements) {
    observe("(batch)", "error", 0.0);
    return batch_too_long();
  }
  auto parsed = parse_json(line, m_max_json_depth);
  if (!parsed) {
    const bool deep = parsed.error().kind == JsonError::Kind::too_deep;
    observe("(unparsed)", "error", 0.0);
    return dump_json(jsonrpc::error(nullptr, deep ? jsonrpc::k_invalid_request : jsonrpc::k_parse_error,
                                    deep ? parsed.error().message : "parse error",
                                    json{{"detail", parsed.error().message}}));
  }
  if (parsed->is_array()) {
    if (session.protocol_version != k_batch_version || parsed->empty()) {
      return dump_json(jsonrpc::error(nullptr, jsonrpc::k_invalid_request,
                                      "JSON-RPC batches are accepted only after negotiating 2025-03-26"));
    }
    return handle_batch(*parsed, [&](Call& inner) { inner.session = &session; });
  }
  return handle_value(*parsed, call).body;
}

std::string McpServer::handle_batch(const json& batch, const std::function<void(Call&)>& prepare) {
  std::string replies = "[";
  for (const auto& element : batch) {
    Call inner;
    prepare(inner);
    const auto reply = handle_value(element, inner);
    if (reply.body.empty()) continue;
    if (replies.size() + reply.body.size() + 1 > k_max_batch_reply_bytes) {
      observe("(batch)", "error", 0.0);
      return dump_json(jsonrpc::error(nullptr, jsonrpc::k_internal_error,
                                      "the batch's answers exceed " + std::to_string(k_max_batch_reply_bytes) +
                                          " bytes: send fewer requests per batch"));
    }
    if (replies.size() > 1) replies += ',';
    replies += reply.body;
  }
  if (replies.size() == 1) return {};
  replies += ']';
  return replies;
}

Reply McpServer::handle_value(const json& value, Call& call) {
  const auto started = std::chrono::steady_clock::now();
  call.message = jsonrpc::classify(value);
  const auto& message = call.message;
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (message.kind == jsonrpc::Kind::invalid) {
    observe("(invalid)", "error", seconds());
    return Reply{400, dump_json(jsonrpc::error(message.id, jsonrpc::k_invalid_request, message.problem)),
                 std::nullopt};
  }
  if (message.kind == jsonrpc::Kind::response) return Reply{202, {}, std::nullopt};

  const json* version = meta_version(message.params);
  call.modern = (version && *version == k_modern_version) ||
                (call.http && call.http->protocol_version == k_modern_version &&
                 message.method != "initialize");
  if (call.http && !call.modern) {
    if (call.http->session_id && !call.http_session) {
      observe(message.method, "error", seconds());
      return Reply{404,
                   dump_json(jsonrpc::error(message.id, jsonrpc::k_invalid_request,
                                            "unknown or expired session: send initialize again")),
                   std::nullopt};
    }
    if (call.http->protocol_version && !is_supported_version(*call.http->protocol_version)) {
      observe(message.method, "error", seconds());
      return Reply{400,
                   dump_json(jsonrpc::error(message.id, jsonrpc::k_unsupported_protocol_version,
                                            "Unsupported protocol version",
                                            json{{"supported", supported_versions()},
                                                 {"requested", *call.http->protocol_version}})),
                   std::nullopt};
    }
  }
  if (message.kind == jsonrpc::Kind::notification) {
    if (message.method == "notifications/initialized") {
      if (call.http && call.http->session_id && call.http_session) {
        m_sessions.mark_initialized(*call.http->session_id);
      } else if (!call.http && call.session) {
        call.session->initialized = true;
      }
    }
    observe(message.method, "notification", seconds());
    return Reply{202, {}, std::nullopt};
  }

  json response;
  try {
    response = dispatch(call);
  } catch (const std::exception&) {
    // One catch-all per entry: the client learns that something failed, never what or where.
    response = jsonrpc::error(message.id, jsonrpc::k_internal_error, "internal error");
    call.http_status = 500;
  }
  const bool tool_error = !is_error(response) && response["result"].value("isError", false);
  observe(message.method, is_error(response) ? "error" : tool_error ? "tool_error" : "ok", seconds());
  return Reply{call.http_status, dump_json(response), call.created_session};
}

std::optional<json> McpServer::check_modern_headers(Call& call) const {
  const auto& message = call.message;
  const json* version = meta_version(message.params);
  auto reject = [&](int status, int code, std::string text, std::optional<json> data = std::nullopt) {
    call.http_status = status;
    return jsonrpc::error(message.id, code, std::move(text), std::move(data));
  };
  if (!version || !version->is_string()) {
    return reject(400, jsonrpc::k_header_mismatch,
                  "Header mismatch: params._meta[\"io.modelcontextprotocol/protocolVersion\"] is required");
  }
  const auto& requested = version->get_ref<const std::string&>();
  if (!call.http) return std::nullopt;
  const auto& headers = *call.http;
  if (!headers.protocol_version) {
    return reject(400, jsonrpc::k_header_mismatch, "Header mismatch: MCP-Protocol-Version header is required");
  }
  if (*headers.protocol_version != requested) {
    return reject(400, jsonrpc::k_header_mismatch,
                  "Header mismatch: MCP-Protocol-Version header value '" + *headers.protocol_version +
                      "' does not match body value '" + requested + "'");
  }
  if (!headers.method || *headers.method != message.method) {
    return reject(400, jsonrpc::k_header_mismatch,
                  "Header mismatch: Mcp-Method header must be present and equal to '" + message.method + "'");
  }
  if (message.method == "tools/call") {
    const auto name = message.params.is_object() ? message.params.value("name", json()) : json();
    const auto header = headers.name ? decode_header_value(*headers.name) : std::nullopt;
    if (!header || !name.is_string() || *header != name.get<std::string>()) {
      return reject(400, jsonrpc::k_header_mismatch,
                    "Header mismatch: Mcp-Name header must be present and equal to params.name");
    }
  }
  return std::nullopt;
}

json McpServer::dispatch(Call& call) {
  const auto& message = call.message;
  if (const json* version = meta_version(message.params);
      version && (!version->is_string() || !is_supported_version(version->get<std::string>()))) {
    call.http_status = 400;
    return jsonrpc::error(message.id, jsonrpc::k_unsupported_protocol_version,
                          "Unsupported protocol version",
                          json{{"supported", supported_versions()}, {"requested", *version}});
  }
  if (call.modern) {
    if (auto rejected = check_modern_headers(call)) return *rejected;
  }

  json result;
  if (message.method == "initialize" && !call.modern) {
    result = initialize(call);
  } else if (message.method == "ping") {
    result = json::object();
  } else if (message.method == "server/discover") {
    result = discover(call);
  } else if (message.method == "tools/list") {
    result = json{{"tools", m_tools.tools()}};
    if (call.modern) {
      result["ttlMs"] = k_list_ttl_ms;
      result["cacheScope"] = "public";
    }
  } else if (message.method == "tools/call") {
    result = tools_call(call);
  } else if (m_identity.fault_injection && message.method == "flakyd.test/throw") {
    throw std::runtime_error("injected fault: /etc/flakyd/secret-internal-detail");
  } else {
    if (call.modern && call.http) call.http_status = 404;
    return jsonrpc::error(message.id, jsonrpc::k_method_not_found, "Method not found: " + message.method);
  }
  if (is_error(result)) return result;  // initialize / tools_call built their own error
  if (call.modern) {
    result["resultType"] = "complete";
    result["_meta"]["io.modelcontextprotocol/serverInfo"] = {{"name", m_identity.name},
                                                             {"version", m_identity.version}};
  }
  return jsonrpc::result(message.id, std::move(result));
}

json McpServer::initialize(Call& call) {
  const auto& params = call.message.params;
  if (!params.is_object() || !params.contains("protocolVersion") ||
      !params["protocolVersion"].is_string()) {
    return jsonrpc::error(call.message.id, jsonrpc::k_invalid_params,
                          "initialize needs params.protocolVersion (a string)");
  }
  const auto requested = params["protocolVersion"].get<std::string>();
  const std::string negotiated =
      is_legacy_version(requested) ? requested : std::string(k_newest_legacy_version);
  if (call.http) {
    call.created_session = m_sessions.create(negotiated);
  } else if (call.session) {
    call.session->protocol_version = negotiated;
  }
  json result = {{"protocolVersion", negotiated},
                 {"capabilities", {{"tools", {{"listChanged", false}}}}},
                 {"serverInfo", {{"name", m_identity.name}, {"version", m_identity.version}}}};
  if (!m_identity.instructions.empty()) result["instructions"] = m_identity.instructions;
  return result;
}

json McpServer::discover(Call&) const {
  json result = {{"supportedVersions", supported_versions()},
                 {"capabilities", {{"tools", {{"listChanged", false}}}}},
                 {"serverInfo", {{"name", m_identity.name}, {"version", m_identity.version}}},
                 {"ttlMs", k_list_ttl_ms},
                 {"cacheScope", "public"}};
  if (!m_identity.instructions.empty()) result["instructions"] = m_identity.instructions;
  return result;
}

json McpServer::tools_call(Call& call) {
  const auto& params = call.message.params;
  if (!params.is_object() || !params.contains("name") || !params["name"].is_string()) {
    return jsonrpc::error(call.message.id, jsonrpc::k_invalid_params,
                          "tools/call needs params.name (a string)");
  }
  const json empty = json::object();
  const json& arguments = params.contains("arguments") ? params["arguments"] : empty;
  if (!arguments.is_object()) {
    return jsonrpc::error(call.message.id, jsonrpc::k_invalid_params,
                          "tools/call params.arguments must be an object");
  }
  auto outcome = m_tools.call(params["name"].get<std::string>(), arguments);
  if (!outcome) return jsonrpc::error(call.message.id, outcome.error().code, outcome.error().message);
  return std::move(*outcome);
}

}  // namespace flakyd::protocol
