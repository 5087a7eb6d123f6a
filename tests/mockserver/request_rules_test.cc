// What the mock answers on its own (auth, validation, unscripted routes, exhausted scripts),
// how steps are claimed, and what the journal records.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "mockserver/journal.h"
#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

// sha256sum of kChatBody.
constexpr const char* kChatBodySha256 =
    "c5140f8cde6ad45211592650430f5793f1b56f968f3abc091eac8148885c4c3e";

// sha256sum of "secret prompt text".
constexpr const char* kSecretSha256 =
    "45193091423137c556537c4a4dcbdea317fbfe2f207ea6f2bd45da68a50961a4";

class RequestRulesTest : public ServerTest {
 protected:
  HttpResult post_chat_with(std::vector<std::string> headers, std::string body = kChatBody) {
    HttpRequest request = chat_request();
    request.headers = std::move(headers);
    request.body = std::move(body);
    return client_.perform(request);
  }

  std::vector<std::string> served() const {
    std::vector<std::string> kinds;
    for (const auto& entry : server_->journal()) kinds.push_back(entry.served);
    return kinds;
  }

  static nlohmann::json error_of(const HttpResult& r) {
    return nlohmann::json::parse(r.body).at("error");
  }
};

TEST_F(RequestRulesTest, AWrongOrMissingKeyGets401WithoutConsumingAStep) {
  start(chat_scenario({respond(200, R"({"step":0})"), respond(200, R"({"step":1})")}));

  const HttpResult wrong = post_chat_with({"Authorization: Bearer sk-wrong-secret"});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body,
            R"j({"error":{"code":"","message":"Invalid Token: send the scenario's api_key as )j"
            R"j('Authorization: Bearer <key>' (cometbench mock) (request id: mock-1)",)j"
            R"("type":"comet_api_error"}})");
  EXPECT_THAT(wrong.header("x-request-id"), Optional(std::string("mock-1")));
  EXPECT_THAT(wrong.body, Not(HasSubstr("sk-wrong-secret")));

  EXPECT_EQ(post_chat_with({}).status, 401);                               // no header
  EXPECT_EQ(post_chat_with({"Authorization: test-key-123"}).status, 401);  // no "Bearer "
  EXPECT_EQ(post_chat_with({"Authorization: Bearer test-key-1234"}).status, 401);

  const HttpResult ok = post_chat();
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, R"({"step":0})");
  EXPECT_THAT(served(), ElementsAre("auth_rejected", "auth_rejected", "auth_rejected",
                                    "auth_rejected", "respond"));
}

TEST_F(RequestRulesTest, AScenarioWithoutAKeyAcceptsAnyAuthorization) {
  faults::Scenario scenario = chat_scenario({respond(200, "{}")});
  scenario.api_key.reset();
  start(scenario);
  EXPECT_EQ(post_chat_with({}).status, 200);
  EXPECT_EQ(post_chat_with({"Authorization: Bearer anything"}).status, 200);
}

// CometAPI's error guide: a 400 comes in its envelope, with the request id in the message; the
// live answer to a missing model reads "model name is required".
TEST_F(RequestRulesTest, AnInvalidChatBodyGets400InCometApisEnvelopeWithoutConsumingAStep) {
  start(chat_scenario({respond(200, R"({"step":0})")}));
  const HttpResult no_model = post_chat_with({kAuthHeader}, R"({"messages":[]})");
  EXPECT_EQ(no_model.status, 400);
  EXPECT_EQ(no_model.body,
            R"j({"error":{"code":"","message":"model name is required (request id: mock-1)",)j"
            R"("type":"comet_api_error"}})");
  EXPECT_EQ(post_chat().body, R"({"step":0})");
  EXPECT_THAT(served(), ElementsAre("invalid_request", "respond"));
}

struct BadBody {
  const char* body;
  const char* message;
};

class ChatBodyTypesTest : public RequestRulesTest, public ::testing::WithParamInterface<BadBody> {};

