// The admin API: journal, reset and scenario upload, outside auth and the journal.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

class AdminApiTest : public ServerTest {
 protected:
  void start_with_admin(faults::Scenario scenario, MockServerOptions options = {}) {
    options.admin_api = true;
    start(std::move(scenario), real_clock_, options);
  }

  HttpResult admin(const std::string& method, const std::string& endpoint, std::string body = "") {
    HttpRequest request;
    request.method = method;
    request.url = server_->url() + "/__admin/" + endpoint;
    request.body = std::move(body);
    return client_.perform(request);
  }
};

TEST_F(AdminApiTest, JournalIsAJsonArrayWithTheDroppedCountInAHeader) {
  MockServerOptions options;
  options.journal_capacity = 1;
  start_with_admin(chat_scenario({respond(200, "{}")}), options);
  post_chat();
  post_chat();
  const HttpResult r = admin("GET", "journal");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.header("x-journal-dropped"), Optional(std::string("1")));
  const nlohmann::json entries = nlohmann::json::parse(r.body);
  ASSERT_TRUE(entries.is_array());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0], to_json(server_->journal().at(0)));
  EXPECT_EQ(entries[0]["seq"], 2);
}

TEST_F(AdminApiTest, AdminRequestsBypassAuthAndAreNotJournaled) {
  start_with_admin(chat_scenario({respond(200, "{}")}));
  EXPECT_EQ(admin("GET", "journal").body, "[]");
  EXPECT_EQ(admin("GET", "journal").body, "[]");
  EXPECT_TRUE(server_->journal().empty());
}

TEST_F(AdminApiTest, ResetRestartsTheSteps) {
  start_with_admin(chat_scenario({respond(200, "a"), respond(200, "b")}));
  EXPECT_EQ(post_chat().body, "a");
  EXPECT_EQ(admin("POST", "reset").status, 204);
  EXPECT_EQ(post_chat().body, "a");
  EXPECT_EQ(server_->journal().size(), 1u);
}

TEST_F(AdminApiTest, PutScenarioReplacesTheScript) {
  start_with_admin(chat_scenario({respond(200, "old")}));
  const char* scenario = R"({
    "name": "uploaded",
    "description": "one 503",
    "script": {"POST /v1/chat/completions": {"steps": [
      {"respond": {"status": 503, "body": {"raw": "new"}}}]}}
  })";
  const HttpResult put = admin("PUT", "scenario", scenario);
  EXPECT_EQ(put.status, 204) << put.body;
  const HttpResult r = post_chat();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, "new");
}

TEST_F(AdminApiTest, PutScenarioWithAnErrorAnswers400WithTheParsersMessage) {
  start_with_admin(chat_scenario({respond(200, "old")}));
  const HttpResult r = admin("PUT", "scenario", R"({"name": "x", "bogus": 1})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.header("content-type"), Optional(HasSubstr("text/plain")));
  EXPECT_THAT(r.body, HasSubstr("<PUT /__admin/scenario>"));
  EXPECT_EQ(post_chat().body, "old");  // the old scenario stays
}

TEST_F(AdminApiTest, UnknownEndpointsAndWrongMethodsAreRefused) {
  start_with_admin(chat_scenario({}));
  EXPECT_EQ(admin("GET", "nothing").status, 404);
  EXPECT_EQ(admin("POST", "journal").status, 405);
  EXPECT_EQ(admin("GET", "reset").status, 405);
}

TEST_F(AdminApiTest, WithoutTheAdminApiItsPathsAreOrdinaryUnscriptedRoutes) {
  start(chat_scenario({}));
  EXPECT_EQ(admin("GET", "journal").status, 401);  // the scenario's key guards everything
  ASSERT_EQ(server_->journal().size(), 1u);
  EXPECT_EQ(server_->journal().at(0).route, "/__admin/journal");
}

}  // namespace
}  // namespace cometbench::mockserver::testing
