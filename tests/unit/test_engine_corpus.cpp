// The labelled real-world corpus (tests/data/failures-dev.jsonl): agreement with the labels,
// with the worst error -- a deterministic failure advised to retry -- counted on its own.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "corpus.hpp"
#include "engine/classifier.hpp"
#include "protocol/wire.hpp"

using namespace flakyd;

TEST_CASE("corpus: retry/stop >= 90%, category >= 80%, deterministic never retried") {
  auto core = engine::Core::create();
  REQUIRE(core.has_value());
  const engine::Classifier classifier(*core);
  const auto rows = testing::read_jsonl("failures-dev.jsonl");
  REQUIRE(rows.size() >= 50);

  std::size_t action_agree = 0, category_agree = 0, deterministic = 0, deterministic_retried = 0;
  std::map<std::string, std::map<std::string, int>> confusion;
  for (const auto& row : rows) {
    nlohmann::json args = {{"trace", row["trace"]}, {"attempt", 1}, {"max_attempts", 3}};
    if (row.contains("exception_type") && row["exception_type"].is_string()) args["exception_type"] = row["exception_type"];
    if (row.contains("message") && row["message"].is_string()) args["message"] = row["message"];
    if (row.contains("language") && row["language"].is_string()) args["language"] = row["language"];
    const auto report = protocol::parse_failure_report(args);
    REQUIRE(report.has_value());
    const auto decision = classifier.classify(*report);
    const std::string label = row["label"];
    const std::string got(heuristics::to_string(decision.category));
    const bool want_retry = row["action"] != "stop_retry";
    const bool got_retry = decision.action == heuristics::Action::retry_with_delay;
    action_agree += want_retry == got_retry;
    category_agree += got == label;
    if (label == "deterministic") {
      ++deterministic;
      deterministic_retried += got_retry;
    }
    ++confusion[label][got];
    if (got != label || want_retry != got_retry) {
      MESSAGE("miss " << row["id"].get<std::string>() << ": want " << label << " got " << got
                      << " (" << decision.rule << ")");
    }
  }
  const double n = static_cast<double>(rows.size());
  std::string matrix;
  for (const auto& [want, row] : confusion) {
    for (const auto& [got, count] : row) matrix += "  " + want + " -> " + got + ": " + std::to_string(count) + "\n";
  }
  MESSAGE("confusion matrix (label -> flakyd: count)\n" << matrix);
  MESSAGE("retry/stop agreement " << action_agree / n << ", category " << category_agree / n
                                  << ", deterministic advised to retry " << deterministic_retried << "/" << deterministic);
  CHECK(action_agree / n >= 0.90);
  CHECK(category_agree / n >= 0.80);
  CHECK(deterministic_retried <= 1);
}
