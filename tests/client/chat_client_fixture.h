#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "client/chat_client.h"
#include "test_support.h"

namespace cometbench::client::testing {

/// A ChatClient over a StrictMock transport, a FakeClock and an in-memory sink.
class ChatClientFixture : public ::testing::Test {
 protected:
  static ClientConfig config(RetryPolicy policy) {
    ClientConfig c;
    c.base_url = "http://127.0.0.1:8080/v1";
    c.api_key = "test-key-123";
    c.policy = std::move(policy);
    return c;
  }

  static RetryPolicy no_jitter(int max_attempts = 3) {
    RetryPolicy p;
    p.jitter = Jitter::none;
    p.max_attempts = max_attempts;
    return p;
  }

  ChatClient& make_client(RetryPolicy policy) {
    client_ = std::make_unique<ChatClient>(config(std::move(policy)), transport_, clock_, sink_,
                                           empty_environment());
    return *client_;
  }

  Result complete(const CallOptions& options = {}) { return client_->complete(request_, options); }

  void expect_records(const std::vector<AttemptRecord>& attempts, const SummaryRecord& summary) {
    EXPECT_EQ(sink_.attempts(), attempts);
    EXPECT_EQ(sink_.summaries(), std::vector<SummaryRecord>{summary});
  }

  clock::FakeClock clock_;
  ::testing::StrictMock<MockTransport> transport_;
  InMemorySink sink_;
  nlohmann::json request_ = {{"model", "gpt-4o-mini"},
                             {"messages", {{{"role", "user"}, {"content", "ping"}}}}};
  std::unique_ptr<ChatClient> client_;
};

}  // namespace cometbench::client::testing
