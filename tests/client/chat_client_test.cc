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

class ChatClientTest : public ChatClientFixture {};

TEST_F(ChatClientTest, SucceedsOnTheFirstAttempt) {
  make_client(RetryPolicy{});
  EXPECT_CALL(transport_, perform(_)).WillOnce(respond(clock_, 200, kCompletion, {}, 120ms));
  const Result r = complete();
  expect_records({Rec(1).completion().at(0, 120)}, summary(1, Outcome::success, 200, 0, 120));
  EXPECT_EQ(r.outcome, Outcome::success);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.response.at("object"), "chat.completion");
  EXPECT_EQ(r.error_message, "");
  EXPECT_EQ(r.attempts, sink_.attempts());
  EXPECT_EQ(r.summary, sink_.summaries().at(0));
  EXPECT_TRUE(clock_.sleeps().empty());
}

TEST_F(ChatClientTest, SendsTheRequestAsTheSdksDo) {
  make_client(no_jitter());
  std::vector<TransportRequest> seen;
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(Invoke([&](const TransportRequest& r) {
        seen.push_back(r);
        return respond(clock_, 503, kError503)(r);
      }))
      .WillOnce(Invoke([&](const TransportRequest& r) {
        seen.push_back(r);
        return respond(clock_, 200, kCompletion)(r);
      }));
  complete();
  ASSERT_EQ(seen.size(), 2u);
  const TransportRequest& first = seen[0];
  EXPECT_EQ(first.method, "POST");
  EXPECT_EQ(first.url, "http://127.0.0.1:8080/v1/chat/completions");
  EXPECT_EQ(first.body, request_.dump());
  using Header = std::pair<std::string, std::string>;
  EXPECT_THAT(first.headers, ::testing::ElementsAre(Header{"Authorization", "Bearer test-key-123"},
                                                    Header{"Content-Type", "application/json"},
                                                    Header{"Accept", "application/json"},
                                                    Header{"User-Agent", "cometbench-client/0.1.0"},
                                                    Header{"x-stainless-retry-count", "0"}));
  EXPECT_EQ(first.deadline, clock::TimePoint{} + 60s);
  EXPECT_EQ(first.cancel_at, std::nullopt);
  EXPECT_FALSE(first.cancelled);
  EXPECT_EQ(seen[1].headers.back(), (Header{"x-stainless-retry-count", "1"}));
  EXPECT_EQ(seen[1].deadline, clock::TimePoint{} + 510ms + 60s);
}

// For every jitter kind with seed 42: four 503s, then 200. The backoffs are the independently
// computed sequences of backoff_test.cc.
struct JitterCase {
  Jitter jitter;
  std::vector<int> backoffs;
};

class ChatClientJitterTest : public ChatClientFixture,
                             public ::testing::WithParamInterface<JitterCase> {};

TEST_P(ChatClientJitterTest, RecordsTheExactBackoffSequence) {
  RetryPolicy policy;
  policy.max_attempts = 5;
  policy.jitter = GetParam().jitter;
  policy.seed = 42;
  make_client(policy);
  EXPECT_CALL(transport_, perform(_))
      .Times(5)
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();

  std::vector<AttemptRecord> expected;
  int t = 0, total = 0;
  for (int i = 0; i < 4; ++i) {
    const int b = GetParam().backoffs[static_cast<std::size_t>(i)];
    expected.push_back(Rec(i + 1)
                           .http_error(503)
                           .retried(RetryReason::retryable_status, b)
                           .object(kErr)
                           .outcome(kTransient)
                           .at(t, 10));
    t += 10 + b;
    total += b;
  }
  expected.push_back(Rec(5).completion().at(t, 10));
  expect_records(expected, summary(5, Outcome::success, 200, total, t + 10));
  std::vector<int> slept;
  for (auto d : sleeps_ms(clock_)) slept.push_back(static_cast<int>(d.count()));
  EXPECT_EQ(slept, GetParam().backoffs);
}

INSTANTIATE_TEST_SUITE_P(
    Seed42, ChatClientJitterTest,
    ::testing::Values(JitterCase{Jitter::none, {500, 1000, 2000, 4000}},
                      JitterCase{Jitter::full, {370, 159, 557, 1376}},
                      JitterCase{Jitter::equal, {435, 579, 1278, 2688}},
                      JitterCase{Jitter::decorrelated, {1241, 1015, 1209, 1576}},
                      JitterCase{Jitter::openai, {407, 960, 1860, 3655}}),
    [](const auto& param_info) { return std::string(to_string(param_info.param.jitter)); });

TEST_F(ChatClientTest, OpenaiPresetGivesUpAfterThreeAttemptsWithTheDefaultSeed) {
  make_client(*preset_policy("openai"));
  EXPECT_CALL(transport_, perform(_)).Times(3).WillRepeatedly(respond(clock_, 429, kError429));
  const Result r = complete();
  expect_records({Rec(1)
                      .http_error(429)
                      .retried(RetryReason::retryable_status, 480)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2)
                      .http_error(429)
                      .retried(RetryReason::retryable_status, 782)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(490, 10),
                  Rec(3)
                      .http_error(429)
                      .decided(RetryDecision::final_attempt, RetryReason::max_attempts_reached)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(1282, 10)},
                 summary(3, kTransient, 429, 1262, 1292));
  EXPECT_EQ(r.error_message,
            "transient_failure after 3 attempts: last error 429 (max_attempts_reached)");
  EXPECT_EQ(r.response.at("error").at("code"), "rate_limit_exceeded");
}

