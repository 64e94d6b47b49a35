#include "daemon/observed_history.hpp"

#include <spdlog/spdlog.h>

namespace flakyd::app {

namespace {

constexpr std::array<const char*, 5> k_names = {"record", "history", "summarise", "final_outcomes", "prune"};

}  // namespace

ObservedHistoryStore::ObservedHistoryStore(std::unique_ptr<engine::HistoryStore> inner, Metrics* metrics)
    : m_inner(std::move(inner)), m_metrics(metrics) {}

void ObservedHistoryStore::failed(Operation operation, const engine::StoreError& error) {
  if (m_metrics) m_metrics->count_event(std::string("store_error_") + k_names[operation]);
  if (!m_logged[operation].exchange(true)) {
    spdlog::warn("history store {}: {} failed ({}); classification answers from the text (logged once)",
                 m_inner->describe(), k_names[operation], error.message);
  }
}

flakyd::expected<std::size_t, engine::StoreError> ObservedHistoryStore::record(const engine::OutcomeBatch& batch) {
  auto result = m_inner->record(batch);
  if (!result) {
    failed(k_record, result.error());
  } else if (m_metrics) {
    m_metrics->count_event("outcome_batches_recorded");
  }
  return result;
}

flakyd::expected<engine::TestHistory, engine::StoreError> ObservedHistoryStore::history(
    const engine::HistoryQuery& query) {
  auto result = m_inner->history(query);
  if (!result) {
    failed(k_history, result.error());
  } else if (m_metrics) {
    m_metrics->count_event("history_lookup");
  }
  return result;
}

flakyd::expected<std::vector<engine::TestSummary>, engine::StoreError> ObservedHistoryStore::summarise(
    const engine::SummaryQuery& query) {
  auto result = m_inner->summarise(query);
  if (!result) failed(k_summarise, result.error());
  return result;
}

flakyd::expected<std::vector<std::optional<engine::FinalOutcome>>, engine::StoreError>
ObservedHistoryStore::final_outcomes(const std::vector<engine::RunTest>& keys) {
  auto result = m_inner->final_outcomes(keys);
  if (!result) failed(k_final_outcomes, result.error());
  return result;
}

flakyd::expected<std::size_t, engine::StoreError> ObservedHistoryStore::prune(std::int64_t before_unix) {
  auto result = m_inner->prune(before_unix);
  if (!result) failed(k_prune, result.error());
  return result;
}

}  // namespace flakyd::app
