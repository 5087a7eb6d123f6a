#include "runner/scenario_runner.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "client/policy.h"
#include "client/record_writers.h"
#include "clock/fake_clock.h"
#include "faults/parser.h"
#include "mockserver/tls.h"
#include "runner/policy_file.h"

namespace cometbench::runner {
namespace {

// The key the client presents: the scenario's client key, else the key the mock expects, else
// a fixed placeholder (a mock without `api_key` accepts any Bearer token).
std::string client_key(const faults::Scenario& scenario) {
  if (scenario.client.api_key) return *scenario.client.api_key;
  if (scenario.api_key) return *scenario.api_key;
  return "cometbench-test-key";
}

// The CA the client trusts in a TLS scenario, as a file (libcurl's CURLOPT_CAINFO), removed
// when the run ends.
class TempPemFile {
 public:
  explicit TempPemFile(const std::string& pem) {
    std::string pattern = (std::filesystem::temp_directory_path() / "cometbench-ca-XXXXXX");
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw std::runtime_error("cannot create a temporary CA file for a TLS scenario");
    path_ = pattern;
    const bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
    ::close(fd);
    if (!written) throw std::runtime_error("cannot write the temporary CA file " + path_);
  }
  ~TempPemFile() { std::remove(path_.c_str()); }
  TempPemFile(const TempPemFile&) = delete;
  TempPemFile& operator=(const TempPemFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

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
  const faults::Scenario& scenario = loaded.scenario;

  clock::FakeClock clock;
  mockserver::MockServer server(clock, scenario, bench_server_options(scenario));
  server.start();
  // An untrusted certificate: the client trusts a CA of its own that signed nothing the mock
  // presents (not the system store, whose contents differ between machines).
  std::optional<TempPemFile> ca;
  if (scenario.client.tls) {
    ca.emplace(scenario.client.tls->trusted ? server.tls_ca_pem()
                                            : mockserver::generate_tls_identity().ca_pem);
  }

  RecordCollector sink;
  ScenarioRun run;
  {
    // The transport goes first so its keep-alive connections close before the server stops.
    client::CurlTransportOptions transport_options;
    if (ca) transport_options.ca_file = ca->path();
    client::CurlTransport transport(clock, transport_options);
    client::ClientConfig config;
    config.base_url = server.url() + scenario.client.base_path;
    config.api_key = client_key(scenario);
    config.policy = loaded.policy;
    client::ChatClient chat(std::move(config), transport, clock, sink, client::empty_environment());
    const nlohmann::json request =
        scenario.client.request.empty() ? default_request() : scenario.client.request;
    for (int i = 1; i <= scenario.client.operations; ++i) {
      client::CancelToken cancel;
      if (scenario.client.cancel_after)
        cancel.cancel_at(clock.now() + *scenario.client.cancel_after);
      client::CallOptions options;
      options.operation_id = operation_id_for(scenario.name, i);
      options.cancel = &cancel;
      chat.complete(request, options);
    }
  }
  server.stop();

  run.records = sink.take();
  run.lines = jsonl_lines(run.records);
  run.journal = server.journal();
  run.virtual_elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - clock::TimePoint{});
  run.real_elapsed = std::chrono::steady_clock::now() - real_start;
  return run;
}

}  // namespace cometbench::runner
