#include "engine/history.hpp"

namespace flakyd::engine {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::passed: return "passed";
    case Outcome::failed: return "failed";
    case Outcome::skipped: return "skipped";
  }
  return "failed";
}

std::optional<Outcome> parse_outcome(std::string_view name) {
  if (name == "passed") return Outcome::passed;
  if (name == "failed") return Outcome::failed;
  if (name == "skipped") return Outcome::skipped;
  return std::nullopt;
}

}  // namespace flakyd::engine
