// The openai-node and openai-python presets against the responses where the two SDKs part ways:
// Retry-After 0, above 60 s and above 120 s, a body cut after a 2xx's headers, a stream cut
// before its first event. Backoffs use the default seed, whose first draw is U = 0.1547...:
// the openai formula gives 500 * (1 - 0.25 U) = 480 ms.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chat_client_fixture.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;

constexpr auto kErr = ResponseObjectType::error;
constexpr auto kTransient = Outcome::transient_failure;

class SdkPresetTest : public ChatClientFixture {
 protected:
  void use(const char* preset) { make_client(*preset_policy(preset)); }

  // A 429 with `headers`, then a 200.
  void expect_429_then_ok(Headers headers) {
    EXPECT_CALL(transport_, perform(_))
        .WillOnce(respond(clock_, 429, kError429, std::move(headers)))
        .WillOnce(respond(clock_, 200, kCompletion));
  }

  // The 429's record, retried with `reason` and `backoff`, then the 200 and the summary.
  void expect_retried_429(RetryReason reason, int backoff) {
    expect_records(
        {Rec(1).http_error(429).retried(reason, backoff).object(kErr).outcome(kTransient).at(0, 10),
         Rec(2).completion().at(10 + backoff, 10)},
        summary(2, Outcome::success, 200, backoff, 20 + backoff));
  }

  void expect_stream_committed_at_headers(const char* preset);

  // A 200 whose body breaks off after the headers (a truncate step).
  static auto cut_200(clock::FakeClock& clock) {
    return [&clock](const TransportRequest&) {
      clock.advance(10ms);
      TransportResult r;
      r.status = 200;
      r.headers = {{"content-type", "application/json"}};
      r.body = R"({"id":"c1","obj)";
      r.error = TransportError::truncated_body;
      r.end_time = clock.now();
      return r;
    };
  }
};

TEST_F(SdkPresetTest, NodeRetriesAtOnceOnRetryAfterZero) {
  use("openai-node");
  expect_429_then_ok({{"retry-after", "0"}});
  complete();
  expect_retried_429(RetryReason::retry_after_honored, 0);
}

TEST_F(SdkPresetTest, PythonBacksOffOnRetryAfterZero) {
  use("openai-python");
  expect_429_then_ok({{"retry-after-ms", "0"}});
  complete();
  expect_retried_429(RetryReason::retryable_status, 480);
}

TEST_F(SdkPresetTest, NodeBacksOffAboveSixtySeconds) {
  use("openai-node");
  expect_429_then_ok({{"retry-after", "61"}});
  complete();
  expect_retried_429(RetryReason::retryable_status, 480);
}

TEST_F(SdkPresetTest, NodeWaitsExactlySixtySeconds) {
  use("openai-node");
  expect_429_then_ok({{"retry-after", "60"}});
  complete();
  expect_retried_429(RetryReason::retry_after_honored, 60000);
}

TEST_F(SdkPresetTest, PythonWaitsNinetySeconds) {
  use("openai-python");
  expect_429_then_ok({{"retry-after", "90"}});
  complete();
  expect_retried_429(RetryReason::retry_after_honored, 90000);
}

TEST_F(SdkPresetTest, PythonGivesUpAboveTwoMinutes) {
  use("openai-python");
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 429, kError429, {{"retry-after", "121"}}));
  complete();
  expect_records({Rec(1)
                      .http_error(429)
                      .decided(RetryDecision::not_retried, RetryReason::retry_after_exceeds_cap)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, 429, 0, 10));
}

// Wall time at the decision: 2026-01-01T00:00:00.010Z; the date is a minute before.
TEST_F(SdkPresetTest, NodeBacksOffOnADateInThePast) {
  use("openai-node");
  expect_429_then_ok({{"retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"}});
  complete();
  expect_retried_429(RetryReason::retryable_status, 480);
}

TEST_F(SdkPresetTest, PythonBacksOffOnADateInThePast) {
  use("openai-python");
  expect_429_then_ok({{"retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"}});
  complete();
  expect_retried_429(RetryReason::retryable_status, 480);
}

TEST_F(SdkPresetTest, WithoutACapAnyRetryAfterIsWaitedOut) {
  RetryPolicy policy = *preset_policy("openai-node");
  policy.max_retry_after.reset();
  make_client(policy);
  expect_429_then_ok({{"retry-after", "3600"}});
  complete();
  expect_retried_429(RetryReason::retry_after_honored, 3600000);
}

TEST_F(SdkPresetTest, NodeDoesNotRetryABodyCutAfterA2xxsHeaders) {
  use("openai-node");
  EXPECT_CALL(transport_, perform(_)).WillOnce(cut_200(clock_));
  const Result r = complete();
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .decided(RetryDecision::not_retried, RetryReason::response_committed)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, 200, 0, 10));
  EXPECT_EQ(r.error_message,
            "transient_failure after 1 attempt: last error truncated_body (response_committed)");
}

TEST_F(SdkPresetTest, PythonRetriesABodyCutAfterA2xxsHeaders) {
  use("openai-python");
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(cut_200(clock_))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .retried(RetryReason::retryable_error, 480)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2).completion().at(490, 10)},
                 summary(2, Outcome::success, 200, 480, 500));
}

// Both SDKs hand the caller a stream object once the 2xx headers arrive and never retry it.
void SdkPresetTest::expect_stream_committed_at_headers(const char* preset) {
  use(preset);
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(stream_events(clock_, {}, TransportError::truncated_body));
  complete();
  expect_records({Rec(1)
                      .status(200)
                      .error(ErrorKind::truncated_body)
                      .decided(RetryDecision::not_retried, RetryReason::stream_committed)
                      .outcome(kTransient)
                      .at(0, 0)},
                 summary(1, kTransient, 200, 0, 0));
}

TEST_F(SdkPresetTest, NodeCommitsAStreamAtItsHeaders) {
  expect_stream_committed_at_headers("openai-node");
}

TEST_F(SdkPresetTest, PythonCommitsAStreamAtItsHeaders) {
  expect_stream_committed_at_headers("openai-python");
}

}  // namespace
}  // namespace cometbench::client
