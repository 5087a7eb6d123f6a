// The bundled scenario suite as a benchmark: real time for all scenarios (mock + client on a
// virtual clock each), serially and on every core. Prints figures; asserts nothing.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "runner/discovery.h"
#include "runner/suite.h"

namespace {

std::vector<std::filesystem::path> bundled() {
  return cometbench::runner::find_scenarios(
      {std::filesystem::path(COMETBENCH_FIXTURES_DIR) / "scenarios"});
}

// `jobs` 1 is serial, 0 one scenario per core; the names say which (not a bare /1 and /0).
void BM_BundledSuite(benchmark::State& state, unsigned jobs) {
  const auto files = bundled();
  cometbench::runner::SuiteOptions options;
  options.jobs = jobs;
  std::int64_t virtual_ms = 0;
  for (auto _ : state) {
    const auto outcomes = cometbench::runner::run_suite(files, options);
    virtual_ms = 0;
    for (const auto& o : outcomes) {
      if (o.run) virtual_ms += o.run->virtual_elapsed.count();
    }
    benchmark::DoNotOptimize(outcomes.data());
  }
  state.counters["scenarios"] = static_cast<double>(files.size());
  state.counters["virtual_s"] = static_cast<double>(virtual_ms) / 1000.0;
}
BENCHMARK_CAPTURE(BM_BundledSuite, serial, 1U)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_BundledSuite, parallel_every_core, 0U)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
