#include "protocol/upstream_reply.hpp"

#include <cmath>

#include "protocol/json_limits.hpp"

namespace flakyd::protocol {

using nlohmann::json;

namespace {

constexpr std::size_t k_max_reason = 500;
constexpr int k_max_depth = 32;

// True when object[key] is exactly the JSON value `expected`. A field of another type (a number
// where a string belongs) is no match: json::value() would throw on it, and a reply is untrusted.
bool field_equals(const json& object, const char* key, const json& expected) {
  const auto field = object.find(key);
  return field != object.end() && *field == expected;
}

bool has_id(const json& message, long long id) {
  return message.is_object() && message.contains("id") && message["id"].is_number_integer() &&
         message["id"].get<long long>() == id;
}

flakyd::expected<engine::UpstreamVerdict, std::string> validate(const json& value, double max_delay_s) {
  if (!value.is_object()) return flakyd::unexpected("invalid-answer");
  engine::UpstreamVerdict verdict;
  const auto category = value.find("category");
  if (category == value.end() || !category->is_string()) return flakyd::unexpected("invalid-answer");
  const auto parsed = heuristics::parse_category(category->get<std::string>());
  if (!parsed) return flakyd::unexpected("invalid-answer");
  verdict.category = *parsed;
  const auto confidence = value.find("confidence");
  if (confidence == value.end() || !confidence->is_number()) return flakyd::unexpected("invalid-answer");
  verdict.confidence = confidence->get<double>();
  if (!(verdict.confidence >= 0.0 && verdict.confidence <= 1.0)) return flakyd::unexpected("invalid-answer");
  if (const auto action = value.find("action"); action != value.end() && !action->is_null()) {
    if (*action == "retry_with_delay") verdict.action = heuristics::Action::retry_with_delay;
    else if (*action == "stop_retry") verdict.action = heuristics::Action::stop_retry;
    else return flakyd::unexpected("invalid-answer");
  }
  if (const auto delay = value.find("delay_s"); delay != value.end() && !delay->is_null()) {
    if (!delay->is_number()) return flakyd::unexpected("invalid-answer");
    const double seconds = delay->get<double>();
    if (!std::isfinite(seconds) || seconds < 0.0 || seconds > max_delay_s) return flakyd::unexpected("invalid-answer");
    verdict.delay_s = seconds;
  }
  if (const auto reason = value.find("reason"); reason != value.end() && reason->is_string()) {
    verdict.reason = reason->get<std::string>().substr(0, k_max_reason);
  }
  return verdict;
}

}  // namespace

flakyd::expected<std::string, std::string> find_response(std::string_view body, bool event_stream, long long id) {
  if (!event_stream) return std::string(body);
  // SSE: events separated by blank lines; each `data:` line is part of the event's payload.
  std::string data;
  auto flush = [&]() -> std::optional<std::string> {
    if (data.empty()) return std::nullopt;
    auto message = parse_json(data, k_max_depth);
    std::string candidate = std::move(data);
    data.clear();
    if (message && has_id(*message, id)) return candidate;
    return std::nullopt;
  };
  std::size_t start = 0;
  while (start <= body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (auto found = flush()) return *found;
    } else if (line.starts_with("data:")) {
      line.remove_prefix(5);
      if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (!data.empty()) data.push_back('\n');
      data.append(line);
    }
    if (end == body.size()) break;
    start = end + 1;
  }
  if (auto found = flush()) return *found;
  return flakyd::unexpected("invalid-answer");
}

flakyd::expected<engine::UpstreamVerdict, std::string> parse_tool_reply(std::string_view message,
                                                                     double max_delay_s) {
  auto parsed = parse_json(message, k_max_depth);
  if (!parsed || !parsed->is_object()) return flakyd::unexpected("invalid-answer");
  const json& reply = *parsed;
  if (reply.contains("error")) return flakyd::unexpected("rpc-error");
  const auto result = reply.find("result");
  if (result == reply.end() || !result->is_object()) return flakyd::unexpected("invalid-answer");
  if (field_equals(*result, "isError", true)) return flakyd::unexpected("tool-error");
  if (const auto structured = result->find("structuredContent");
      structured != result->end() && structured->is_object()) {
    return validate(*structured, max_delay_s);
  }
  // No structuredContent: the first text item may carry the same JSON.
  const auto content = result->find("content");
  if (content != result->end() && content->is_array()) {
    for (const auto& item : *content) {
      if (!item.is_object() || !field_equals(item, "type", "text") || !item.contains("text") ||
          !item["text"].is_string()) {
        continue;
      }
      auto inner = parse_json(item["text"].get_ref<const std::string&>(), k_max_depth);
      if (inner) return validate(*inner, max_delay_s);
    }
  }
  return flakyd::unexpected("invalid-answer");
}

}  // namespace flakyd::protocol