TEST_P(ChatBodyTypesTest, GetsA400NamingTheFieldAndTheTypeFound) {
  start(chat_scenario({respond(200, "{}")}));
  const HttpResult r = post_chat_with({kAuthHeader}, GetParam().body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(error_of(r)["message"], std::string(GetParam().message) + " (request id: mock-1)");
  EXPECT_EQ(error_of(r)["type"], "comet_api_error");
  EXPECT_EQ(error_of(r)["code"], "");
  EXPECT_THAT(served(), ElementsAre("invalid_request"));
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, ChatBodyTypesTest,
    ::testing::Values(
        BadBody{R"({"model": 1, "messages": null})", "model must be a string, got number"},
        BadBody{R"({"model": "m", "messages": null})", "messages must be an array, got null"},
        BadBody{R"({"model": null, "messages": []})", "model name is required"},
        BadBody{R"({"model": "", "messages": []})", "model name is required"},
        BadBody{R"({"model": ["m"], "messages": []})", "model must be a string, got array"},
        BadBody{R"({"model": "m"})", "messages is required"},
        BadBody{R"({"model": "m", "messages": {"role": "user"}})",
                "messages must be an array, got object"},
        BadBody{R"({"model": "m", "messages": [{"role": "user"}, "hi"]})",
                "messages[1] must be an object, got string"},
        BadBody{R"({"model": "m", "messages": [{"content": "hi"}]})",
                "messages[0].role is required"},
        BadBody{R"({"model": "m", "messages": [{"role": 7, "content": {"role": "x"}}]})",
                "messages[0].role must be a string, got number"},
        BadBody{R"({"model": "m", "messages": [], "stream": "yes"})",
                "stream must be a boolean, got string"},
        BadBody{"[1,2]", "the request body must be a JSON object, got array"},
        BadBody{"{not json", "the request body is not valid JSON (at byte 3)"},
        BadBody{R"({"model": "m", "messages": []} trailing)",
                "the request body is not valid JSON (at byte 34)"}),
    [](const ::testing::TestParamInfo<BadBody>& param) {
      return "Body" + std::to_string(param.index);
    });

TEST_F(RequestRulesTest, WellTypedBodiesWithNestedAndExtraFieldsPass) {
  start(chat_scenario({respond(200, "{}")}, faults::WhenExhausted::kRepeatLast));
  for (const char* body : {
           R"({"model": "m", "messages": []})",
           R"({"model": "m", "messages": [{"role": "assistant", "content": null,)"
           R"( "tool_calls": [{"role": 1}]}], "stream": true, "extra": {"model": 1}})",
           R"({"messages": [{"role": "user", "content": [{"type": "text"}]}], "model": "m"})",
       }) {
    EXPECT_EQ(post_chat_with({kAuthHeader}, body).status, 200) << body;
  }
}

TEST_F(RequestRulesTest, AnUnscriptedRouteGets404) {
  start(chat_scenario({respond(200, "{}")}));
  HttpRequest request = chat_request();
  request.url = server_->url() + "/v1/completions";
  const HttpResult r = client_.perform(request);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(error_of(r)["message"],
            "Invalid URL (POST /v1/completions): not scripted by scenario 'unit' (cometbench "
            "mock) (request id: mock-1)");

  request.url = server_->url() + kChatPath;
  request.method = "GET";
  EXPECT_EQ(client_.perform(request).status, 404);
  EXPECT_THAT(served(), ElementsAre("not_found", "not_found"));
}

class ExhaustionTest : public RequestRulesTest {
 protected:
  void start_two_steps(faults::WhenExhausted when) {
    start(chat_scenario({respond(200, "a"), respond(200, "b")}, when));
  }
  std::vector<std::string> bodies(int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(post_chat().body);
    return out;
  }
};

TEST_F(ExhaustionTest, RepeatLastRepeatsTheLastStep) {
  start_two_steps(faults::WhenExhausted::kRepeatLast);
  EXPECT_THAT(bodies(4), ElementsAre("a", "b", "b", "b"));
}

TEST_F(ExhaustionTest, CycleStartsOver) {
  start_two_steps(faults::WhenExhausted::kCycle);
  EXPECT_THAT(bodies(5), ElementsAre("a", "b", "a", "b", "a"));
}

TEST_F(ExhaustionTest, FailAnswers500NamingTheScriptAndMarksTheJournal) {
  start_two_steps(faults::WhenExhausted::kFail);
  EXPECT_THAT(bodies(2), ElementsAre("a", "b"));
  const HttpResult r = post_chat();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(error_of(r)["message"],
            "cometbench mock: the script 'POST /v1/chat/completions' of scenario 'unit' is "
            "exhausted (2 steps, when_exhausted: fail) (request id: mock-3)");
  EXPECT_EQ(error_of(r)["code"], "script_exhausted");
  const JournalEntry last = server_->journal().back();
  EXPECT_EQ(last.served, "exhausted");
  EXPECT_EQ(last.step_index, std::nullopt);
  EXPECT_EQ(last.status, 500);
}

TEST_F(RequestRulesTest, SixteenParallelRequestsGetSixteenDistinctSteps) {
  std::vector<faults::Step> steps;
  for (int i = 0; i < 16; ++i) steps.push_back(respond(200, std::to_string(i)));
  start(chat_scenario(steps, faults::WhenExhausted::kFail));
  std::vector<std::string> bodies(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      CurlClient client;
      bodies[i] = client.perform(chat_request()).body;
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> distinct(bodies.begin(), bodies.end());
  std::set<std::string> expected;
  for (int i = 0; i < 16; ++i) expected.insert(std::to_string(i));
  EXPECT_EQ(distinct, expected);
  // Journal order is step order.
  const auto journal = server_->journal();
  ASSERT_EQ(journal.size(), 16u);
  for (std::size_t i = 0; i < 16; ++i) EXPECT_EQ(journal[i].step_index, i);
}

TEST_F(RequestRulesTest, TheJournalRecordsEachRequestExactly) {
  start(chat_scenario({respond(503, "{}"), respond(200, "{}"), faults::DropStep{}}), fake_clock_);
  HttpRequest first = chat_request();
  first.headers.push_back("X-Stainless-Retry-Count: 0");
  client_.perform(first);
  fake_clock_.advance(std::chrono::milliseconds(500));
  HttpRequest second = chat_request();  // same connection as the first (keep-alive)
  second.headers.push_back("x-stainless-retry-count: 1");
  second.headers.push_back("X-Retry-Attempt: 2");
  client_.perform(second);
  CurlClient other;  // a second connection
  EXPECT_EQ(other.perform(chat_request()).code, CURLE_GOT_NOTHING);
  fake_clock_.advance(std::chrono::milliseconds(1000));
  HttpRequest fourth = chat_request();
  fourth.headers = {"Authorization: Bearer sk-do-not-log"};
  fourth.body = "secret prompt text";
  client_.perform(fourth);  // the first connection again

  const JournalEntry e1{1,         0,
                        "",        "POST",
                        kChatPath, 1,
                        0,         "respond",
                        503,       {{"x-stainless-retry-count", "0"}},
                        69,        kChatBodySha256};
  const JournalEntry e2{2,         500,
                        "",        "POST",
                        kChatPath, 1,
                        1,         "respond",
                        200,       {{"x-retry-attempt", "2"}, {"x-stainless-retry-count", "1"}},
                        69,        kChatBodySha256};
  const JournalEntry e3{3, 500,    "",           "POST", kChatPath, 2,
                        2, "drop", std::nullopt, {},     69,        kChatBodySha256};
  const JournalEntry e4{4,   1500, "", "POST",       kChatPath, 1, std::nullopt, "auth_rejected",
                        401, {},   18, kSecretSha256};
  EXPECT_THAT(server_->journal(), ElementsAre(e1, e2, e3, e4));
  EXPECT_EQ(server_->journal_dropped(), 0u);

  std::string dumped;
  for (const auto& e : server_->journal()) dumped += to_json(e).dump();
  EXPECT_THAT(dumped, Not(HasSubstr("sk-do-not-log")));
  EXPECT_THAT(dumped, Not(HasSubstr("test-key-123")));
  EXPECT_THAT(dumped, Not(HasSubstr("secret prompt")));
  EXPECT_THAT(dumped, Not(HasSubstr("ping")));
  std::string text;
  append_json(e3, text);
  EXPECT_EQ(text, R"({"seq":3,"time_ms":500,"session":null,"method":"POST",)"
                  R"("route":"/v1/chat/completions","connection_id":2,"step_index":2,)"
                  R"("served":"drop","status":null,"retry_headers":{},"body_size":69,)"
                  R"("body_sha256":")" +
                      std::string(kChatBodySha256) + R"("})");
}

