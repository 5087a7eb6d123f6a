#include "testing/scripted_mock.h"

#include <utility>

#include "client/policy.h"
#include "faults/parser.h"

namespace cometbench::testing {
namespace {

constexpr const char* kInlineSource = "inline scenario";

// The scenario's own policy, parsed as the bench does; errors name the scenario's file.
client::RetryPolicy policy_of(const faults::Scenario& scenario) {
  const std::string source = scenario.source.empty() ? kInlineSource : scenario.source;
  return client::parse_policy(scenario.client.policy, source, "/client/policy");
}

}  // namespace

faults::Scenario scenario_file(const std::filesystem::path& file) {
  return faults::load_scenario_file(file);
}

faults::Scenario scenario_json(std::string_view json, const std::filesystem::path& ref_dir) {
  return faults::parse_scenario(json, kInlineSource,
                                ref_dir.empty() ? std::filesystem::current_path() : ref_dir);
}

ScriptedMock::ScriptedMock(faults::Scenario scenario)
    : bench_(scenario, policy_of(scenario), sink_) {}

client::Result ScriptedMock::complete() { return bench_.run_operation(next_operation_++); }

std::chrono::milliseconds ScriptedMock::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(bench_.clock().now() -
                                                               clock::TimePoint{});
}

RealTimeMock::RealTimeMock(faults::Scenario scenario, mockserver::MockServerOptions options)
    : base_path_(scenario.client.base_path), server_(clock_, std::move(scenario), options) {
  server_.start();
}

}  // namespace cometbench::testing
