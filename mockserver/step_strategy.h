#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "clock/clock.h"
#include "faults/scenario.h"

namespace cometbench::mockserver {

/// What a StepStrategy sees of a request.
struct StepRequest {
  const std::string& method;
  const std::string& path;
  /// The value of a request header (case-insensitive name), if present.
  std::function<std::optional<std::string>(const std::string& name)> header;
};

/// The step a StepStrategy picked for one request.
struct StepChoice {
  std::size_t step_index = 0;  ///< into the route script's `steps`
  /// The clock to play the step on (delays, holds, header dates) and to journal the request
  /// at; null: the server's own clock. The server keeps it alive until the response is done.
  std::shared_ptr<clock::Clock> clock;
};

/// Chooses the step for each request on a scripted route, in place of the script's own order
/// (MockServerOptions::step_strategy). `cometbench tune` draws steps from a fault profile
/// keyed by the request's operation and attempt, and plays each on its operation's clock.
///
/// Called on the server's handler threads, possibly concurrently: implementations must be
/// thread-safe. Requests with a wrong key, to unscripted routes or with an invalid body never
/// reach it (the server answers those itself, as always).
class StepStrategy {
 public:
  virtual ~StepStrategy() = default;

  /// The step for `request` on `script`; nullopt makes the server answer 500 with an error
  /// naming the strategy's `reason` (journaled as `no_step`).
  virtual std::optional<StepChoice> choose(const faults::RouteScript& script,
                                           const StepRequest& request, std::string& reason) = 0;
};

}  // namespace cometbench::mockserver
