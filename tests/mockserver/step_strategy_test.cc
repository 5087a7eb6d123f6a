// MockServerOptions::step_strategy: a strategy object picks each request's step and the clock
// to play it on, instead of the script's order.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using std::chrono::milliseconds;

// Picks the step named by the `x-pick` header and plays it on `clock`; no header, no step.
class PickByHeader final : public StepStrategy {
 public:
  explicit PickByHeader(std::shared_ptr<clock::Clock> clock) : clock_(std::move(clock)) {}

  std::optional<StepChoice> choose(const faults::RouteScript& script, const StepRequest& request,
                                   std::string& reason) override {
    ++calls;
    EXPECT_EQ(script.path, kChatPath);
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path, kChatPath);
    const std::optional<std::string> pick = request.header("X-Pick");  // any case
    if (!pick) {
      reason = "no x-pick header";
      return std::nullopt;
    }
    return StepChoice{static_cast<std::size_t>(std::stoul(*pick)), clock_};
  }

  std::atomic<int> calls{0};

 private:
  std::shared_ptr<clock::Clock> clock_;
};

class StepStrategyTest : public ServerTest {
 protected:
  HttpResult post_with(const std::string& pick) {
    HttpRequest request = chat_request();
    if (!pick.empty()) request.headers.push_back("x-pick: " + pick);
    return client_.perform(request);
  }
};

TEST_F(StepStrategyTest, TheStrategyPicksEachRequestsStep) {
  auto strategy = std::make_shared<PickByHeader>(nullptr);
  MockServerOptions options;
  options.step_strategy = strategy;
  start(chat_scenario({respond(200, R"({"n":0})"), respond(503, R"({"n":1})")}), fake_clock_,
        options);
  EXPECT_EQ(post_with("1").body, R"({"n":1})");
  EXPECT_EQ(post_with("0").body, R"({"n":0})");
  EXPECT_EQ(post_with("1").status, 503);
  const std::vector<JournalEntry> journal = server_->journal();
  ASSERT_EQ(journal.size(), 3u);
  EXPECT_EQ(journal[0].step_index, 1u);
  EXPECT_EQ(journal[1].step_index, 0u);
  EXPECT_EQ(journal[2].status, 503);
  EXPECT_EQ(journal[2].served, "respond");
}

TEST_F(StepStrategyTest, TheStepPlaysOnTheChosenClock) {
  auto own = std::make_shared<clock::FakeClock>();
  own->advance(milliseconds(5000));
  MockServerOptions options;
  options.step_strategy = std::make_shared<PickByHeader>(own);
  faults::RespondStep slow = respond(200, "{}");
  slow.delay = milliseconds(1200);
  start(chat_scenario({slow}), fake_clock_, options);
  EXPECT_EQ(post_with("0").status, 200);
  EXPECT_EQ(own->now() - clock::TimePoint{}, milliseconds(6200));
  EXPECT_EQ(fake_clock_.now(), clock::TimePoint{});   // the server's own clock never moved
  EXPECT_EQ(server_->journal().at(0).time_ms, 5000);  // journaled at the chosen clock's time
}

TEST_F(StepStrategyTest, NoChoiceIsA500NamingTheReason) {
  MockServerOptions options;
  options.step_strategy = std::make_shared<PickByHeader>(nullptr);
  start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  const HttpResult none = post_with("");
  EXPECT_EQ(none.status, 500);
  EXPECT_THAT(none.body, ::testing::HasSubstr("no x-pick header"));
  const HttpResult out_of_range = post_with("7");
  EXPECT_EQ(out_of_range.status, 500);
  EXPECT_THAT(out_of_range.body,
              ::testing::HasSubstr("the step strategy chose a step out of range"));
  const std::vector<JournalEntry> journal = server_->journal();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[0].served, "no_step");
  EXPECT_EQ(journal[0].status, 500);
  EXPECT_EQ(journal[0].step_index, std::nullopt);
}

TEST_F(StepStrategyTest, RequestsTheServerAnswersItselfNeverReachTheStrategy) {
  auto strategy = std::make_shared<PickByHeader>(nullptr);
  MockServerOptions options;
  options.step_strategy = strategy;
  start(chat_scenario({respond(200, "{}")}), fake_clock_, options);
  HttpRequest wrong_key = chat_request();
  wrong_key.headers = {"Authorization: Bearer nope", "x-pick: 0"};
  EXPECT_EQ(client_.perform(wrong_key).status, 401);
  HttpRequest bad_body = chat_request();
  bad_body.headers.push_back("x-pick: 0");
  bad_body.body = "{}";
  EXPECT_EQ(client_.perform(bad_body).status, 400);
  EXPECT_EQ(strategy->calls.load(), 0);
}

}  // namespace
}  // namespace cometbench::mockserver::testing