TEST_F(ChatClientTest, AwsStandardPresetPaysFromTheBudget) {
  make_client(*preset_policy("aws-standard"));
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(respond(clock_, 503, kError503))
      .WillOnce(fail_with(clock_, TransportError::connection_reset))
      .WillOnce(respond(clock_, 200, kCompletion));
  complete();
  expect_records({Rec(1)
                      .http_error(503)
                      .retried(RetryReason::retryable_status, 15)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10),
                  Rec(2)
                      .error(ErrorKind::connection_reset)
                      .retried(RetryReason::retryable_error, 174)
                      .outcome(kTransient)
                      .at(25, 10),
                  Rec(3).completion().at(209, 10)},
                 summary(3, Outcome::success, 200, 189, 219));
  EXPECT_EQ(client_->budget_tokens(), 500 - 5 - 5 + 1);
}

TEST_F(ChatClientTest, NonePresetMakesASingleAttempt) {
  make_client(*preset_policy("none"));
  EXPECT_CALL(transport_, perform(_)).WillOnce(respond(clock_, 503, kError503));
  complete();
  expect_records({Rec(1)
                      .http_error(503)
                      .decided(RetryDecision::final_attempt, RetryReason::max_attempts_reached)
                      .object(kErr)
                      .outcome(kTransient)
                      .at(0, 10)},
                 summary(1, kTransient, 503, 0, 10));
}

TEST_F(ChatClientTest, GeneratesOperationIdsAndAcceptsTheCallersOwn) {
  make_client(no_jitter());
  EXPECT_CALL(transport_, perform(_)).Times(3).WillRepeatedly(respond(clock_, 200, kCompletion));
  EXPECT_EQ(complete().summary.operation_id.str(), "op-0001");
  CallOptions options;
  options.operation_id = "rate-limited.run:7";
  EXPECT_EQ(complete(options).summary.operation_id.str(), "rate-limited.run:7");
  EXPECT_EQ(complete().summary.operation_id.str(), "op-0002");
}

TEST_F(ChatClientTest, RejectsInvalidOperationIdsAndRequests) {
  make_client(no_jitter());
  CallOptions options;
  options.operation_id = "has spaces";
  EXPECT_THROW(complete(options), std::invalid_argument);
  EXPECT_THROW(client_->complete(nlohmann::json::array()), std::invalid_argument);
  EXPECT_TRUE(sink_.lines().empty());
}

TEST(ChatClientConfigTest, ReadsTheEnvironmentThroughTheInjectedLookup) {
  clock::FakeClock clock;
  ::testing::StrictMock<MockTransport> transport;
  NullSink sink;
  const EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "COMETAPI_BASE_URL") return "https://proxy.example/api/v1/";
    if (name == "COMETAPI_KEY") return "env-key";
    return std::nullopt;
  };
  ChatClient client(ClientConfig{}, transport, clock, sink, env);
  EXPECT_EQ(client.base_url(), "https://proxy.example/api/v1");
  EXPECT_EQ(client.route().str(), "/api/v1/chat/completions");
  EXPECT_CALL(transport, perform(_)).WillOnce(Invoke([&](const TransportRequest& r) {
    EXPECT_EQ(r.url, "https://proxy.example/api/v1/chat/completions");
    EXPECT_EQ(r.headers.at(0).second, "Bearer env-key");
    return respond(clock, 200, kCompletion)(r);
  }));
  client.complete({{"model", "m"}, {"messages", nlohmann::json::array()}});
}

TEST(ChatClientConfigTest, DefaultsToTheCometapiBaseUrl) {
  clock::FakeClock clock;
  ::testing::StrictMock<MockTransport> transport;
  NullSink sink;
  ClientConfig config;
  config.api_key = "k";
  ChatClient client(config, transport, clock, sink, empty_environment());
  EXPECT_EQ(client.base_url(), "https://api.cometapi.com/v1");
  EXPECT_EQ(client.route().str(), "/v1/chat/completions");
}

TEST(ChatClientConfigTest, RefusesAMissingKeyAndABadUrl) {
  clock::FakeClock clock;
  ::testing::StrictMock<MockTransport> transport;
  NullSink sink;
  EXPECT_THROW(ChatClient(ClientConfig{}, transport, clock, sink, empty_environment()),
               std::invalid_argument);
  ClientConfig config;
  config.api_key = "k";
  config.base_url = "ftp://x/v1";
  EXPECT_THROW(ChatClient(config, transport, clock, sink, empty_environment()),
               std::invalid_argument);
  config.base_url = "https://x/v1?key=1";
  EXPECT_THROW(ChatClient(config, transport, clock, sink, empty_environment()),
               std::invalid_argument);
}

}  // namespace
}  // namespace cometbench::client
