#include "engine/outcome_recorder.hpp"

namespace flakyd::engine {

flakyd::expected<std::size_t, StoreError> OutcomeRecorder::record(OutcomeBatch batch) const {
  auto redact = [this](std::string& text) {
    if (!text.empty()) text = m_core.redactor.redact(text).text;
  };
  redact(batch.run_id);
  redact(batch.commit);
  for (auto& outcome : batch.outcomes) {
    redact(outcome.test_id);
    redact(outcome.rule);
  }
  return m_store.record(batch);
}

}  // namespace flakyd::engine
