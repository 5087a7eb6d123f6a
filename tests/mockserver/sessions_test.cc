// Sessions (DESIGN section 8): /sessions/ID/ paths play their own copy of the script; request
// ids and dates on every answer.
#include "mockserver/sessions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "mockserver/http_date.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

TEST(SessionPathTest, SplitsTheIdFromTheRoute) {
  EXPECT_EQ(split_session_path("/sessions/a-1_B/v1/chat/completions").session, "a-1_B");
  EXPECT_EQ(split_session_path("/sessions/a-1_B/v1/chat/completions").route,
            "/v1/chat/completions");
  EXPECT_EQ(split_session_path("/sessions/a/").route, "/");
  const SessionPath plain = split_session_path("/v1/chat/completions");
  EXPECT_EQ(plain.session, "");
  EXPECT_EQ(plain.route, "/v1/chat/completions");
  EXPECT_TRUE(plain.valid);
  EXPECT_EQ(split_session_path("/sessionsx/a/v1").route, "/sessionsx/a/v1");
}

TEST(SessionPathTest, RefusesIdsThatAreEmptyTooLongOrOfOtherCharacters) {
  EXPECT_TRUE(split_session_path("/sessions/" + std::string(64, 'x') + "/v1").valid);
  EXPECT_FALSE(split_session_path("/sessions/" + std::string(65, 'x') + "/v1").valid);
  EXPECT_FALSE(split_session_path("/sessions//v1").valid);
  EXPECT_FALSE(split_session_path("/sessions/a.b/v1").valid);
  EXPECT_FALSE(split_session_path("/sessions/a b/v1").valid);
  EXPECT_FALSE(split_session_path("/sessions/abc").valid);
}

class SessionsTest : public ServerTest {
 protected:
  HttpResult post_in(const std::string& session, CurlClient& client) {
    HttpRequest request = chat_request();
    request.url = server_->url() + "/sessions/" + session + kChatPath;
    return client.perform(request);
  }
  HttpResult post_in(const std::string& session) { return post_in(session, client_); }
  HttpResult post_chat_without_key() {
    HttpRequest request = chat_request();
    request.headers = {"Content-Type: application/json"};
    return client_.perform(request);
  }

  std::vector<std::string> sessions_in_journal() const {
    std::vector<std::string> out;
    for (const auto& e : server_->journal()) out.push_back(e.session);
    return out;
  }

  static faults::Scenario named(std::string name, std::vector<faults::Step> steps) {
    faults::Scenario s = chat_scenario(std::move(steps));
    s.name = std::move(name);
    return s;
  }
};

TEST_F(SessionsTest, EachSessionPlaysItsOwnCopyOfTheScript) {
  start(chat_scenario({respond(200, "a"), respond(200, "b")}));
  EXPECT_EQ(post_chat().body, "a");
  EXPECT_EQ(post_in("s1").body, "a");
  EXPECT_EQ(post_in("s1").body, "b");
  EXPECT_EQ(post_chat().body, "b");
  EXPECT_EQ(post_in("s2").body, "a");
  EXPECT_THAT(sessions_in_journal(), ElementsAre("", "s1", "s1", "", "s2"));
  for (const auto& e : server_->journal()) EXPECT_EQ(e.route, kChatPath);
  EXPECT_THAT(server_->journal("s1"), ElementsAre(server_->journal()[1], server_->journal()[2]));
  EXPECT_EQ(server_->sessions(),
            (std::vector<SessionInfo>{{"", "unit"}, {"s1", "unit"}, {"s2", "unit"}}));
}

TEST_F(SessionsTest, ParallelSessionsNeverSeeEachOthersSteps) {
  std::vector<faults::Step> steps;
  for (int i = 0; i < 8; ++i) steps.push_back(respond(200, std::to_string(i)));
  start(chat_scenario(steps, faults::WhenExhausted::kFail));
  std::vector<std::string> bodies(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      CurlClient client;
      bodies[i] = post_in(i % 2 ? "odd" : "even", client).body;
    });
  }
  for (auto& t : threads) t.join();
  std::multiset<std::string> all(bodies.begin(), bodies.end());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(all.count(std::to_string(i)), 2u) << i;
  for (const char* session : {"odd", "even"}) {
    const auto journal = server_->journal(std::string(session));
    ASSERT_EQ(journal.size(), 8u) << session;
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(journal[i].step_index, i) << session;
  }
}

TEST_F(SessionsTest, APathWithAnInvalidSessionIdGets400) {
  start(chat_scenario({respond(200, "a")}));
  for (const std::string& id : {std::string(65, 'x'), std::string("a.b"), std::string()}) {
    const HttpResult r = post_in(id);
    EXPECT_EQ(r.status, 400) << id;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["message"],
              "invalid session: a path starting with /sessions/ must go on /sessions/ID/ with "
              "an ID of 1 to 64 letters, digits, '-' or '_' (cometbench mock) (request id: mock-" +
                  std::to_string(server_->journal().size()) + ")");
  }
  const JournalEntry last = server_->journal().back();
  EXPECT_EQ(last.served, "invalid_session");
  EXPECT_EQ(last.session, "");
  EXPECT_EQ(last.route, "/sessions//v1/chat/completions");
  EXPECT_EQ(post_chat().body, "a");  // no step was used
}

