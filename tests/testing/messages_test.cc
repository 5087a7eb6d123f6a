// cometbench::testing's failure messages, exactly as a user reads them in a failing test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "faults/parser.h"
#include "testing/golden.h"
#include "testing/matchers.h"
#include "testing/scripted_mock.h"

namespace {

using ::cometbench::testing::IsAttempt;
using ::cometbench::testing::IsRequest;
using ::cometbench::testing::IsSummary;
using ::cometbench::testing::MatchesGoldenFile;
using ::cometbench::testing::scenario_file;
using ::cometbench::testing::scenario_json;
using ::cometbench::testing::ScriptedMock;

const std::string kScenarios = COMETBENCH_FIXTURES_DIR "/scenarios/";

// What gMock prints after "Actual: ..." when `matcher` rejects `value`.
template <typename Matcher, typename Value>
std::string why_not(const Matcher& matcher, const Value& value) {
  ::testing::StringMatchResultListener listener;
  EXPECT_FALSE(::testing::ExplainMatchResult(matcher, value, &listener));
  return listener.str();
}

template <typename Matcher>
std::string description(const Matcher& matcher) {
  return ::testing::DescribeMatcher<typename Matcher::value_type>(matcher);
}

class Messages : public ::testing::Test {
 protected:
  Messages() : mock_(scenario_file(kScenarios + "overloaded-503-503-200.json")) {
    mock_.complete();
  }
  ScriptedMock mock_;
};

TEST_F(Messages, AnAttemptMismatchNamesEachDifferingFieldAndShowsTheRecord) {
  using enum cometbench::client::RetryDecision;
  const auto attempt = mock_.attempts().at(0);
  const std::string why =
      why_not(IsAttempt().status(429).decision(retried).backoff_ms(250), attempt);
  EXPECT_EQ(why.substr(0, why.find('\n')),
            "http_response_status_code (expected 429, actual 503), backoff_ms (expected 250, "
            "actual 500)");
  EXPECT_NE(why.find("\n    the record: {"), std::string::npos) << why;
}

TEST_F(Messages, AnUnknownFieldSaysSo) {
  const std::string why = why_not(IsAttempt().field("no_such", 1), mock_.attempts().at(0));
  EXPECT_EQ(why.substr(0, why.find('\n')), "no_such (expected 1, no such field)");
}

TEST_F(Messages, DescriptionsListTheExpectedFieldsInOrder) {
  ::testing::Matcher<const cometbench::client::SummaryRecord&> summary =
      IsSummary().attempts(3).total_backoff_ms(1500);
  std::ostringstream os;
  summary.DescribeTo(&os);
  EXPECT_EQ(os.str(), "is a summary record with attempts 3, total_backoff_ms 1500");
  ::testing::Matcher<const cometbench::mockserver::JournalEntry&> request =
      IsRequest().served("respond").status(503);
  std::ostringstream negated;
  request.DescribeNegationTo(&negated);
  EXPECT_EQ(negated.str(), "is not a journal entry with served \"respond\", status 503");
}

TEST_F(Messages, AMissingGoldenSaysWhichFileAndShowsTheLinesItWouldHold) {
  const std::string why = why_not(MatchesGoldenFile("/nonexistent/x.golden.jsonl"), mock_.lines());
  EXPECT_EQ(why.substr(0, why.find('\n')),
            "cannot read the golden file /nonexistent/x.golden.jsonl; the run's lines are:");
  EXPECT_NE(why.find("\"operation_id\":\"op-overloaded-503-503-200-0001\""), std::string::npos)
      << why;
}

TEST(ScenarioErrors, ABadInlineScenarioNamesThePlace) {
  try {
    scenario_json(
        R"({"name": "x", "description": "steps is not an array.", "script": {"POST /v1/chat/completions": {"steps": 3}}})");
    FAIL() << "no error";
  } catch (const cometbench::faults::FixtureError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "inline scenario:1:97: /script/POST ~1v1~1chat~1completions/steps: ", 0),
              0u)
        << e.what();
  }
}

}  // namespace
