// OutcomeRecorder: the one way outcomes reach a HistoryStore. It redacts every free-text field
// (test id, run id, commit, rule) with the core's redactor before the store sees it -- a test
// id can carry a parametrised secret -- so nothing unredacted is ever stored.
// Errors: a StoreError value (the store is down or refused the batch); never throws.
// Thread-safe when the store is (every HistoryStore is).
#pragma once

#include <cstddef>

#include "engine/core.hpp"
#include "engine/history.hpp"

namespace flakyd::engine {

class OutcomeRecorder {
 public:
  OutcomeRecorder(const Core& core, HistoryStore& store) : m_core(core), m_store(store) {}

  flakyd::expected<std::size_t, StoreError> record(OutcomeBatch batch) const;

  HistoryStore& store() const { return m_store; }

 private:
  const Core& m_core;
  HistoryStore& m_store;
};

}  // namespace flakyd::engine
