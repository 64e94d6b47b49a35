#include "protocol/jsonrpc.hpp"

namespace flakyd::protocol::jsonrpc {

using nlohmann::json;

namespace {
bool valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_number_unsigned(); }
}  // namespace

Message classify(const json& value) {
  Message message;
  if (!value.is_object()) {
    message.problem = "a JSON-RPC message must be an object";
    return message;
  }
  const auto id = value.find("id");
  const bool has_id = id != value.end();
  if (has_id && valid_id(*id)) message.id = *id;
  const auto version = value.find("jsonrpc");
  if (version == value.end() || *version != "2.0") {
    message.problem = "\"jsonrpc\" must be \"2.0\"";
    return message;
  }
  const auto method = value.find("method");
  if (method == value.end()) {
    if (has_id && (value.contains("result") || value.contains("error"))) {
      message.kind = Kind::response;
      return message;
    }
    message.problem = "\"method\" is required";
    return message;
  }
  if (!method->is_string()) {
    message.problem = "\"method\" must be a string";
    return message;
  }
  if (has_id && !valid_id(*id)) {
    message.problem = "\"id\" must be a string or an integer";
    return message;
  }
  message.method = method->get<std::string>();
  if (const auto params = value.find("params"); params != value.end()) {
    if (!params->is_object() && !params->is_array()) {
      message.problem = "\"params\" must be an object or an array";
      return message;
    }
    message.params = *params;
  }
  message.kind = has_id ? Kind::request : Kind::notification;
  return message;
}

json result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json error(const json& id, int code, std::string message, std::optional<json> data) {
  json error_object = {{"code", code}, {"message", std::move(message)}};
  if (data) error_object["data"] = std::move(*data);
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error_object)}};
}

}  // namespace flakyd::protocol::jsonrpc
