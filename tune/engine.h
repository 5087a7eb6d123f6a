#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "client/policy.h"
#include "client/record_types.h"
#include "faults/profile.h"
#include "tune/profile_strategy.h"

namespace cometbench::tune {

/// A policy under comparison, with the name its report row shows.
struct NamedPolicy {
  std::string name;
  client::RetryPolicy policy;
};

/// What one operation came to, taken from the client's own records.
struct OperationResult {
  client::Outcome outcome = client::Outcome::unknown;
  int attempts = 0;
  std::int64_t arrival_ms = 0;
  std::int64_t latency_ms = 0;               ///< the summary's elapsed_ms: operation start to end
  std::int64_t backoff_ms = 0;               ///< the summary's total_backoff_ms
  int requests_in_outages = 0;               ///< attempts that started inside an outage window
  std::vector<client::RetryReason> reasons;  ///< one per attempt, in order
  friend bool operator==(const OperationResult&, const OperationResult&) = default;
};

/// One policy's run over a profile.
struct PolicyRun {
  std::string policy;
  std::vector<OperationResult> operations;  ///< by operation index
  std::vector<ServedStep> served;           ///< when TuneOptions::keep_served
  std::size_t peak_in_flight = 0;           ///< the most operations in flight at once
  std::chrono::nanoseconds real_elapsed{0};
};

struct TuneOptions {
  std::optional<std::uint64_t> seed;       ///< replaces the profile's seed
  std::optional<std::int64_t> operations;  ///< replaces the profile's operation count
  bool keep_served = false;                ///< keep every request's step in PolicyRun::served
  /// The most operations in flight at once (each needs a thread while in flight).
  std::size_t max_in_flight = 4096;
};

/// A whole comparison: every policy over the same operations and draws.
struct TuneRun {
  std::string profile;
  std::uint64_t seed = 0;
  std::int64_t operations = 0;
  std::vector<PolicyRun> policies;  ///< in the order given
};

/// Runs `policy` over `profile`: the embedded mock plays steps drawn from the profile
/// (ProfileStrategy), and one real ChatClient over libcurl sends every operation, open loop,
/// each on its own virtual clock, resumed in virtual-time order by a VirtualTimeScheduler so
/// that the retry budget and the jitter source are used in time order. A policy without a
/// `seed` has its jitter seeded with the run's `seed`. Throws std::runtime_error when the
/// mock cannot start or the in-flight limit is exceeded.
PolicyRun run_policy(const faults::FaultProfile& profile, const NamedPolicy& policy,
                     std::uint64_t seed, std::int64_t operations, const TuneOptions& options);

/// Runs every policy over the profile, one after another.
TuneRun run_tune(const faults::FaultProfile& profile, const std::vector<NamedPolicy>& policies,
                 const TuneOptions& options);

/// The request an operation sends when the profile's client names none.
nlohmann::json default_tune_request();

}  // namespace cometbench::tune
