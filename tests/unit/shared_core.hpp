// shared_core(): the built-in rules, redactor and fingerprinter, compiled once for every test
// that needs them; shared_redactor(): the default redactor alone (compiling takes a while; both
// are immutable and shared); redaction_removes / redaction_keeps: what leak-class tests ask of it.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "engine/core.hpp"
#include "redact/redactor.hpp"

namespace flakyd::testing {

inline const engine::Core& shared_core() {
  static const engine::Core k_core = [] {
    auto created = engine::Core::create();
    REQUIRE(created.has_value());
    return std::move(*created);
  }();
  return k_core;
}

// The built-in redactor with default options, compiled once.
inline const redact::Redactor& shared_redactor() {
  static const redact::Redactor k_redactor = [] {
    auto created = redact::Redactor::create();
    REQUIRE(created.has_value());
    return std::move(*created);
  }();
  return k_redactor;
}

// The default redactor's output; whether it no longer holds `secret` / still holds `part`.
inline std::string redacted_text(const std::string& text) { return shared_redactor().redact(text).text; }
inline bool redaction_removes(const std::string& text, const std::string& secret) {
  return shared_redactor().redact(text).text.find(secret) == std::string::npos;
}
inline bool redaction_keeps(const std::string& text, const std::string& part) {
  return shared_redactor().redact(text).text.find(part) != std::string::npos;
}

}  // namespace flakyd::testing
