#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "clock/fake_clock.h"
#include "clock/system_clock.h"
#include "curl_client.h"
#include "faults/scenario.h"
#include "mockserver/mock_server.h"

namespace cometbench::mockserver::testing {

inline constexpr const char* kKey = "test-key-123";
inline constexpr const char* kAuthHeader = "Authorization: Bearer test-key-123";
inline constexpr const char* kChatPath = "/v1/chat/completions";

inline faults::Body json_body(std::string text) { return {std::move(text), true}; }

inline faults::RespondStep respond(int status, std::string body, faults::Headers headers = {}) {
  faults::RespondStep step;
  step.status = status;
  step.body = json_body(std::move(body));
  step.headers = std::move(headers);
  return step;
}

inline faults::StreamEvent event(std::string json) { return {std::move(json), true}; }

/// A scenario scripting only POST /v1/chat/completions, guarded by kKey.
inline faults::Scenario chat_scenario(
    std::vector<faults::Step> steps,
    faults::WhenExhausted when_exhausted = faults::WhenExhausted::kRepeatLast) {
  faults::Scenario scenario;
  scenario.name = "unit";
  scenario.api_key = kKey;
  scenario.routes.push_back({"POST", kChatPath, std::move(steps), when_exhausted});
  return scenario;
}

/// Starts one MockServer per test on an ephemeral loopback port; stops it in TearDown.
class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->stop();
  }

  // virtual_time_options(): a starved test machine must not close a connection the test did
  // not mean to close (tests of the timeouts pass their own options).
  MockServer& start(faults::Scenario scenario, clock::Clock& clock,
                    MockServerOptions options = virtual_time_options()) {
    server_ = std::make_unique<MockServer>(clock, std::move(scenario), std::move(options));
    server_->start();
    return *server_;
  }
  MockServer& start(faults::Scenario scenario) { return start(std::move(scenario), real_clock_); }

  /// A valid, authorized chat completions request.
  HttpRequest chat_request() const {
    HttpRequest request;
    request.url = server_->url() + kChatPath;
    request.headers = {kAuthHeader, "Content-Type: application/json"};
    request.body = kChatBody;
    return request;
  }

  HttpResult post_chat() { return client_.perform(chat_request()); }

  // Declared before server_, so they outlive it.
  clock::SystemClock real_clock_;
  clock::FakeClock fake_clock_;
  std::unique_ptr<MockServer> server_;
  CurlClient client_;
};

}  // namespace cometbench::mockserver::testing
