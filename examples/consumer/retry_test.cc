// A user's own GoogleTest against an installed cometbench: the scripted mock on a FakeClock
// shared with the bundled retry client, one operation, the exact records and journal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "testing/matchers.h"
#include "testing/scripted_mock.h"

namespace {

using cometbench::testing::IsAttempt;
using cometbench::testing::IsRequest;
using cometbench::testing::IsSummary;
using cometbench::testing::scenario_json;
using cometbench::testing::ScriptedMock;
using testing::ElementsAre;

// A 429 with Retry-After: 2, then a completion. No backoff jitter, so every time is exact.
constexpr const char* kRateLimited = R"({
  "name": "rate-limited-once", "description": "429 with Retry-After 2, then 200.",
  "api_key": "test-key",
  "script": {"POST /v1/chat/completions": {"steps": [
    {"respond": {"status": 429, "headers": {"Retry-After": "2"},
                 "body": {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}}},
    {"respond": {"status": 200, "body": {
      "id": "chatcmpl-1", "object": "chat.completion", "created": 1735689600,
      "model": "gpt-4o-mini",
      "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"},
                   "finish_reason": "stop"}],
      "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}}}
  ]}},
  "client": {"api_key": "test-key", "policy": {"jitter": "none"}}
})";

TEST(RetryClient, WaitsOutRetryAfterOnTheVirtualClock) {
  using cometbench::client::Outcome;
  using enum cometbench::client::RetryDecision;
  using enum cometbench::client::RetryReason;
  ScriptedMock mock(scenario_json(kRateLimited));

  EXPECT_EQ(mock.complete().outcome, Outcome::success);

  EXPECT_THAT(mock.attempts(),
              ElementsAre(IsAttempt().status(429).reason(retry_after_honored).backoff_ms(2000),
                          IsAttempt().status(200).decision(not_retried).start_ms(2000)));
  EXPECT_THAT(mock.summaries(), ElementsAre(IsSummary().attempts(2).total_backoff_ms(2000)));
  EXPECT_THAT(mock.journal(), ElementsAre(IsRequest().status(429).time_ms(0),
                                          IsRequest().status(200).time_ms(2000)));
  EXPECT_EQ(mock.elapsed(), std::chrono::milliseconds(2000));
}

}  // namespace
