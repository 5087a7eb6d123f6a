// `cometbench tune` as a benchmark: one policy over each bundled fault profile, through the real
// client and the real loopback mock. Prints operations per second (per policy) and simulated
// seconds per wall-clock second. Asserts nothing.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "clock/fake_clock.h"
#include "faults/profile_parser.h"
#include "mockserver/mock_server.h"
#include "tune/engine.h"
#include "tune/inputs.h"

namespace {

namespace fs = std::filesystem;
const fs::path kFixtures = COMETBENCH_FIXTURES_DIR;

void run_profile(benchmark::State& state, const std::string& profile_name,
                 const std::string& policy_argument) {
  const auto profile =
      cometbench::tune::load_profile(kFixtures / "profiles" / (profile_name + ".profile.json"));
  const auto policy = cometbench::tune::load_policy_argument(policy_argument);
  const std::int64_t operations = state.range(0);
  std::int64_t virtual_ms = 0;
  for (auto _ : state) {
    const auto run = cometbench::tune::run_policy(profile, policy, profile.seed, operations, {});
    for (const auto& op : run.operations)
      virtual_ms = std::max(virtual_ms, op.arrival_ms + op.latency_ms);
    benchmark::DoNotOptimize(run.operations.data());
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.counters["ops_per_s"] =
      benchmark::Counter(static_cast<double>(operations) * iterations, benchmark::Counter::kIsRate);
  state.counters["virtual_s_per_s"] = benchmark::Counter(
      static_cast<double>(virtual_ms) / 1000.0 * iterations, benchmark::Counter::kIsRate);
}

const std::string kPatient = (kFixtures / "policies" / "patient.policy.json").string();

void BM_Tune_Steady429(benchmark::State& state) { run_profile(state, "steady-429", kPatient); }
void BM_Tune_Brownout503(benchmark::State& state) { run_profile(state, "brownout-503", kPatient); }
void BM_Tune_FullOutage(benchmark::State& state) { run_profile(state, "full-outage", kPatient); }
void BM_Tune_FlakyNetwork(benchmark::State& state) {
  run_profile(state, "flaky-network", kPatient);
}
void BM_Tune_FlakyNetwork_OpenAI(benchmark::State& state) {
  run_profile(state, "flaky-network", "preset:openai");
}

// The floor under every figure above: the same client and mock with no tune machinery (one
// FakeClock, the script's single 200 step, operations one after another).
void BM_LoopbackFloor(benchmark::State& state) {
  namespace cb = cometbench;
  cb::faults::Scenario scenario;
  scenario.name = "floor";
  cb::faults::RouteScript route;
  route.method = "POST";
  route.path = "/v1/chat/completions";
  cb::faults::RespondStep ok;
  ok.body = {
      R"({"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}]})",
      true};
  route.steps.emplace_back(ok);
  scenario.routes.push_back(route);
  cb::clock::FakeClock clock;
  cb::mockserver::MockServerOptions options;
  options.journal_capacity = 0;
  cb::mockserver::MockServer server(clock, scenario, options);
  server.start();
  {
    cb::client::CurlTransport transport(clock);
    cb::client::NullSink sink;
    cb::client::ClientConfig config;
    config.base_url = server.url() + "/v1";
    config.api_key = "k";
    cb::client::ChatClient chat(config, transport, clock, sink, cb::client::empty_environment());
    const auto request = cb::tune::default_tune_request();
    const std::int64_t operations = state.range(0);
    for (auto _ : state) {
      for (std::int64_t i = 0; i < operations; ++i) {
        cb::client::CallOptions call;
        call.operation_id = "op-1";
        benchmark::DoNotOptimize(chat.complete(request, call).outcome);
      }
    }
    state.counters["ops_per_s"] = benchmark::Counter(
        static_cast<double>(operations) * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
  }
  server.stop();
}

BENCHMARK(BM_LoopbackFloor)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tune_Steady429)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tune_Brownout503)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tune_FullOutage)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tune_FlakyNetwork)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Tune_FlakyNetwork_OpenAI)->Arg(3000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
