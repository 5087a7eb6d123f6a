// cometbench::testing as a user drives it with the bundled ChatClient: a scenario file, one
// operation, then the exact records, single fields and the golden.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/golden.h"
#include "testing/matchers.h"
#include "testing/scripted_mock.h"

namespace {

using ::cometbench::testing::IsAttempt;
using ::cometbench::testing::IsRequest;
using ::cometbench::testing::IsSummary;
using ::cometbench::testing::MatchesGoldenFile;
using ::cometbench::testing::scenario_file;
using ::cometbench::testing::ScriptedMock;
using ::testing::ElementsAre;

const std::string kScenarios = COMETBENCH_FIXTURES_DIR "/scenarios/";

TEST(BundledClient, RetriesTwoOverloadedAnswersWithExactBackoffs) {
  using enum cometbench::client::RetryDecision;
  using enum cometbench::client::Outcome;
  ScriptedMock mock(scenario_file(kScenarios + "overloaded-503-503-200.json"));

  const cometbench::client::Result result = mock.complete();

  EXPECT_EQ(result.outcome, success);
  EXPECT_EQ(result.status, 200);
  EXPECT_THAT(mock.attempts(),
              ElementsAre(IsAttempt().index(1).status(503).decision(retried).backoff_ms(500),
                          IsAttempt().index(2).status(503).decision(retried).backoff_ms(1000),
                          IsAttempt().index(3).status(200).no_error().decision(not_retried)));
  EXPECT_THAT(mock.summaries(), ElementsAre(IsSummary()
                                                .operation_id("op-overloaded-503-503-200-0001")
                                                .attempts(3)
                                                .outcome(success)
                                                .total_backoff_ms(1500)
                                                .elapsed_ms(1500)));
  EXPECT_EQ(mock.elapsed(), std::chrono::milliseconds(1500));
}

TEST(BundledClient, RecordsEqualTheGoldenThatCometbenchRunJudges) {
  ScriptedMock mock(scenario_file(kScenarios + "timeout-then-ok.json"));
  mock.complete();
  EXPECT_THAT(mock.lines(), MatchesGoldenFile(kScenarios + "timeout-then-ok.golden.jsonl"));
}

TEST(BundledClient, AHeldRequestEndsAtTheAttemptTimeoutInVirtualTime) {
  using enum cometbench::client::RetryReason;
  ScriptedMock mock(scenario_file(kScenarios + "timeout-then-ok.json"));
  mock.complete();
  EXPECT_THAT(mock.attempts(), ElementsAre(IsAttempt()
                                               .no_status()
                                               .error("timeout")
                                               .reason(retryable_error)
                                               .start_ms(0)
                                               .duration_ms(30000),
                                           IsAttempt().status(200).start_ms(31000).duration_ms(0)));
  EXPECT_THAT(mock.journal(),
              ElementsAre(IsRequest().served("timeout").step(0).no_status().time_ms(0),
                          IsRequest().served("respond").step(1).status(200).time_ms(31000)));
}

TEST(BundledClient, OperationsAreNumberedAsInCometbenchRun) {
  ScriptedMock mock(scenario_file(kScenarios + "happy-path.json"));
  mock.complete();
  mock.complete();
  EXPECT_THAT(mock.summaries(), ElementsAre(IsSummary().operation_id("op-happy-path-0001"),
                                            IsSummary().operation_id("op-happy-path-0002")));
}

}  // namespace
