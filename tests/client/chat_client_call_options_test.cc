// CallOptions that exist for callers who drive many operations: extra request headers and the
// turn gate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "chat_client_fixture.h"

namespace cometbench::client {
namespace {

using namespace testing;  // NOLINT: test helpers
using ::testing::_;
using ::testing::Invoke;
using Header = std::pair<std::string, std::string>;

class ChatClientCallOptionsTest : public ChatClientFixture {};

TEST_F(ChatClientCallOptionsTest, ExtraHeadersFollowTheClientsOwnOnEveryAttempt) {
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
  CallOptions options;
  options.headers = {{"x-cometbench-operation", "17"}, {"Idempotency-Key", "abc"}};
  complete(options);
  ASSERT_EQ(seen.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(seen[static_cast<std::size_t>(i)].headers,
                ::testing::ElementsAre(Header{"Authorization", "Bearer test-key-123"},
                                       Header{"Content-Type", "application/json"},
                                       Header{"Accept", "application/json"},
                                       Header{"User-Agent", "cometbench-client/0.1.0"},
                                       Header{"x-stainless-retry-count", std::to_string(i)},
                                       Header{"x-cometbench-operation", "17"},
                                       Header{"Idempotency-Key", "abc"}));
  }
}

TEST_F(ChatClientCallOptionsTest, ExtraHeadersMayNotReplaceTheClientsOwnOrBreakTheRequest) {
  make_client(no_jitter());
  const auto error_for = [this](Header header) -> std::string {
    CallOptions options;
    options.headers = {std::move(header)};
    try {
      complete(options);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_EQ(error_for({"authorization", "Bearer other"}),
            "extra header \"authorization\" is one the client sets itself");
  EXPECT_EQ(error_for({"X-Stainless-Retry-Count", "5"}),
            "extra header \"X-Stainless-Retry-Count\" is one the client sets itself");
  EXPECT_EQ(error_for({"bad name", "x"}), "extra header name \"bad name\" is not an HTTP token");
  EXPECT_EQ(error_for({"", "x"}), "extra header name \"\" is not an HTTP token");
  EXPECT_EQ(error_for({"X-Secret", "sk-live\r\nX-Injected: 1"}),
            "extra header \"X-Secret\" has a value with CR, LF or NUL (value not shown)");
  EXPECT_EQ(error_for({"X-Nul", std::string("a\0b", 3)}),
            "extra header \"X-Nul\" has a value with CR, LF or NUL (value not shown)");
  EXPECT_TRUE(sink_.attempts().empty());  // nothing was sent
}

// Records how far the operation had got each time it waited for its turn.
class RecordingGate final : public TurnGate {
 public:
  RecordingGate(const clock::FakeClock& clock, const InMemorySink& sink, const int& performs)
      : clock_(clock), sink_(sink), performs_(performs) {}
  void await_turn() override {
    waits.push_back({clock::to_ms(clock_.now() - clock::TimePoint{}), performs_,
                     static_cast<int>(sink_.attempts().size())});
  }
  std::vector<std::array<std::int64_t, 3>> waits;  // (virtual ms, requests sent, records written)

 private:
  const clock::FakeClock& clock_;
  const InMemorySink& sink_;
  const int& performs_;
};

TEST_F(ChatClientCallOptionsTest, TheTurnGateIsAwaitedBeforeEachRetryDecision) {
  make_client(no_jitter());
  int performs = 0;
  const auto counted = [&](auto action) {
    return Invoke([&performs, action](const TransportRequest& r) {
      ++performs;
      return action(r);
    });
  };
  EXPECT_CALL(transport_, perform(_))
      .WillOnce(counted(respond(clock_, 503, kError503)))
      .WillOnce(counted(respond(clock_, 503, kError503)))
      .WillOnce(counted(respond(clock_, 200, kCompletion)));
  RecordingGate gate(clock_, sink_, performs);
  CallOptions options;
  options.turn_gate = &gate;
  EXPECT_EQ(complete(options).outcome, Outcome::success);
  // Each attempt takes 10 ms; backoffs are 500 and 1000 ms. The gate comes after each request
  // and before its decision (and so before its record).
  EXPECT_EQ(gate.waits,
            (std::vector<std::array<std::int64_t, 3>>{{10, 1, 0}, {520, 2, 1}, {1530, 3, 2}}));
}

}  // namespace
}  // namespace cometbench::client
