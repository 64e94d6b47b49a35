// The report's trail-line reader (report::read_trail_line: a flat-line fast path, else nlohmann's
// SAX parser) against nlohmann::json::parse: whatever it accepts must be a JSON object that
// nlohmann reads too, with the same category, action and source strings, and the same test id
// and example when they are strings. Inputs with a NUL byte are only checked not to crash
// (nlohmann's parse takes a NUL for the end of the input).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "report/builder.hpp"

namespace {

bool same_text(const nlohmann::json& object, const char* name, const std::string& ours) {
  const auto found = object.find(name);
  if (found == object.end() || !found->is_string()) return true;  // ours holds "" or an ignored value
  return found->get_ref<const std::string&>() == ours;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  flakyd::report::TrailEntry entry;
  if (!flakyd::report::read_trail_line(text, entry) || text.find('\0') != std::string_view::npos) return 0;
  nlohmann::json reference;
  try {
    reference = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    std::abort();  // accepted something that is not JSON
  }
  if (!reference.is_object()) std::abort();
  for (const auto& [name, ours] : {std::pair{"category", &entry.category}, std::pair{"action", &entry.action},
                                   std::pair{"source", &entry.source}, std::pair{"test_id", &entry.test_id},
                                   std::pair{"example", &entry.example}}) {
    if (!same_text(reference, name, *ours)) std::abort();
  }
  return 0;
}
