#include "mockserver/script_state.h"

namespace cometbench::mockserver {

ScriptState::ScriptState(std::shared_ptr<const faults::Scenario> scenario)
    : scenario_(std::move(scenario)),
      served_(std::make_unique<std::atomic<std::size_t>[]>(scenario_->routes.size())) {}

const faults::RouteScript* ScriptState::find(std::string_view method, std::string_view path) const {
  for (const auto& route : scenario_->routes) {
    if (route.method == method && route.path == path) return &route;
  }
  return nullptr;
}

std::optional<std::size_t> ScriptState::claim(const faults::RouteScript& script) {
  const auto index = static_cast<std::size_t>(&script - scenario_->routes.data());
  const std::size_t n = served_[index].fetch_add(1, std::memory_order_relaxed);
  const std::size_t count = script.steps.size();
  if (count == 0) return std::nullopt;
  if (n < count) return n;
  switch (script.when_exhausted) {
    case faults::WhenExhausted::kRepeatLast:
      return count - 1;
    case faults::WhenExhausted::kCycle:
      return n % count;
    case faults::WhenExhausted::kFail:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string script_key(const faults::RouteScript& script) {
  return script.method + " " + script.path;
}

}  // namespace cometbench::mockserver
