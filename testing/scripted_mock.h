#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "client/chat_client.h"
#include "client/record_sink.h"
#include "client/records.h"
#include "clock/fake_clock.h"
#include "clock/system_clock.h"
#include "faults/scenario.h"
#include "mockserver/mock_server.h"
#include "runner/bench.h"

namespace cometbench::testing {

/// A scenario from a fixture file (docs/fixtures.md); `$ref`s resolve against its folder.
/// Throws faults::FixtureError (`FILE: POINTER: MESSAGE`) for a bad fixture.
faults::Scenario scenario_file(const std::filesystem::path& file);

/// A scenario from JSON text written in the test, e.g. a raw string literal. `$ref`s resolve
/// against `ref_dir` (default: the current directory). Errors read
/// `inline scenario: POINTER: MESSAGE`.
faults::Scenario scenario_json(std::string_view json, const std::filesystem::path& ref_dir = {});

/// The scripted mock CometAPI server on a FakeClock, for a retry client's own tests: the client
/// under test shares `clock()` with the mock, so backoffs, Retry-After waits, held requests and
/// timeouts take no real time and every time in a record is exact.
///
/// Two ways to drive it:
/// - the bundled ChatClient, configured by the scenario's `client` section: `complete()` runs
///   the next operation exactly as `cometbench run` does, and `attempts()`, `summaries()` and
///   `lines()` are its records (the lines are what a golden file holds);
/// - a client of your own that takes a base URL and a `clock::Clock&`: give it `base_url()` and
///   `clock()` (and `sink()` if it writes cometbench records), run it, then check `journal()`.
///
/// Starts serving in the constructor on an ephemeral loopback port and stops in the destructor
/// (or `stop()`). Run one operation at a time; `journal()` and the record accessors may be
/// called from any thread.
class ScriptedMock {
 public:
  /// Throws client::PolicyError for a bad `client.policy`, std::runtime_error when the server
  /// cannot start.
  explicit ScriptedMock(faults::Scenario scenario);
  ScriptedMock(const ScriptedMock&) = delete;
  ScriptedMock& operator=(const ScriptedMock&) = delete;

  /// The virtual clock shared by the mock and the client under test.
  clock::FakeClock& clock() { return bench_.clock(); }
  /// The SDK-form base URL, ending in the scenario's `client.base_path` ("/v1").
  std::string base_url() const { return bench_.base_url(); }
  /// The mock server itself (reset, load another scenario, journal_dropped).
  mockserver::MockServer& server() { return bench_.server(); }

  /// The bundled client's configuration: base URL, key and the scenario's policy. Change what
  /// you like and build a ChatClient of your own on `clock()` and `sink()`.
  client::ClientConfig client_config() const { return bench_.client_config(); }
  /// The bundled ChatClient (made on first use), writing its records to `sink()`.
  client::ChatClient& client() { return bench_.client(); }
  /// Runs the bundled client's next operation: the scenario's request (or the default one),
  /// operation id `op-<name>-0001`, `-0002`, ..., and `client.cancel_after` if set.
  client::Result complete();

  /// Collects records; pass it to a ChatClient of your own to have them here.
  client::RecordSink& sink() { return sink_; }
  std::vector<client::AttemptRecord> attempts() const { return sink_.attempts(); }
  std::vector<client::SummaryRecord> summaries() const { return sink_.summaries(); }
  /// Every record as its JSONL line, in emission order: the golden file's lines.
  std::vector<std::string> lines() const { return sink_.lines(); }
  /// Every request the mock received, in arrival order.
  std::vector<mockserver::JournalEntry> journal() const { return bench_.server().journal(); }
  /// Virtual time since the mock started.
  std::chrono::milliseconds elapsed() const;

  /// Closes the bundled client's connections and stops the mock; idempotent.
  void stop() { bench_.stop(); }

 private:
  client::InMemorySink sink_;  // before bench_, which writes to it until it stops
  runner::Bench bench_;
  int next_operation_ = 1;
};

/// The scripted mock on the real clock, serving only: for a client in the same process that
/// cannot take a clock (an SDK with its own timers). Delays, holds and backoffs take real time,
/// so such tests want scenarios with short ones; check what the client did with `journal()`.
///
/// Starts in the constructor on an ephemeral loopback port, stops in the destructor.
/// Thread-safe as MockServer.
class RealTimeMock {
 public:
  /// Throws std::runtime_error when the server cannot start.
  explicit RealTimeMock(faults::Scenario scenario, mockserver::MockServerOptions options = {});
  RealTimeMock(const RealTimeMock&) = delete;
  RealTimeMock& operator=(const RealTimeMock&) = delete;

  /// The SDK-form base URL, ending in the scenario's `client.base_path` ("/v1").
  std::string base_url() const { return server_.url() + base_path_; }
  std::vector<mockserver::JournalEntry> journal() const { return server_.journal(); }
  mockserver::MockServer& server() { return server_; }

 private:
  clock::SystemClock clock_;
  std::string base_path_;
  mockserver::MockServer server_;
};

}  // namespace cometbench::testing
