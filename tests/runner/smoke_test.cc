#include "runner/smoke.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "client/curl_transport.h"
#include "clock/fake_clock.h"
#include "mockserver/mock_server.h"

namespace cometbench::runner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

faults::RespondStep respond(int status, std::string body, faults::Headers headers = {}) {
  faults::RespondStep step;
  step.status = status;
  step.body = faults::Body{std::move(body), true};
  step.headers = std::move(headers);
  return step;
}

const char* kCompletion =
    R"({"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}})";

faults::Scenario scenario(std::optional<std::string> key, faults::Step step) {
  faults::Scenario s;
  s.name = "smoke";
  s.api_key = std::move(key);
  faults::RouteScript route;
  route.method = "POST";
  route.path = "/v1/chat/completions";
  route.steps.push_back(std::move(step));
  s.routes.push_back(std::move(route));
  return s;
}

class SmokeTest : public ::testing::Test {
 protected:
  SmokeReport run(faults::Scenario s) {
    mockserver::MockServer server(clock_, std::move(s), mockserver::virtual_time_options());
    server.start();
    SmokeReport report;
    {
      client::CurlTransport transport(clock_);
      SmokeOptions options;
      options.base_url = server.url() + "/v1";
      options.api_key = "smoke-key-7f3a";
      options.policy = client::parse_policy({{"preset", "openai"}, {"seed", 1}}, "test", "");
      report = run_smoke(options, transport, clock_);
    }
    server.stop();
    return report;
  }
  clock::FakeClock clock_;
};

TEST_F(SmokeTest, PassesAgainstAServerThatChecksKeys) {
  const SmokeReport report = run(scenario("smoke-key-7f3a", respond(200, kCompletion)));
  EXPECT_THAT(report.problems, IsEmpty());
  EXPECT_TRUE(report.passed());
  EXPECT_THAT(
      report.lines,
      ElementsAre(
          R"({"record":"attempt","operation_id":"smoke-happy-path","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":200,"error_type":null,"retry_decision":"not_retried","retry_reason":"success","backoff_ms":0,"response_object_type":"chat.completion","finish_reason_seen":true,"usage_seen":true,"final_outcome":"success","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":"stop","connection_reused":false})",
          R"({"record":"summary","operation_id":"smoke-happy-path","attempts":1,"final_outcome":"success","final_http_response_status_code":200,"total_backoff_ms":0,"elapsed_ms":0})",
          R"({"record":"attempt","operation_id":"smoke-invalid-key","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":401,"error_type":"401","retry_decision":"not_retried","retry_reason":"auth_error_terminal","backoff_ms":0,"response_object_type":"error","finish_reason_seen":false,"usage_seen":false,"final_outcome":"auth_error","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":null,"connection_reused":true})",
          R"({"record":"summary","operation_id":"smoke-invalid-key","attempts":1,"final_outcome":"auth_error","final_http_response_status_code":401,"total_backoff_ms":0,"elapsed_ms":0})"));
}

TEST_F(SmokeTest, FailsWhenTheHappyPathFails) {
  const SmokeReport report = run(scenario(
      "smoke-key-7f3a",
      respond(400, R"({"error":{"message":"model is required","type":"invalid_request_error"}})")));
  EXPECT_THAT(report.problems, ElementsAre(::testing::StartsWith("the happy-path call failed: ")));
}

TEST_F(SmokeTest, FailsWhenTheHappyPathAnswersAnythingButACompletion) {
  const SmokeReport report = run(scenario("smoke-key-7f3a", respond(200, R"({"hello":"world"})")));
  EXPECT_FALSE(report.passed());
  EXPECT_THAT(report.problems, ElementsAre(::testing::StartsWith("the happy-path call failed: ")));
}

TEST_F(SmokeTest, FailsWhenTheServerAcceptsAnyKey) {
  const SmokeReport report = run(scenario(std::nullopt, respond(200, kCompletion)));
  EXPECT_THAT(report.problems,
              ElementsAre("the invalid placeholder key did not end as auth_error (got success, "
                          "status 200)"));
}

TEST_F(SmokeTest, A404FromABaseUrlWithoutV1HintsAtV1) {
  mockserver::MockServer server(clock_, scenario("smoke-key-7f3a", respond(200, kCompletion)));
  server.start();
  SmokeReport report;
  {
    client::CurlTransport transport(clock_);
    SmokeOptions options;
    options.base_url = server.url() + "/";  // the SDK form would be server.url() + "/v1"
    options.api_key = "smoke-key-7f3a";
    options.policy = client::parse_policy({{"preset", "openai"}, {"seed", 1}}, "test", "");
    report = run_smoke(options, transport, clock_);
  }
  server.stop();
  ASSERT_FALSE(report.problems.empty());
  EXPECT_THAT(report.problems[0],
              ::testing::EndsWith(" (404 from a base URL whose path does not end in /v1: try " +
                                  server.url() + "/v1)"));
}

TEST(SmokeRedactionTest, UserAndPasswordOfABaseUrlAreNeverPrinted) {
  EXPECT_EQ(redact_url_credentials("https://alice:s3cret@api.example.com/v1"),
            "https://***@api.example.com/v1");
  EXPECT_EQ(redact_url_credentials("http://token@127.0.0.1:8080/v1?x=a@b"),
            "http://***@127.0.0.1:8080/v1?x=a@b");
  EXPECT_EQ(redact_url_credentials("https://api.cometapi.com/v1"), "https://api.cometapi.com/v1");
  EXPECT_EQ(redact_url_credentials("https://host/v1/a@b"), "https://host/v1/a@b");
  EXPECT_EQ(
      redact_credentials_of("connect to https://a:b@h/v1 failed (a is fine)", "https://a:b@h/v1"),
      "connect to https://***@h/v1 failed (a is fine)");
}

}  // namespace
}  // namespace cometbench::runner
