#include "runner/bench.h"

#include <utility>

#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {

// The key the client presents: the scenario's client key, else the key the mock expects, else
// a fixed placeholder (a mock without `api_key` accepts any Bearer token).
std::string client_key(const faults::Scenario& scenario) {
  if (scenario.client.api_key) return *scenario.client.api_key;
  if (scenario.api_key) return *scenario.api_key;
  return "cometbench-test-key";
}

}  // namespace

client::ClientConfig client_config_for(const faults::Scenario& scenario,
                                       const client::RetryPolicy& policy,
                                       const std::string& server_url) {
  client::ClientConfig config;
  config.base_url = server_url + scenario.client.base_path;
  config.api_key = client_key(scenario);
  config.policy = policy;
  return config;
}

Bench::Bench(faults::Scenario scenario, client::RetryPolicy policy, client::RecordSink& sink)
    : scenario_(std::move(scenario)),
      policy_(std::move(policy)),
      sink_(sink),
      server_(clock_, scenario_) {
  server_.start();
}

Bench::~Bench() { stop(); }

std::string Bench::base_url() const { return server_.url() + scenario_.client.base_path; }

client::ClientConfig Bench::client_config() const {
  return client_config_for(scenario_, policy_, server_.url());
}

client::ChatClient& Bench::client() {
  if (!client_) {
    if (!transport_) transport_.emplace(clock_);
    client_.emplace(client_config(), *transport_, clock_, sink_, client::empty_environment());
  }
  return *client_;
}

client::Result Bench::run_operation(int index) {
  client::ChatClient& chat = client();
  const nlohmann::json request =
      scenario_.client.request.empty() ? default_request() : scenario_.client.request;
  client::CancelToken cancel;
  if (scenario_.client.cancel_after)
    cancel.cancel_at(clock_.now() + *scenario_.client.cancel_after);
  client::CallOptions options;
  options.operation_id = operation_id_for(scenario_.name, index);
  options.cancel = &cancel;
  return chat.complete(request, options);
}

void Bench::stop() {
  // The transport goes first so its keep-alive connections close before the server stops.
  client_.reset();
  transport_.reset();
  server_.stop();
}

}  // namespace cometbench::runner
