#include "runner/bench.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <utility>

#include "mockserver/tls.h"
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

// Writes `pem` to a new temporary file and returns its path.
std::filesystem::path write_temp_pem(const std::string& pem) {
  std::string pattern = (std::filesystem::temp_directory_path() / "cometbench-ca-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary CA file for a TLS scenario");
  const bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
  ::close(fd);
  if (!written) {
    std::remove(pattern.c_str());
    throw std::runtime_error("cannot write the temporary CA file " + pattern);
  }
  return pattern;
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
      server_(clock_, scenario_, bench_server_options(scenario_)) {
  server_.start();
  // An untrusted certificate: the client trusts a CA of its own that signed nothing the mock
  // presents (not the system store, whose contents differ between machines).
  if (scenario_.client.tls) {
    ca_file_ =
        write_temp_pem(scenario_.client.tls->trusted ? server_.tls_ca_pem()
                                                     : mockserver::generate_tls_identity().ca_pem);
  }
}

Bench::~Bench() { stop(); }

std::string Bench::base_url() const { return server_.url() + scenario_.client.base_path; }

client::ClientConfig Bench::client_config() const {
  return client_config_for(scenario_, policy_, server_.url());
}

client::ChatClient& Bench::client() {
  if (!client_) {
    if (!transport_) {
      client::CurlTransportOptions options;
      if (!ca_file_.empty()) options.ca_file = ca_file_.string();
      transport_.emplace(clock_, options);
    }
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
  if (!ca_file_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(ca_file_, ignored);
    ca_file_.clear();
  }
}

}  // namespace cometbench::runner
