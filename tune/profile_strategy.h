#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "faults/profile.h"
#include "mockserver/step_strategy.h"
#include "tune/draws.h"
#include "tune/operation_clock.h"

namespace cometbench::tune {

/// The request header that tells the mock which operation a request belongs to: the 0-based
/// operation index, sent by the tune runner through CallOptions::headers.
inline constexpr const char* kOperationHeader = "x-cometbench-operation";
/// The header the client sends with the attempt number minus one (as the openai SDKs do).
inline constexpr const char* kRetryCountHeader = "x-stainless-retry-count";

/// One request the strategy answered (kept when asked, for tests and checks).
struct ServedStep {
  std::size_t operation = 0;
  int attempt = 0;       ///< 1-based
  std::size_t step = 0;  ///< index into profile_script(): mix entries, then outages
  bool in_outage = false;
  friend bool operator==(const ServedStep&, const ServedStep&) = default;
};

/// The mock's route script for a profile: the mix steps in order, then one step per outage.
faults::RouteScript profile_script(const faults::FaultProfile& profile);

/// Chooses each request's step from a fault profile: the outage's step when the request's
/// operation clock is inside an outage window, else a draw from the mix keyed by (seed,
/// operation, attempt) (fault_draw). Plays it on that operation's clock (ServerSideClock).
/// Thread-safe.
class ProfileStrategy final : public mockserver::StepStrategy {
 public:
  ProfileStrategy(const faults::FaultProfile& profile, std::uint64_t seed,
                  const OperationTable& operations, bool keep_served);

  std::optional<mockserver::StepChoice> choose(const faults::RouteScript& script,
                                               const mockserver::StepRequest& request,
                                               std::string& reason) override;

  /// Every request answered, in arrival order (empty unless `keep_served`).
  std::vector<ServedStep> served() const;

 private:
  struct Window {
    std::int64_t from_ms;
    std::int64_t to_ms;
  };

  const std::uint64_t seed_;
  const std::size_t mix_size_;
  const WeightedPicker picker_;
  const std::vector<Window> outages_;
  const OperationTable& operations_;
  const bool keep_served_;
  mutable std::mutex mu_;
  std::vector<ServedStep> served_;  // guarded by mu_
};

}  // namespace cometbench::tune
