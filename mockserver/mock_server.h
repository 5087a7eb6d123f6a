#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "clock/clock.h"
#include "faults/scenario.h"
#include "mockserver/step_strategy.h"

namespace cometbench::mockserver {

/// One request as the mock saw it. Never holds the Authorization value or any body text.
struct JournalEntry {
  std::uint64_t seq = 0;            // 1, 2, ... since start or the last reset
  std::int64_t time_ms = 0;         // on the server's clock, since start or the last reset
  std::string session;              // the session ID from a /sessions/ID/ path; "": the default
  std::string method;               // "POST"
  std::string route;                // "/v1/chat/completions", without the /sessions/ID prefix
  std::uint64_t connection_id = 0;  // equal for requests that reused one keep-alive connection
  std::optional<std::size_t> step_index;  // the scripted step served, 0-based
  std::string served;         // step kind ("respond", "timeout", ...) or "auth_rejected",
                              // "invalid_request", "exhausted", "not_found",
                              // "invalid_session", "session_limit", "no_step"
  std::optional<int> status;  // the status sent, if any
  std::map<std::string, std::string> retry_headers;  // e.g. x-stainless-retry-count: "1"
  std::size_t body_size = 0;
  std::string body_sha256;  // lowercase hex of the request body
  friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};

/// The entry as JSON: {"seq", "time_ms", "session" (null for the default session), "method",
/// "route", "connection_id", "step_index" (null when no step was served), "served", "status"
/// (null when the client got none), "retry_headers" (lowercase names), "body_size",
/// "body_sha256"}.
nlohmann::json to_json(const JournalEntry& entry);

/// Prints `to_json(entry)` (gtest uses it for failure messages).
std::ostream& operator<<(std::ostream& os, const JournalEntry& entry);

/// One session as `MockServer::sessions()` lists it.
struct SessionInfo {
  std::string id;        // "" for the default session
  std::string scenario;  // the name of the scenario it plays
  friend bool operator==(const SessionInfo&, const SessionInfo&) = default;
};

struct MockServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port; a fixed port already in use makes start() throw
  std::size_t journal_capacity = 10000;  // beyond it the oldest entries go (journal_dropped())
  std::size_t worker_threads = 64;       // concurrent requests; each held request takes one
  /// Sessions besides the default one; a request that would make one more gets a 400.
  std::size_t max_sessions = 10000;
  bool admin_api = false;  // the /__admin/ endpoints (docs/serve.md)
  /// The folder `$ref`s in a scenario uploaded with `PUT /__admin/scenario` resolve against
  /// (the loaded fixture's folder); empty: the working directory.
  std::filesystem::path upload_base_dir;
  /// Picks each request's step (and the clock to play it on) instead of the script's order;
  /// null: the script's order. See StepStrategy.
  std::shared_ptr<StepStrategy> step_strategy;
  /// Every `$ref` of an uploaded scenario must lead to a file inside this folder, else the
  /// upload fails with "outside the root"; unset: `upload_base_dir` itself.
  std::optional<std::filesystem::path> upload_ref_root;
};

/// The embedded mock CometAPI server: plays a scenario's scripted steps on a real socket
/// (docs/serve.md). Each request on a scripted `METHOD /path` takes the script's next step;
/// requests with a wrong key (401), to unscripted routes (404) or with an invalid chat body
/// (400) are answered without consuming one. Every request except admin ones is journaled, and
/// every answer carries a `Date` and an `x-request-id` header (derived from the session and the
/// journal `seq`, so deterministic under a FakeClock).
///
/// Sessions (DESIGN section 8): a request on `/sessions/ID/rest` is served as `rest` from
/// session ID's own step counters, made on first use; other paths use the default session. The
/// server may hold several scenarios by name; a session plays the default one (the first given)
/// unless `select_scenario` chose another.
///
/// Delays, dribble gaps and holds go through the injected Clock; under a FakeClock shared with
/// the client nothing waits in real time for a scripted duration, and waits end as soon as the
/// client hangs up or the server stops.
///
/// Ownership: `clock` is borrowed and must outlive the server. Thread-safety: every member may
/// be called from any thread; handlers run on the server's own worker threads. `stop()` returns
/// within 100 ms even with held requests, dribbles in progress and idle keep-alive connections.
class MockServer {
 public:
  MockServer(clock::Clock& clock, faults::Scenario scenario, MockServerOptions options = {});
  /// Several scenarios, the first the default. Throws std::invalid_argument when `scenarios`
  /// is empty or two share a name.
  MockServer(clock::Clock& clock, std::vector<faults::Scenario> scenarios,
             MockServerOptions options = {});
  ~MockServer();  // stops
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  /// Binds and starts serving; returns once the accept loop runs. Throws std::runtime_error
  /// when the address cannot be bound, std::logic_error when called twice.
  void start();
  /// Releases every held request, closes all connections and joins the server threads.
  /// Idempotent; a stopped server cannot be started again.
  void stop();

  /// "http://127.0.0.1:PORT" (no trailing slash; SDK base URLs add "/v1").
  std::string url() const;
  int port() const;

  /// Adds `scenario` (replacing a loaded one of the same name), makes it the default and
  /// resets everything, as `reset()`. Requests already in progress finish with the steps they
  /// started with. Throws std::invalid_argument past kMaxLoadedScenarios (sessions.h).
  void load(faults::Scenario scenario);
  /// Makes the loaded scenario `name` the default and resets everything. Throws
  /// std::invalid_argument for an unknown name (the message lists the loaded ones).
  void use_scenario(const std::string& name);
  /// Every session forgotten; steps, journal, connection ids and journal time back to the start.
  void reset();

  /// Session `id` ("" = the default session) plays its scenario from the first step again, and
  /// its journal entries go.
  void reset_session(const std::string& id);
  /// Session `id` plays the loaded scenario `name` from its first step; its journal entries go.
  /// Throws std::invalid_argument for an invalid ID, an unknown name or no room for a session.
  void select_scenario(const std::string& id, const std::string& name);
  /// Forgets session `id` and its journal entries; false when there was no such session.
  bool remove_session(const std::string& id);
  /// The default session first, then the others by ID.
  std::vector<SessionInfo> sessions() const;
  /// The loaded scenarios' names, the default first.
  std::vector<std::string> scenario_names() const;

  /// A copy of the journal, in arrival order (oldest first); only session `session`'s entries
  /// when set ("" = the default session).
  std::vector<JournalEntry> journal(const std::optional<std::string>& session = {}) const;
  /// Entries discarded because the journal was full, since start or the last reset.
  std::uint64_t journal_dropped() const;
  /// Blocks until `done(entries)` holds for the journal's entries (oldest first; every
  /// session's), checked at once and after every change, or until `timeout` of real time has
  /// passed; returns whether it held. For callers that wait for requests to arrive (or for a
  /// held request's fate) without polling. `done` runs under the journal's lock: it must be
  /// quick and must not call the server.
  bool wait_for_journal(const std::function<bool(const std::deque<JournalEntry>&)>& done,
                        std::chrono::milliseconds timeout) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cometbench::mockserver
