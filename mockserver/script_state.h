#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "faults/scenario.h"

namespace cometbench::mockserver {

/// One session's play of a scenario: the scenario (shared, immutable) plus one step counter per
/// route script. Every session has its own ScriptState, so sessions never consume each other's
/// steps, while the scenario itself is stored once however many sessions play it. The server
/// swaps in a fresh instance on reset, while in-flight requests keep the one they started with
/// (shared_ptr). Thread-safe.
class ScriptState {
 public:
  explicit ScriptState(std::shared_ptr<const faults::Scenario> scenario);

  const faults::Scenario& scenario() const { return *scenario_; }
  const std::shared_ptr<const faults::Scenario>& shared_scenario() const { return scenario_; }

  /// The script for `METHOD path`, or nullptr when the scenario does not script it.
  const faults::RouteScript* find(std::string_view method, std::string_view path) const;

  /// Claims the step for the next request on `script` (which must come from `find`): each call
  /// gets a distinct request number, so N concurrent requests get N distinct steps. Returns the
  /// step index, or nullopt when the script is exhausted under `when_exhausted: fail` (or has
  /// no steps at all).
  std::optional<std::size_t> claim(const faults::RouteScript& script);

 private:
  std::shared_ptr<const faults::Scenario> scenario_;
  std::unique_ptr<std::atomic<std::size_t>[]> served_;  // parallel to scenario_->routes
};

/// "POST /v1/chat/completions": how fixtures and error messages name a script.
std::string script_key(const faults::RouteScript& script);

}  // namespace cometbench::mockserver
