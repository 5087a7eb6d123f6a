#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "client/policy.h"
#include "client/record_sink.h"
#include "client/records.h"
#include "faults/scenario.h"
#include "mockserver/mock_server.h"

namespace cometbench::runner {

/// One record of a run, in the order the client emitted it.
using Record = std::variant<client::AttemptRecord, client::SummaryRecord>;

/// A sink that keeps the client's records in emission order, with their types, for every
/// output format. Not thread-safe: a client emits on the thread running the operation.
class RecordCollector final : public client::RecordSink {
 public:
  void on_attempt(const client::AttemptRecord& record) override { records_.emplace_back(record); }
  void on_summary(const client::SummaryRecord& record) override { records_.emplace_back(record); }
  std::vector<Record> take() { return std::move(records_); }

 private:
  std::vector<Record> records_;
};

/// The records as JSONL lines (no trailing newlines), the golden format.
std::vector<std::string> jsonl_lines(const std::vector<Record>& records);

/// What one scenario produced.
struct ScenarioRun {
  std::vector<Record> records;
  std::vector<std::string> lines;  // the records as JSONL, the golden format
  std::vector<mockserver::JournalEntry> journal;
  std::chrono::milliseconds virtual_elapsed{0};  // the FakeClock's time at the end
  std::chrono::nanoseconds real_elapsed{0};
};

/// The request a scenario sends when its `client.request` is empty.
nlohmann::json default_request();

/// Operation ids: `op-<scenario>-0001`, `op-<scenario>-0002`, ...
std::string operation_id_for(const std::string& scenario_name, int index);

/// A scenario file with its client policy parsed: everything needed to run it.
struct LoadedScenario {
  faults::Scenario scenario;
  client::RetryPolicy policy;
};

/// Loads a scenario for the bench: the strict fixture parser, then the rule that the scenario's
/// `name` equals the file's name (goldens and operation ids are found by name), then the
/// client's strict policy parser on `/client/policy` or on the policy file its `{"$ref": ...}`
/// names. Throws faults::FixtureError or client::PolicyError; both read
/// `FILE: POINTER: MESSAGE`. A file with no `script` and only policy keys gets the hint
/// `this looks like a retry policy: name it NAME.policy.json` after its message.
LoadedScenario load_scenario(const std::filesystem::path& file);

/// Runs a scenario: the embedded mock plays its script and the retry client runs
/// `client.operations` operations against it, both on one FakeClock, one after another.
///
/// Throws std::runtime_error when the mock cannot start. Safe to call from several threads at once:
/// each call has its own clock, server and client.
ScenarioRun run_scenario(const LoadedScenario& loaded);

}  // namespace cometbench::runner
