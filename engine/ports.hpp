// Ports: what the classifier needs from the outside world, as abstract interfaces. Adapters
// (the disk cache, the upstream MCP client, the report trail) implement them in their own
// folders; the classifier never sees a file, a socket or JSON.
//
// Error policy: an adapter never throws across these interfaces. A cache answers "miss" when it
// cannot read, and drops a store it cannot write; an upstream answers an UpstreamFailure with a
// short status; a sink drops a line it cannot write. Each adapter logs and counts its own
// degradations. Implementations must be safe to call from many threads at once.
#pragma once

#include <cstdint>
#include "support/expected.hpp"
#include <optional>
#include <string>
#include <string_view>

#include "engine/failure.hpp"

namespace flakyd::engine {

// What the cache remembers about a failure: the classification, never the trace or the advice
// (advice is recomputed for each request's attempt and policy).
struct CachedVerdict {
  heuristics::Category category = heuristics::Category::unknown;
  double confidence = 0.0;
  std::string rule;
  std::string reason;
  Source origin = Source::heuristic;  // who classified it first: heuristic or ai
  std::int64_t stored_at_unix = 0;
};

class VerdictCache {
 public:
  virtual ~VerdictCache() = default;
  virtual std::optional<CachedVerdict> lookup(std::string_view key) = 0;
  virtual void store(std::string_view key, const CachedVerdict& verdict) = 0;
};

struct UpstreamVerdict {
  heuristics::Category category = heuristics::Category::unknown;
  double confidence = 0.0;
  std::optional<heuristics::Action> action;
  std::optional<double> delay_s;
  std::string reason;
};

struct UpstreamFailure {
  std::string status;  // "timeout", "http-500", "invalid-answer", "circuit-open", ...
};

class UpstreamClassifier {
 public:
  virtual ~UpstreamClassifier() = default;
  // `report` is already redacted and trimmed.
  virtual flakyd::expected<UpstreamVerdict, UpstreamFailure> classify(const FailureReport& report) = 0;
  // Endpoint and tool: part of cache keys, so a new upstream does not reuse old answers.
  virtual std::string identity() const = 0;
};

// One finished decision, for the report trail.
struct DecisionRecord {
  const FailureReport* report = nullptr;  // redacted; sinks must not write the trace
  const Decision* decision = nullptr;
  double latency_ms = 0.0;
};

class DecisionSink {
 public:
  virtual ~DecisionSink() = default;
  virtual void record(const DecisionRecord& record) = 0;
};

}  // namespace flakyd::engine