// Not the mock's doing, but every libcurl client must know it: a request on a reused keep-alive
// connection that gets no response byte is silently sent again on a new connection (libcurl:
// "Connection died, retrying a fresh connect"), so the server sees two requests.
TEST_F(RequestRulesTest, LibcurlResendsARequestDroppedOnAReusedConnection) {
  start(chat_scenario({respond(200, "{}"), faults::DropStep{}, respond(200, "again")}));
  EXPECT_EQ(post_chat().status, 200);
  const HttpResult r = post_chat();
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.body, "again");
  EXPECT_THAT(served(), ElementsAre("respond", "drop", "respond"));
}

TEST_F(RequestRulesTest, AFullJournalDropsTheOldestEntriesAndCountsThem) {
  MockServerOptions options;
  options.journal_capacity = 2;
  start(chat_scenario({respond(200, "{}")}), real_clock_, options);
  for (int i = 0; i < 5; ++i) post_chat();
  const auto journal = server_->journal();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[0].seq, 4u);
  EXPECT_EQ(journal[1].seq, 5u);
  EXPECT_EQ(server_->journal_dropped(), 3u);
}

TEST_F(RequestRulesTest, ResetRestartsStepsAndJournal) {
  start(chat_scenario({respond(200, "a"), respond(200, "b")}));
  EXPECT_EQ(post_chat().body, "a");
  server_->reset();
  EXPECT_TRUE(server_->journal().empty());
  EXPECT_EQ(post_chat().body, "a");
  EXPECT_EQ(server_->journal().at(0).seq, 1u);
  server_->load(chat_scenario({respond(200, "c")}));
  EXPECT_EQ(post_chat().body, "c");
}

TEST(MockServerBindTest, ASecondServerOnAFixedPortFailsToStart) {
  clock::SystemClock clock;
  MockServer first(clock, chat_scenario({}));
  first.start();
  MockServerOptions options;
  options.port = first.port();
  MockServer second(clock, chat_scenario({}), options);
  EXPECT_THROW(second.start(), std::runtime_error);
}

}  // namespace
}  // namespace cometbench::mockserver::testing
