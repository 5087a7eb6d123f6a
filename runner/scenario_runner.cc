#include "runner/scenario_runner.h"

#include <cstdio>

#include "client/policy.h"
#include "client/record_writers.h"
#include "faults/parser.h"
#include "runner/bench.h"
#include "runner/policy_file.h"

namespace cometbench::runner {

std::vector<std::string> jsonl_lines(const std::vector<Record>& records) {
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (const Record& r : records) {
    lines.push_back(std::visit([](const auto& rec) { return client::to_jsonl(rec); }, r));
  }
  return lines;
}

nlohmann::json default_request() {
  return {{"model", "gpt-4o-mini"},
          {"messages", nlohmann::json::array({{{"role", "user"}, {"content", "ping"}}})}};
}

std::string operation_id_for(const std::string& scenario_name, int index) {
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "-%04d", index);
  return "op-" + scenario_name + suffix;
}

LoadedScenario load_scenario(const std::filesystem::path& file) {
  faults::Scenario scenario;
  try {
    scenario = faults::load_scenario_file(file);
  } catch (const faults::FixtureError& e) {
    // A policy saved under a scenario's name fails as a scenario; say what it looks like.
    const std::string hint = policy_file_hint(file);
    if (hint.empty()) throw;
    throw faults::FixtureError(e.file(), e.pointer(), e.message() + "; " + hint);
  }
  const std::string stem = file.stem().string();
  if (scenario.name != stem) {
    // A name that is not the file's would pair the scenario with another one's golden.
    throw faults::FixtureError(
        file.string(), "/name",
        "expected \"" + stem + "\" (the file's name), got \"" + scenario.name + "\"");
  }
  client::RetryPolicy policy = scenario_policy(scenario, file);
  return {std::move(scenario), std::move(policy)};
}

mockserver::MockServerOptions bench_server_options(const faults::Scenario& scenario) {
  mockserver::MockServerOptions options = mockserver::virtual_time_options();
  if (scenario.client.tls) {
    options.tls.enabled = true;
    options.tls.cut_handshake = scenario.client.tls->cut_handshake;
  }
  return options;
}

ScenarioRun run_scenario(const LoadedScenario& loaded) {
  const auto real_start = std::chrono::steady_clock::now();
  RecordCollector sink;
  ScenarioRun run;
  Bench bench(loaded.scenario, loaded.policy, sink);
  // Made before the first operation, so a scenario whose client cannot be built fails even
  // when it runs no operation.
  bench.client();
  for (int i = 1; i <= loaded.scenario.client.operations; ++i) bench.run_operation(i);
  bench.stop();

  run.records = sink.take();
  run.lines = jsonl_lines(run.records);
  run.journal = bench.server().journal();
  run.virtual_elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(bench.clock().now() -
                                                                              clock::TimePoint{});
  run.real_elapsed = std::chrono::steady_clock::now() - real_start;
  return run;
}

}  // namespace cometbench::runner
