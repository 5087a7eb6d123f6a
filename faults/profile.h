#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "faults/scenario.h"

namespace cometbench::faults {

/// One `mix` entry: a step drawn with probability `weight` / (sum of weights).
struct MixEntry {
  std::uint64_t weight = 1;
  Step step;
  friend bool operator==(const MixEntry&, const MixEntry&) = default;
};

/// An outage window of virtual time, [from, to): every request that reaches the server inside
/// it gets `step` instead of a draw from the mix.
struct Outage {
  std::chrono::milliseconds from{0};
  std::chrono::milliseconds to{0};
  Step step;
  friend bool operator==(const Outage&, const Outage&) = default;
};

/// A profile's `client` section: how each operation calls. Unlike a scenario's client it has
/// no policy (the policies under comparison come from the command line) and no operation
/// count (the profile has one).
struct ProfileClient {
  nlohmann::json request = nlohmann::json::object();
  std::optional<std::string> api_key;
  std::string base_path = "/v1";
  friend bool operator==(const ProfileClient&, const ProfileClient&) = default;
};

/// A fault profile (DESIGN.md section 7, docs/tuning.md): a population of failures for
/// comparing retry policies. Operation i (0-based) starts at `i * arrival_interval` of virtual
/// time, open loop.
struct FaultProfile {
  std::string name;
  std::string description;
  std::optional<std::string> api_key;  ///< the key the mock accepts; none: any Bearer token
  std::int64_t operations = 1;
  std::chrono::milliseconds arrival_interval{0};
  std::uint64_t seed = 1;  ///< for the draws from `mix`
  std::vector<MixEntry> mix;
  std::vector<Outage> outages;  ///< in time order, never overlapping
  ProfileClient client;
  std::string source;  ///< the file it came from
  friend bool operator==(const FaultProfile&, const FaultProfile&) = default;
};

/// The most operations a profile (or `--operations`) may ask for.
inline constexpr std::int64_t kMaxProfileOperations = 1'000'000;

/// The latest outage bound a profile may name: a year of virtual time, in milliseconds.
inline constexpr std::int64_t kMaxProfileTimeMs = 31'536'000'000;

}  // namespace cometbench::faults
