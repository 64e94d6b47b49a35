// RequestObserver: how the transport-agnostic server reports what it did (for /metrics and logs)
// without knowing who listens. Implementations must be thread-safe and must not throw.
#pragma once

#include <string_view>

#include "engine/failure.hpp"

namespace flakyd::protocol {

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  // outcome: "ok", "error" (a JSON-RPC error), "tool_error" (isError result), "notification".
  virtual void on_rpc(std::string_view method, std::string_view outcome, double seconds) = 0;
  virtual void on_decision(const engine::Decision& decision) = 0;
};

}  // namespace flakyd::protocol