TEST_F(SessionsTest, BeyondMaxSessionsANewSessionGets400UntilOneIsRemoved) {
  MockServerOptions options;
  options.max_sessions = 1;
  start(chat_scenario({respond(200, "a")}), real_clock_, options);
  EXPECT_EQ(post_in("one").status, 200);
  const HttpResult refused = post_in("two");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"]["message"],
            "session limit reached (1 sessions): remove finished ones with DELETE "
            "/__admin/sessions/ID, or start serve with a larger --max-sessions (cometbench "
            "mock) (request id: mock-two-2)");
  EXPECT_EQ(server_->journal().back().served, "session_limit");
  EXPECT_EQ(post_in("one").status, 200);  // existing sessions go on
  EXPECT_EQ(post_chat().status, 200);     // the default session does not count
  EXPECT_TRUE(server_->remove_session("one"));
  EXPECT_FALSE(server_->remove_session("one"));
  EXPECT_EQ(post_in("two").status, 200);
}

TEST_F(SessionsTest, ResettingASessionRestartsItAloneAndDropsItsJournalEntries) {
  start(chat_scenario({respond(200, "a"), respond(200, "b")}));
  post_in("s1");
  post_in("s2");
  post_chat();
  server_->reset_session("s1");
  EXPECT_THAT(sessions_in_journal(), ElementsAre("s2", ""));
  EXPECT_EQ(post_in("s1").body, "a");
  EXPECT_EQ(post_in("s2").body, "b");
  EXPECT_EQ(post_chat().body, "b");
  EXPECT_EQ(server_->journal().back().seq, 6u);  // seq keeps counting
  server_->reset_session("never-used");          // nothing to do, no error
}

TEST_F(SessionsTest, ASessionPlaysTheLoadedScenarioSelectedForIt) {
  std::vector<faults::Scenario> scenarios;
  scenarios.push_back(named("first", {respond(200, "first")}));
  scenarios.push_back(named("second", {respond(503, "second")}));
  server_ = std::make_unique<MockServer>(real_clock_, std::move(scenarios));
  server_->start();
  EXPECT_EQ(post_in("s1").body, "first");
  server_->select_scenario("s1", "second");
  EXPECT_TRUE(server_->journal("s1").empty());
  EXPECT_EQ(post_in("s1").body, "second");
  server_->reset_session("s1");  // keeps its scenario
  EXPECT_EQ(post_in("s1").status, 503);
  EXPECT_EQ(post_in("s2").body, "first");
  EXPECT_EQ(post_chat().body, "first");
  EXPECT_THAT(server_->scenario_names(), ElementsAre("first", "second"));
  try {
    server_->select_scenario("s1", "third");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "no scenario named 'third' is loaded (loaded: first, second)");
  }
  EXPECT_THROW(server_->select_scenario("bad id", "first"), std::invalid_argument);

  server_->use_scenario("second");  // the new default, and everything starts over
  EXPECT_TRUE(server_->journal().empty());
  EXPECT_EQ(post_in("s1").body, "second");
  EXPECT_EQ(post_chat().body, "second");
  EXPECT_THAT(server_->scenario_names(), ElementsAre("second", "first"));
}

TEST(SessionTableTest, RefusesNoScenariosAndDuplicateNames) {
  EXPECT_THROW(SessionTable({}, 1), std::invalid_argument);
  EXPECT_THROW(SessionTable({chat_scenario({}), chat_scenario({})}, 1), std::invalid_argument);
}

// CometAPI's answers carry a request id; the mock derives it from the session and the journal
// seq, and dates from its clock, so a run under a FakeClock is the same every time.
TEST_F(SessionsTest, EveryAnswerCarriesADeterministicRequestIdAndDate) {
  start(chat_scenario({respond(200, "a"), faults::TruncateStep{200, {}, json_body("xy"), 1},
                       respond(200, "c", {{"X-Request-Id", "fixed"}, {"Date", "then"}})}),
        fake_clock_);
  fake_clock_.advance(std::chrono::seconds(90));
  const HttpResult first = post_chat();
  EXPECT_THAT(first.header("x-request-id"), Optional(std::string("mock-1")));
  EXPECT_THAT(first.header("date"), Optional(imf_fixdate(fake_clock_.wall_now())));
  const HttpResult second = post_in("s-1");
  EXPECT_THAT(second.header("x-request-id"), Optional(std::string("mock-s-1-2")));
  const HttpResult own = post_chat_without_key();
  EXPECT_EQ(own.status, 401);
  EXPECT_THAT(own.header("x-request-id"), Optional(std::string("mock-3")));
  EXPECT_THAT(own.header("date"), Optional(imf_fixdate(fake_clock_.wall_now())));
  const HttpResult cut = post_chat();  // step 1: truncated, but its headers arrive whole
  EXPECT_EQ(cut.code, CURLE_PARTIAL_FILE);
  EXPECT_THAT(cut.header("x-request-id"), Optional(std::string("mock-4")));
  const HttpResult scripted = post_chat();
  EXPECT_EQ(scripted.header_count("x-request-id"), 1u);
  EXPECT_THAT(scripted.header("x-request-id"), Optional(std::string("fixed")));
  EXPECT_EQ(scripted.header_count("date"), 1u);
  EXPECT_THAT(scripted.header("date"), Optional(std::string("then")));
}

}  // namespace
}  // namespace cometbench::mockserver::testing
