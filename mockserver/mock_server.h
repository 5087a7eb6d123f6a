#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clock/clock.h"
#include "faults/scenario.h"

namespace cometbench::mockserver {

/// One request as the mock saw it. Never holds the Authorization value or any body text.
struct JournalEntry {
  std::uint64_t seq = 0;            // 1, 2, ... since start or the last reset
  std::int64_t time_ms = 0;         // on the server's clock, since start or the last reset
  std::string method;               // "POST"
  std::string route;                // "/v1/chat/completions"
  std::uint64_t connection_id = 0;  // equal for requests that reused one keep-alive connection
  std::optional<std::size_t> step_index;  // the scripted step served, 0-based
  std::string served;         // step kind ("respond", "timeout", ...) or "auth_rejected",
                              // "invalid_request", "exhausted", "not_found"
  std::optional<int> status;  // the status sent, if any
  std::map<std::string, std::string> retry_headers;  // e.g. x-stainless-retry-count: "1"
  std::size_t body_size = 0;
  std::string body_sha256;  // lowercase hex of the request body
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

nlohmann::json to_json(const JournalEntry& entry);

struct MockServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port
  std::size_t journal_capacity = 10000;
  std::size_t worker_threads = 64;
  bool admin_api = false;  // GET /__admin/journal, POST /__admin/reset, PUT /__admin/scenario
};

/// The embedded mock CometAPI server: plays a scenario's scripted steps on a real socket.
///
/// Delays, dribble gaps and holds go through the injected Clock; under a FakeClock shared with
/// the client nothing waits in real time for a scripted duration. Thread-safe; `stop()` returns
/// within 100 ms even with held requests and open keep-alive connections.
class MockServer {
 public:
  MockServer(clock::Clock& clock, faults::Scenario scenario, MockServerOptions options = {});
  ~MockServer();  // stops
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Binds and starts serving; returns once the accept loop runs. Throws std::runtime_error
  /// when the address cannot be bound.
  void start();
  void stop();

  /// "http://127.0.0.1:PORT" (no trailing slash; SDK base URLs add "/v1").
  std::string url() const;
  int port() const;

  /// Replaces the scenario and resets steps and journal.
  void load(faults::Scenario scenario);
  /// Steps and journal back to the start.
  void reset();

  std::vector<JournalEntry> journal() const;
  std::uint64_t journal_dropped() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cometbench::mockserver
