// Cancellation: a cancel time (virtual) or a cancel() from another thread.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "chat_client_fixture.h"
#include "clock/system_clock.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;
using ::testing::Invoke;

constexpr auto kErr = ResponseObjectType::error;
constexpr auto kTransient = Outcome::transient_failure;

class ChatClientCancelTest : public ChatClientFixture {};

TEST_F(ChatClientCancelTest, ACancelTimeInsideTheBackoffEndsTheOperationThere) {
  make_client(no_jitter());
  CancelToken token;
  token.cancel_at(clock::TimePoint{} + 300ms);
  CallOptions options;
  options.cancel = &token;
  EXPECT_CALL(transport_, perform(_)).WillOnce(Invoke([&](const TransportRequest& r) {
    EXPECT_EQ(r.cancel_at, clock::TimePoint{} + 300ms);
    return respond(clock_, 503, kError503)(r);
  }));
  const Result r = complete(options);
  expect_records({Rec(1)
                      .http_error(503)
                      .decided(RetryDecision::not_retried, RetryReason::cancelled)
                      .object(kErr)
                      .outcome(Outcome::cancelled)
                      .at(0, 10)},
                 summary(1, Outcome::cancelled, 503, 0, 300));
  EXPECT_EQ(sleeps_ms(clock_), ms_list({290}));
  EXPECT_EQ(r.outcome, Outcome::cancelled);
  EXPECT_EQ(r.error_message, "cancelled after 1 attempt: last error 503 (cancelled)");
}

TEST_F(ChatClientCancelTest, ACancelTimeDuringATransferEndsItAsCancelled) {
  make_client(no_jitter());
  CancelToken token;
  token.cancel_at(clock::TimePoint{} + 700ms);
  CallOptions options;
  options.cancel = &token;
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(Invoke(hang(clock_)));
  complete(options);
  expect_records({Rec(1)
                      .http_error(503)
                      .retried(RetryReason::retryable_status, 500)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2)
                      .error(ErrorKind::cancelled)
                      .decided(RetryDecision::not_retried, RetryReason::cancelled)
                      .outcome(Outcome::cancelled)
                      .at(510, 190)},
                 summary(2, Outcome::cancelled, std::nullopt, 500, 700));
}

TEST_F(ChatClientCancelTest, ACancelRequestedDuringAnAttemptSkipsTheBackoff) {
  make_client(no_jitter());
  CancelToken token;
  CallOptions options;
  options.cancel = &token;
  EXPECT_CALL(transport_, perform(_)).WillOnce(Invoke([&](const TransportRequest& r) {
    token.cancel();  // as if another thread cancelled while the 503 was arriving
    return respond(clock_, 503, kError503)(r);
  }));
  complete(options);
  expect_records({Rec(1)
                      .http_error(503)
                      .decided(RetryDecision::not_retried, RetryReason::cancelled)
                      .object(kErr)
                      .outcome(Outcome::cancelled)
                      .at(0, 10)},
                 summary(1, Outcome::cancelled, 503, 0, 10));
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ChatClientCancelTest, ACancelledTokenMakesNoAttempt) {
  make_client(no_jitter());
  CancelToken token;
  token.cancel();
  CallOptions options;
  options.cancel = &token;
  const Result r = complete(options);
  expect_records({}, summary(0, Outcome::cancelled, std::nullopt, 0, 0));
  EXPECT_EQ(r.error_message, "cancelled after 0 attempts");
}

// A transport that blocks, like a held request, until the operation's cancel flag is raised.
class BlockingTransport final : public Transport {
 public:
  TransportResult perform(const TransportRequest& request) override {
    std::unique_lock lock(mu_);
    entered_ = true;
    changed_.notify_all();
    // The wait re-checks the flag the client gave us when the client wakes the transport.
    changed_.wait(lock, [&] { return request.cancelled(); });
    TransportResult r;
    r.error = TransportError::cancelled;
    r.end_time = clock_.now();
    return r;
  }
  void wait_until_entered() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return entered_; });
  }
  void wake() override {
    std::lock_guard lock(mu_);
    changed_.notify_all();
  }
  clock::FakeClock clock_;

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool entered_ = false;
};

TEST(ChatClientThreadCancelTest, CancelFromAnotherThreadEndsABlockedTransfer) {
  BlockingTransport transport;
  InMemorySink sink;
  ClientConfig config;
  config.api_key = "k";
  ChatClient client(config, transport, transport.clock_, sink, empty_environment());
  CancelToken token;
  std::thread canceller([&] {
    transport.wait_until_entered();
    token.cancel();  // the client's subscription wakes the transport
  });
  CallOptions options;
  options.cancel = &token;
  const Result r = client.complete({{"model", "m"}}, options);
  canceller.join();
  EXPECT_EQ(r.outcome, Outcome::cancelled);
  EXPECT_EQ(sink.attempts(), std::vector<AttemptRecord>{
                                 Rec(1)
                                     .error(ErrorKind::cancelled)
                                     .decided(RetryDecision::not_retried, RetryReason::cancelled)
                                     .outcome(Outcome::cancelled)
                                     .at(0, 0)});
}

TEST(ChatClientThreadCancelTest, CancelFromAnotherThreadEndsARealTimeBackoffWithinMilliseconds) {
  clock::SystemClock clock;
  ::testing::StrictMock<MockTransport> transport;
  InMemorySink sink;
  ClientConfig config;
  config.api_key = "k";
  config.policy.jitter = Jitter::none;
  config.policy.initial_backoff = 30s;
  config.policy.max_backoff = 30s;
  ChatClient client(config, transport, clock, sink, empty_environment());
  CancelToken token;
  std::promise<void> answered;
  EXPECT_CALL(transport, perform(_)).WillOnce(Invoke([&](const TransportRequest&) {
    TransportResult r;
    r.status = 503;
    r.end_time = clock.now();
    answered.set_value();
    return r;
  }));
  std::thread canceller([&] {
    answered.get_future().wait();
    token.cancel();
  });
  CallOptions options;
  options.cancel = &token;
  const clock::TimePoint start = clock.now();
  const Result r = client.complete({{"model", "m"}}, options);
  const clock::Duration took = clock.now() - start;
  canceller.join();
  EXPECT_EQ(r.outcome, Outcome::cancelled);
  EXPECT_EQ(r.attempts.at(0).retry_reason, RetryReason::cancelled);
  EXPECT_LT(took, 5s);  // the backoff was 30 s; the clock polls the flag every 2 ms
}

}  // namespace
}  // namespace cometbench::client
