// shared_core(): the built-in rules, redactor and fingerprinter, compiled once per benchmark
// process and shared by every benchmark (immutable).
#pragma once

#include <cstdlib>

#include "engine/core.hpp"

namespace flakyd::bench {

inline const engine::Core& shared_core() {
  static const engine::Core k_core = [] {
    auto created = engine::Core::create();
    if (!created) std::abort();
    return std::move(*created);
  }();
  return k_core;
}

}  // namespace flakyd::bench
