#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "client/policy.h"
#include "client/record_sink.h"
#include "clock/fake_clock.h"
#include "faults/scenario.h"
#include "mockserver/mock_server.h"

namespace cometbench::runner {

/// The bundled client's configuration for a scenario: the mock's `server_url` plus the
/// scenario's `client.base_path`, the scenario's client key (else the key the mock expects, else
/// a placeholder: a mock without `api_key` accepts any Bearer token) and `policy`.
client::ClientConfig client_config_for(const faults::Scenario& scenario,
                                       const client::RetryPolicy& policy,
                                       const std::string& server_url);

/// One scenario's scripted mock and the bundled retry client on one shared FakeClock: the setup
/// behind run_scenario(), for callers that run operations one at a time or bring a client of
/// their own on `clock()` and `base_url()` (cometbench::testing).
///
/// The sink is borrowed and must outlive the bench. Run one operation at a time; the accessors
/// may be called from any thread, as MockServer's.
class Bench {
 public:
  /// Starts the mock on an ephemeral loopback port (HTTPS for a `client.tls` scenario, with
  /// bench_server_options()). Throws std::runtime_error when it cannot.
  Bench(faults::Scenario scenario, client::RetryPolicy policy, client::RecordSink& sink);
  /// Closes the bundled client's connections, then stops the mock.
  ~Bench();
  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;

  clock::FakeClock& clock() { return clock_; }
  const clock::FakeClock& clock() const { return clock_; }
  mockserver::MockServer& server() { return server_; }
  const mockserver::MockServer& server() const { return server_; }
  const faults::Scenario& scenario() const { return scenario_; }
  /// The SDK-form base URL a client is given: the mock's URL + `client.base_path` ("/v1").
  std::string base_url() const;
  /// The bundled client's configuration (see client_config_for).
  client::ClientConfig client_config() const;
  /// The bundled ChatClient on the shared clock, writing to the sink; made on first use.
  /// Throws std::invalid_argument as ChatClient's constructor does (e.g. a bad base_path).
  client::ChatClient& client();

  /// Runs operation `index` (1-based) as `cometbench run` does: the scenario's request (or
  /// default_request()), operation id `op-<name>-<index>`, and a cancellation `client.cancel_after`
  /// after its start when the scenario sets one.
  client::Result run_operation(int index);

  /// Closes the bundled client's keep-alive connections, then stops the mock (so the server
  /// never waits for an idle connection). Idempotent.
  void stop();

 private:
  faults::Scenario scenario_;
  client::RetryPolicy policy_;
  client::RecordSink& sink_;
  clock::FakeClock clock_;
  mockserver::MockServer server_;
  // A TLS scenario's CA the bundled client trusts, as a file (libcurl's CURLOPT_CAINFO);
  // removed by stop(). Empty without TLS.
  std::filesystem::path ca_file_;
  std::optional<client::CurlTransport> transport_;
  std::optional<client::ChatClient> client_;
};

}  // namespace cometbench::runner
