#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "runner/discovery.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;

// Every string a scenario gives the client that must never be written anywhere: the keys and
// every text value of the request (model names excepted: they are not content, and "gpt-4o-mini"
// would match nothing of ours anyway).
std::vector<std::string> canaries(const faults::Scenario& s) {
  std::vector<std::string> out;
  if (s.api_key) out.push_back(*s.api_key);
  if (s.client.api_key) out.push_back(*s.client.api_key);
  const auto& messages = s.client.request.value("messages", nlohmann::json::array());
  for (const auto& m : messages) {
    if (m.contains("content") && m["content"].is_string())
      out.push_back(m["content"].get<std::string>());
  }
  return out;
}

class BundledScenarioTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(BundledScenarioTest, NoKeyOrPromptReachesRecordsOrJournal) {
  const LoadedScenario loaded = load_scenario(GetParam());
  const ScenarioRun run = run_scenario(loaded);
  ASSERT_FALSE(run.lines.empty());
  std::string everything;
  for (const std::string& line : run.lines) everything += line + "\n";
  for (const auto& entry : run.journal) everything += mockserver::to_json(entry).dump() + "\n";
  for (const std::string& canary : canaries(loaded.scenario)) {
    EXPECT_EQ(everything.find(canary), std::string::npos) << "\"" << canary << "\" leaked";
  }
  EXPECT_EQ(everything.find("Bearer"), std::string::npos);
}

TEST_P(BundledScenarioTest, TwoRunsGiveIdenticalRecordsAndJournals) {
  const LoadedScenario loaded = load_scenario(GetParam());
  const ScenarioRun first = run_scenario(loaded);
  const ScenarioRun second = run_scenario(loaded);
  EXPECT_EQ(first.lines, second.lines);
  EXPECT_EQ(first.virtual_elapsed, second.virtual_elapsed);
  ASSERT_EQ(first.journal.size(), second.journal.size());
  for (std::size_t i = 0; i < first.journal.size(); ++i) {
    // Connection ids count connections, which both runs open alike; times are virtual.
    EXPECT_EQ(first.journal[i], second.journal[i]) << "journal entry " << i;
  }
}

// One request on the wire is one attempt record: the records that say a request went out
// (`connection_reused` set) pair one to one, in order, with what the mock received, with the
// same status, and a record on a new connection pairs with the first request of a connection.
TEST_P(BundledScenarioTest, EveryRequestTheMockReceivedIsOneAttemptRecord) {
  const ScenarioRun run = run_scenario(load_scenario(GetParam()));
  std::vector<client::AttemptRecord> sent;
  for (const Record& r : run.records) {
    const auto* attempt = std::get_if<client::AttemptRecord>(&r);
    if (attempt != nullptr && attempt->connection_reused) sent.push_back(*attempt);
  }
  ASSERT_EQ(sent.size(), run.journal.size()) << "requests on the wire vs requests received";
  std::set<std::uint64_t> seen_connections;
  for (std::size_t i = 0; i < sent.size(); ++i) {
    const client::AttemptRecord& record = sent[i];
    const mockserver::JournalEntry& entry = run.journal[i];
    SCOPED_TRACE("request " + std::to_string(i + 1) + " (" + record.operation_id.str() + " #" +
                 std::to_string(record.attempt_index) + ", journal seq " +
                 std::to_string(entry.seq) + ")");
    EXPECT_EQ(record.http_response_status_code, entry.status);
    const bool new_connection = seen_connections.insert(entry.connection_id).second;
    EXPECT_EQ(*record.connection_reused, !new_connection);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BundledScenarioTest,
                         ::testing::ValuesIn(find_scenarios({fs::path(COMETBENCH_FIXTURES_DIR) /
                                                             "scenarios"})),
                         [](const ::testing::TestParamInfo<fs::path>& param) {
                           std::string name = param.param.stem().string();
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace cometbench::runner
