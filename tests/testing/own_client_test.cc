// cometbench::testing with clients of the user's own: inline scenarios, a ChatClient with the
// user's policy, and a hand-written retry client that only takes a base URL and a clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "client/chat_client.h"
#include "client/curl_transport.h"
#include "clock/clock.h"
#include "testing/matchers.h"
#include "testing/scripted_mock.h"

namespace {

using ::cometbench::testing::IsAttempt;
using ::cometbench::testing::IsRequest;
using ::cometbench::testing::IsSummary;
using ::cometbench::testing::scenario_json;
using ::cometbench::testing::ScriptedMock;
using ::testing::ElementsAre;
using namespace std::chrono_literals;

// 429 with Retry-After: 3, a reset connection, then a completion.
constexpr const char* kRateLimitedThenReset = R"({
  "name": "rate-limited-then-reset", "description": "429 with Retry-After 3, a reset, then 200.",
  "api_key": "test-key-123",
  "script": {"POST /v1/chat/completions": {"steps": [
    {"respond": {"status": 429, "headers": {"Retry-After": "3"},
                 "body": {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}}},
    {"reset": {}},
    {"respond": {"status": 200, "body": {"$ref": "responses/chat_completion.json"}}}
  ]}},
  "client": {"api_key": "test-key-123"}
})";

TEST(OwnChatClient, HonoursRetryAfterWithTheUsersPolicyOnTheSharedClock) {
  using enum cometbench::client::RetryDecision;
  using enum cometbench::client::RetryReason;
  ScriptedMock mock(scenario_json(kRateLimitedThenReset, COMETBENCH_FIXTURES_DIR));
  cometbench::client::ClientConfig config = mock.client_config();
  config.policy.max_attempts = 4;
  config.policy.initial_backoff = 250ms;
  config.policy.jitter = cometbench::client::Jitter::none;
  cometbench::client::CurlTransport transport(mock.clock());
  cometbench::client::ChatClient chat(config, transport, mock.clock(), mock.sink(),
                                      cometbench::client::empty_environment());

  chat.complete({{"model", "gpt-4o-mini"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});

  EXPECT_THAT(mock.attempts(),
              ElementsAre(IsAttempt().status(429).reason(retry_after_honored).backoff_ms(3000),
                          IsAttempt()
                              .no_status()
                              .error("connection_reset")
                              .decision(retried)
                              .backoff_ms(500)
                              .start_ms(3000),
                          IsAttempt().status(200).decision(not_retried).start_ms(3500)));
  EXPECT_THAT(mock.summaries(), ElementsAre(IsSummary().attempts(3).total_backoff_ms(3500)));
}

// A retry client of the user's own: it takes a base URL and a clock, retries any 5xx or failed
// transfer after a fixed 2 s, at most three times, and sends the attempt number as a header.
class FixedDelayClient {
 public:
  FixedDelayClient(std::string base_url, cometbench::clock::Clock& clock)
      : base_url_(std::move(base_url)), clock_(clock), transport_(clock) {}

  std::optional<int> chat() {
    std::optional<int> status;
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (attempt > 0) clock_.sleep_for(2s, [] { return false; });
      cometbench::client::TransportRequest request;
      request.url = base_url_ + "/chat/completions";
      request.headers = {{"Authorization", "Bearer test-key-123"},
                         {"Content-Type", "application/json"},
                         {"X-Stainless-Retry-Count", std::to_string(attempt)}};
      request.body = R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]})";
      request.deadline = clock_.now() + 10s;
      status = transport_.perform(request).status;
      if (status && *status < 500) return status;
    }
    return status;
  }

 private:
  std::string base_url_;
  cometbench::clock::Clock& clock_;
  cometbench::client::CurlTransport transport_;
};

TEST(OwnClient, ItsRequestsAreInTheJournalAtExactVirtualTimes) {
  ScriptedMock mock(scenario_json(R"({
    "name": "gateway-trouble", "description": "502, a held request, then 200.",
    "api_key": "test-key-123",
    "script": {"POST /v1/chat/completions": {"steps": [
      {"respond": {"status": 502, "body": {"raw": "bad gateway"}}},
      {"timeout": {}},
      {"respond": {"status": 200, "body": {"$ref": "responses/chat_completion.json"}}}
    ]}}
  })",
                                  COMETBENCH_FIXTURES_DIR));
  FixedDelayClient client(mock.base_url(), mock.clock());

  EXPECT_EQ(client.chat(), 200);

  // 502 at 0; the held request from 2000 until the client's 10 s deadline; 200 at 14000.
  EXPECT_THAT(mock.journal(),
              ElementsAre(IsRequest().served("respond").status(502).time_ms(0).retry_header(
                              "x-stainless-retry-count", "0"),
                          IsRequest().served("timeout").no_status().time_ms(2000).retry_header(
                              "x-stainless-retry-count", "1"),
                          IsRequest().served("respond").status(200).time_ms(14000).retry_header(
                              "x-stainless-retry-count", "2")));
  EXPECT_EQ(mock.elapsed(), 14000ms);
  EXPECT_TRUE(mock.attempts().empty()) << "this client writes no cometbench records";
}

TEST(OwnClient, AnUnauthorisedRequestTakesNoStep) {
  ScriptedMock mock(scenario_json(R"({
    "name": "guarded", "description": "A key the client does not send.",
    "api_key": "right-key",
    "script": {"POST /v1/chat/completions": {"steps": [{"respond": {"status": 200, "body": {}}}]}}
  })"));
  FixedDelayClient client(mock.base_url(), mock.clock());
  EXPECT_EQ(client.chat(), 401);
  EXPECT_THAT(mock.journal(),
              ElementsAre(IsRequest().served("auth_rejected").status(401).no_step()));
}

}  // namespace
