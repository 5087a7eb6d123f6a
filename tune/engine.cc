#include "tune/engine.h"

#include <algorithm>

#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "client/record_sink.h"
#include "clock/fake_clock.h"
#include "mockserver/mock_server.h"
#include "tune/operation_clock.h"
#include "tune/scheduler.h"

namespace cometbench::tune {
namespace {

// The key the client presents: the profile's client key, else the key the mock expects, else
// a placeholder (a mock without `api_key` accepts any Bearer token). As for scenarios.
std::string client_key(const faults::FaultProfile& profile) {
  if (profile.client.api_key) return *profile.client.api_key;
  if (profile.api_key) return *profile.api_key;
  return "cometbench-test-key";
}

// Hands the turn back to the scheduler before each retry decision, then makes this operation
// the one the client's clock follows again.
class OperationTurn final : public client::TurnGate {
 public:
  OperationTurn(VirtualTimeScheduler& scheduler, ScheduledClock& clock, OperationState& state)
      : scheduler_(scheduler), clock_(clock), state_(state) {}

  void await_turn() override {
    scheduler_.yield(state_.index, state_.clock.now());
    clock_.set_current(&state_);
  }

 private:
  VirtualTimeScheduler& scheduler_;
  ScheduledClock& clock_;
  OperationState& state_;
};

bool in_outage(const faults::FaultProfile& profile, std::int64_t ms) {
  return std::any_of(profile.outages.begin(), profile.outages.end(), [ms](const faults::Outage& o) {
    return ms >= o.from.count() && ms < o.to.count();
  });
}

OperationResult result_of(const client::Result& r, std::int64_t arrival_ms,
                          const faults::FaultProfile& profile) {
  OperationResult out;
  out.outcome = r.summary.final_outcome;
  out.attempts = r.summary.attempts;
  out.arrival_ms = arrival_ms;
  out.latency_ms = r.summary.elapsed.count();
  out.backoff_ms = r.summary.total_backoff.count();
  for (const client::AttemptRecord& a : r.attempts) {
    out.reasons.push_back(a.retry_reason);
    // The request reaches the server at the attempt's start: no virtual time passes between.
    if (in_outage(profile, arrival_ms + a.attempt_start.count())) ++out.requests_in_outages;
  }
  return out;
}

faults::Scenario scenario_for(const faults::FaultProfile& profile) {
  faults::Scenario scenario;
  scenario.name = profile.name;
  scenario.description = profile.description;
  scenario.api_key = profile.api_key;
  scenario.routes.push_back(profile_script(profile));
  scenario.source = profile.source;
  return scenario;
}

}  // namespace

nlohmann::json default_tune_request() {
  return {{"model", "gpt-4o-mini"},
          {"messages", nlohmann::json::array({{{"role", "user"}, {"content", "ping"}}})}};
}

PolicyRun run_policy(const faults::FaultProfile& profile, const NamedPolicy& policy,
                     std::uint64_t seed, std::int64_t operations, const TuneOptions& options) {
  const auto real_start = std::chrono::steady_clock::now();
  const auto count = static_cast<std::size_t>(std::max<std::int64_t>(operations, 0));
  std::vector<clock::TimePoint> arrivals;
  arrivals.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    arrivals.push_back(clock::TimePoint{} +
                       profile.arrival_interval * static_cast<std::int64_t>(i));
  }

  OperationTable table(count);
  auto strategy = std::make_shared<ProfileStrategy>(profile, seed, table, options.keep_served);
  clock::FakeClock server_clock;  // the mock's own: only requests without an operation use it
  mockserver::MockServerOptions server_options;
  server_options.step_strategy = strategy;
  server_options.journal_capacity = 0;  // the strategy and the records say what happened
  mockserver::MockServer server(server_clock, scenario_for(profile), server_options);
  server.start();

  PolicyRun run;
  run.policy = policy.name;
  run.operations.resize(count);
  {
    ScheduledClock clock;
    // The transport goes first so its keep-alive connections close before the server stops.
    client::CurlTransport curl(clock);
    OperationTransport transport(curl, clock);
    client::NullSink sink;
    client::ClientConfig config;
    config.base_url = server.url() + profile.client.base_path;
    config.api_key = client_key(profile);
    config.policy = policy.policy;
    if (!config.policy.seed) config.policy.seed = seed;
    client::ChatClient chat(std::move(config), transport, clock, sink, client::empty_environment());
    const nlohmann::json request =
        profile.client.request.empty() ? default_tune_request() : profile.client.request;

    VirtualTimeScheduler scheduler(arrivals, options.max_in_flight);
    scheduler.run([&](std::size_t i) {
      auto state = std::make_shared<OperationState>(i, arrivals[i]);
      table.put(state);
      clock.set_current(state.get());
      OperationTurn turn(scheduler, clock, *state);
      client::CallOptions call;
      call.operation_id = "op-" + std::to_string(i + 1);
      call.headers = {{kOperationHeader, std::to_string(i)}};
      call.turn_gate = &turn;
      const client::Result result = chat.complete(request, call);
      run.operations[i] =
          result_of(result, clock::to_ms(arrivals[i] - clock::TimePoint{}), profile);
      table.remove(i);
    });
    run.peak_in_flight = scheduler.peak_in_flight();
  }
  server.stop();
  run.served = strategy->served();
  run.real_elapsed = std::chrono::steady_clock::now() - real_start;
  return run;
}

TuneRun run_tune(const faults::FaultProfile& profile, const std::vector<NamedPolicy>& policies,
                 const TuneOptions& options) {
  TuneRun run;
  run.profile = profile.name;
  run.seed = options.seed.value_or(profile.seed);
  run.operations = options.operations.value_or(profile.operations);
  for (const NamedPolicy& policy : policies) {
    run.policies.push_back(run_policy(profile, policy, run.seed, run.operations, options));
  }
  return run;
}

}  // namespace cometbench::tune
