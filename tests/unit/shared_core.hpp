// shared_core(): the built-in rules, redactor and fingerprinter, compiled once for every test
// that needs them (compiling takes a while; the Core is immutable and shared).
#pragma once

#include <doctest/doctest.h>

#include "engine/core.hpp"

namespace flakyd::testing {

inline const engine::Core& shared_core() {
  static const engine::Core k_core = [] {
    auto created = engine::Core::create();
    REQUIRE(created.has_value());
    return std::move(*created);
  }();
  return k_core;
}

}  // namespace flakyd::testing
