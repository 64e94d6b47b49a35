// shared_core(): the built-in rules, redactor and fingerprinter, compiled once for every test
// that needs them; shared_redactor(): the default redactor alone (compiling takes a while; both
// are immutable and shared).
#pragma once

#include <doctest/doctest.h>

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

}  // namespace flakyd::testing
