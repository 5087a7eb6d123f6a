// How the client reacts to what a response says: Retry-After, x-should-retry, error classes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chat_client_fixture.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;

constexpr auto kErr = ResponseObjectType::error;
constexpr auto kTransient = Outcome::transient_failure;

class ChatClientSignalsTest : public ChatClientFixture {};

TEST_F(ChatClientSignalsTest, HonoursRetryAfterSeconds) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "2"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  expect_records({Rec(1)
                      .http_error(429)
                      .retried(RetryReason::retry_after_honored, 2000)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2).completion().at(2010, 10)},
                 summary(2, Outcome::success, 200, 2000, 2020));
}

TEST_F(ChatClientSignalsTest, HonoursAnHttpDateAgainstTheVirtualWallClock) {
  make_client(no_jitter());
  // Wall time at the decision: 2026-01-01T00:00:00.010Z.
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503, {{"retry-after", "Thu, 01 Jan 2026 00:00:03 GMT"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  EXPECT_EQ(sink_.attempts().at(0).backoff, 2990ms);
  EXPECT_EQ(sink_.attempts().at(0).retry_reason, RetryReason::retry_after_honored);
}

TEST_F(ChatClientSignalsTest, RetryAfterMsWinsOverRetryAfter) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after-ms", "750"}, {"retry-after", "2"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  EXPECT_EQ(sink_.attempts().at(0).backoff, 750ms);
}

TEST_F(ChatClientSignalsTest, GivesUpWhenRetryAfterExceedsTheCap) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "121"}}));
  const Result r = complete();
  expect_records({Rec(1)
                      .http_error(429)
                      .decided(RetryDecision::not_retried, RetryReason::retry_after_exceeds_cap)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, 429, 0, 10));
  EXPECT_EQ(r.outcome, kTransient);
}

TEST_F(ChatClientSignalsTest, BacksOffWhenRetryAfterExceedsTheCapAndThePolicySaysSo) {
  RetryPolicy policy = no_jitter();
  policy.retry_after_over_cap = RetryAfterOverCap::use_backoff;
  make_client(policy);
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "121"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  EXPECT_EQ(sink_.attempts().at(0).retry_reason, RetryReason::retryable_status);
  EXPECT_EQ(sink_.attempts().at(0).backoff, 500ms);
}

TEST_F(ChatClientSignalsTest, IgnoresRetryAfterWhenThePolicySaysSo) {
  RetryPolicy policy = no_jitter();
  policy.honor_retry_after = false;
  make_client(policy);
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "5"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  EXPECT_EQ(sink_.attempts().at(0).backoff, 500ms);
}

TEST_F(ChatClientSignalsTest, GarbageRetryAfterFallsBackToBackoff) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503, {{"retry-after", "soon"}}))
      .WillOnce(respond(clock_, 503, kError503, {{"retry-after", "0"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  EXPECT_EQ(sleeps_ms(clock_), ms_list({500, 1000}));
}

TEST_F(ChatClientSignalsTest, StopsWhenTheServerSaysNotToRetry) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503, {{"x-should-retry", "false"}}));
  complete();
  expect_records({Rec(1)
                      .http_error(503)
                      .decided(RetryDecision::not_retried, RetryReason::server_said_no_retry)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, 503, 0, 10));
}

TEST_F(ChatClientSignalsTest, RetriesWhenTheServerSaysSo) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 418, "", {{"x-should-retry", "true"}}))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  expect_records({Rec(1)
                      .http_error(418)
                      .retried(RetryReason::server_said_retry, 500)
                      .outcome(Outcome::caller_error)
                      .at(0, 10),
                  Rec(2).completion().at(510, 10)},
                 summary(2, Outcome::success, 200, 500, 520));
}

TEST_F(ChatClientSignalsTest, AuthErrorsAreTerminal) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(respond(clock_, 401, kError503));
  const Result r = complete();
  expect_records({Rec(1)
                      .http_error(401)
                      .decided(RetryDecision::not_retried, RetryReason::auth_error_terminal)
                      .object(kErr)
                      .outcome(Outcome::auth_error)
                      .at(0, 10)},
                 summary(1, Outcome::auth_error, 401, 0, 10));
  EXPECT_EQ(r.error_message, "auth_error after 1 attempt: last error 401 (auth_error_terminal)");
}

TEST_F(ChatClientSignalsTest, AMalformedRequest500IsACallerError) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 500, R"({"error":{"message":"bad","code":"invalid_request"}})"));
  const Result r = complete();
  EXPECT_EQ(r.outcome, Outcome::caller_error);
  EXPECT_EQ(sink_.attempts().at(0).retry_reason, RetryReason::caller_error_terminal);
}

TEST_F(ChatClientSignalsTest, A200ThatIsNotJsonEndsUnknownWithoutRetry) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(respond(clock_, 200, "<html>oops</html>"));
  const Result r = complete();
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::invalid_json)
                      .decided(RetryDecision::not_retried, RetryReason::invalid_response)
                      .outcome(Outcome::unknown)
                      .at(0, 10)},
                 summary(1, Outcome::unknown, 200, 0, 10));
  EXPECT_TRUE(r.response.is_null());
}

TEST_F(ChatClientSignalsTest, RetriesTransportErrorsInTheList) {
  make_client(no_jitter(4));
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(fail_with(clock_, TransportError::connection_refused, 1ms))
      .WillOnce(fail_with(clock_, TransportError::empty_reply, 3ms))
      .WillOnce(fail_with(clock_, TransportError::timeout, 60s))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  expect_records({Rec(1)
                      .error(ErrorKind::connection_refused)
                      .retried(RetryReason::retryable_error, 500)
                      .outcome(kTransient)
                      .at(0, 1),
                  Rec(2)
                      .error(ErrorKind::empty_reply)
                      .retried(RetryReason::retryable_error, 1000)
                      .outcome(kTransient)
                      .at(501, 3),
                  Rec(3)
                      .error(ErrorKind::timeout)
                      .retried(RetryReason::retryable_error, 2000)
                      .outcome(kTransient)
                      .at(1504, 60000),
                  Rec(4).completion().at(63504, 10)},
                 summary(4, Outcome::success, 200, 3500, 63514));
}

TEST_F(ChatClientSignalsTest, DoesNotRetryTransportErrorsOutsideTheList) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).WillOnce(fail_with(clock_, TransportError::tls_error));
  complete();
  expect_records({Rec(1)
                      .error(ErrorKind::tls_error)
                      .decided(RetryDecision::not_retried, RetryReason::non_retryable_error)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, std::nullopt, 0, 10));
}

}  // namespace
}  // namespace cometbench::client
