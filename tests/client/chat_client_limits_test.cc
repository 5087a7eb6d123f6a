// Deadlines and the retry budget.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chat_client_fixture.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;
using ::testing::Invoke;

constexpr auto kErr = ResponseObjectType::error;
constexpr auto kTransient = Outcome::transient_failure;

class ChatClientDeadlineTest : public ChatClientFixture {};

TEST_F(ChatClientDeadlineTest, AttemptDeadlineIsTheEarlierOfTimeoutAndOperationDeadline) {
  RetryPolicy policy = no_jitter();
  policy.attempt_timeout = 1000ms;
  policy.deadline = 2500ms;
  make_client(policy);
  std::vector<clock::TimePoint> deadlines;
  EXPECT_CALL(transport_, perform(_))
      .Times(2)
      .WillRepeatedly(Invoke([&](const TransportRequest& r) {
        deadlines.push_back(r.deadline);
        return hang(clock_)(r);
      }));
  const Result r = complete();
  EXPECT_EQ(deadlines, (std::vector<clock::TimePoint>{clock::TimePoint{} + 1000ms,
                                                      clock::TimePoint{} + 2500ms}));
  expect_records({Rec(1)
                      .error(ErrorKind::timeout)
                      .retried(RetryReason::retryable_error, 500)
                      .outcome(kTransient)
                      .at(0, 1000),
                  Rec(2)
                      .error(ErrorKind::timeout)
                      .decided(RetryDecision::not_retried, RetryReason::deadline_exceeded)
                      .outcome(kTransient)
                      .at(1500, 1000)},
                 summary(2, kTransient, std::nullopt, 500, 2500));
  EXPECT_EQ(r.error_message,
            "transient_failure after 2 attempts: last error timeout (deadline_exceeded)");
}

TEST_F(ChatClientDeadlineTest, ABackoffThatWouldReachTheDeadlineIsNotTaken) {
  RetryPolicy policy = no_jitter(5);
  policy.deadline = 1520ms;
  make_client(policy);
  EXPECT_CALL(transport_, perform(_)).Times(2).WillRepeatedly(respond(clock_, 503, kError503));
  complete();
  // Attempt 2 ends at 520; a 1000 ms backoff would end at 1520, the deadline: no time left.
  expect_records({Rec(1)
                      .http_error(503)
                      .retried(RetryReason::retryable_status, 500)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2)
                      .http_error(503)
                      .decided(RetryDecision::not_retried, RetryReason::deadline_exceeded)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(510, 10)},
                 summary(2, kTransient, 503, 500, 520));
  EXPECT_EQ(sleeps_ms(clock_), ms_list({500}));
}

TEST_F(ChatClientDeadlineTest, ARetryAfterPastTheDeadlineIsNotTaken) {
  RetryPolicy policy = no_jitter();
  policy.deadline = 5000ms;
  make_client(policy);
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "10"}}));
  complete();
  EXPECT_EQ(sink_.attempts().at(0).retry_reason, RetryReason::deadline_exceeded);
  EXPECT_EQ(sink_.attempts().at(0).backoff, 0ms);
}

class ChatClientBudgetTest : public ChatClientFixture {};

TEST_F(ChatClientBudgetTest, IsSharedByAllOperationsOfAClient) {
  RetryPolicy policy = no_jitter();
  policy.retry_budget = RetryBudgetConfig{12, 5, 10, 1};
  make_client(policy);
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503))    // op 1: pays 5 (12 -> 7)
      .WillOnce(respond(clock_, 200, kCompletion))  // refund 1 (-> 8)
      .WillOnce(respond(clock_, 503, kError503))    // op 2: pays 5 (-> 3)
      .WillOnce(respond(clock_, 503, kError503))    // cannot pay 5
      .WillOnce(Invoke(hang(clock_)));              // op 3: a timeout would cost 10
  EXPECT_EQ(complete().outcome, Outcome::success);
  EXPECT_EQ(client_->budget_tokens(), 8);
  EXPECT_EQ(complete().outcome, kTransient);
  EXPECT_EQ(client_->budget_tokens(), 3);
  complete();
  EXPECT_EQ(client_->budget_tokens(), 3);
  const auto attempts = sink_.attempts();
  ASSERT_EQ(attempts.size(), 5u);
  EXPECT_EQ(attempts[1].retry_reason, RetryReason::success);
  EXPECT_EQ(attempts[2].retry_decision, RetryDecision::retried);
  EXPECT_EQ(attempts[3], AttemptRecord(Rec(2, "op-0002")
                                           .http_error(503)
                                           .decided(RetryDecision::not_retried,
                                                    RetryReason::retry_budget_exhausted)
                                           .object(kErr)
                                           .outcome(kTransient)
                                           .at(510, 10)));
  EXPECT_EQ(attempts[4], AttemptRecord(Rec(1, "op-0003")
                                           .error(ErrorKind::timeout)
                                           .decided(RetryDecision::not_retried,
                                                    RetryReason::retry_budget_exhausted)
                                           .outcome(kTransient)
                                           .at(0, 60000)));
}

TEST_F(ChatClientBudgetTest, RefundsNeverExceedTheCapacity) {
  RetryPolicy policy = no_jitter();
  policy.retry_budget = RetryBudgetConfig{10, 5, 10, 3};
  make_client(policy);
  EXPECT_CALL(transport_, perform(_)).Times(2).WillRepeatedly(respond(clock_, 200, kCompletion));
  complete();
  complete();
  EXPECT_EQ(client_->budget_tokens(), 10);
}

}  // namespace
}  // namespace cometbench::client
