// ObservedHistoryStore: wraps the history store the pipeline opened so that its faults degrade
// visibly -- each failed call is counted in /metrics (store_error_<operation>) and the first
// failure of each operation is logged once, as a warning; the classifier, which gets an error
// value, then answers from the text alone. Successful lookups and recorded batches are counted
// too (history_lookup, outcomes_recorded). Thread-safe (the wrapped store is).
#pragma once

#include <array>
#include <atomic>
#include <memory>

#include "daemon/metrics.hpp"
#include "engine/history.hpp"

namespace flakyd::app {

class ObservedHistoryStore final : public engine::HistoryStore {
 public:
  ObservedHistoryStore(std::unique_ptr<engine::HistoryStore> inner, Metrics* metrics);

  flakyd::expected<std::size_t, engine::StoreError> record(const engine::OutcomeBatch& batch) override;
  flakyd::expected<engine::TestHistory, engine::StoreError> history(const engine::HistoryQuery& query) override;
  flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> summarise(
      const engine::SummaryQuery& query) override;
  flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError> final_outcomes(
      const std::vector<engine::RunTest>& keys) override;
  flakyd::expected<std::size_t, engine::StoreError> prune(std::int64_t before_unix) override;
  std::string describe() const override { return m_inner->describe(); }

 private:
  enum Operation { k_record, k_history, k_summarise, k_final_outcomes, k_prune, k_operations };
  void failed(Operation operation, const engine::StoreError& error);

  std::unique_ptr<engine::HistoryStore> m_inner;
  Metrics* m_metrics;
  std::array<std::atomic<bool>, k_operations> m_logged{};
};

}  // namespace flakyd::app
