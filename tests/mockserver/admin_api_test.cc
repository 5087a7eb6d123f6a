// The admin API: journal, reset, scenario upload and sessions, outside auth and the journal.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

// Sends `request` as is on a fresh connection and returns what arrives up to the end of the
// answer's head (a poll of at most 10 s per read, which a passing test never waits for).
std::string raw_exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    while (out.find("\r\n\r\n") == std::string::npos) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) break;
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return out.substr(0, out.find("\r\n"));
}

// A scenario of `steps` 200 steps with a body each: well over 8 KB of JSON.
std::string large_scenario(int steps) {
  std::string text = R"({"name": "large", "description": "many steps", "script": {)"
                     R"("POST /v1/chat/completions": {"steps": [)";
  for (int i = 0; i < steps; ++i) {
    text += (i ? "," : "") + std::string(R"({"respond": {"status": 200, "body": {"raw": "step )") +
            std::to_string(i) + R"("}}})";
  }
  return text + "]}}}";
}

class AdminApiTest : public ServerTest {
 protected:
  void start_with_admin(faults::Scenario scenario, MockServerOptions options = {}) {
    options.admin_api = true;
    start(std::move(scenario), real_clock_, options);
  }

  HttpResult admin(const std::string& method, const std::string& endpoint, std::string body = "",
                   std::vector<std::string> headers = {}) {
    HttpRequest request;
    request.method = method;
    request.url = server_->url() + "/__admin/" + endpoint;
    request.body = std::move(body);
    request.headers = std::move(headers);
    return client_.perform(request);
  }

  HttpResult post_in(const std::string& session) {
    HttpRequest request = chat_request();
    request.url = server_->url() + "/sessions/" + session + kChatPath;
    return client_.perform(request);
  }

  static faults::Scenario named(std::string name, std::string body) {
    faults::Scenario s = chat_scenario({respond(200, std::move(body))});
    s.name = std::move(name);
    return s;
  }

  void start_with_two(MockServerOptions options = {}) {
    options.admin_api = true;
    std::vector<faults::Scenario> scenarios;
    scenarios.push_back(named("first", "1"));
    scenarios.push_back(named("second", "2"));
    server_ = std::make_unique<MockServer>(real_clock_, std::move(scenarios), options);
    server_->start();
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
  EXPECT_THAT(r.header("content-type"), Optional(std::string("application/json; charset=utf-8")));
}

// The journal is streamed in chunks of kJournalEntriesPerChunk entries, never built whole.
TEST_F(AdminApiTest, ALargeJournalArrivesWholeInChunksAndCanBeFilteredBySession) {
  start_with_admin(chat_scenario({respond(200, "{}")}));
  for (int i = 0; i < 600; ++i) {
    if (i % 3 == 0) {
      post_in("third");
    } else {
      post_chat();
    }
  }
  const HttpResult all = admin("GET", "journal", "", {"Accept-Encoding: gzip, br"});
  EXPECT_EQ(all.status, 200);
  EXPECT_THAT(all.header("transfer-encoding"), Optional(std::string("chunked")));
  EXPECT_EQ(all.header("content-encoding"), std::nullopt);
  const nlohmann::json entries = nlohmann::json::parse(all.body);
  const std::vector<JournalEntry> journal = server_->journal();
  ASSERT_EQ(entries.size(), 600u);
  for (std::size_t i = 0; i < 600; ++i) ASSERT_EQ(entries[i], to_json(journal[i])) << i;

  const nlohmann::json third = nlohmann::json::parse(admin("GET", "journal?session=third").body);
  ASSERT_EQ(third.size(), 200u);
  for (const auto& e : third) EXPECT_EQ(e["session"], "third");
  EXPECT_EQ(third[1]["seq"], 4);
  const nlohmann::json plain = nlohmann::json::parse(admin("GET", "journal?session=").body);
  ASSERT_EQ(plain.size(), 400u);
  EXPECT_TRUE(plain[0]["session"].is_null());
  EXPECT_EQ(admin("GET", "journal?session=nobody").body, "[]");
}

// curl -X POST URL sends neither a body nor Content-Length; HTTP says the body is empty.
TEST_F(AdminApiTest, ResetAsCurlSendsItWithoutContentLengthIsAnswered204AtOnce) {
  start_with_admin(chat_scenario({respond(200, "a"), respond(200, "b")}));
  EXPECT_EQ(post_chat().body, "a");
  EXPECT_EQ(raw_exchange(server_->port(),
                         "POST /__admin/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         "User-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"),
            "HTTP/1.1 204 No Content");
  EXPECT_EQ(post_chat().body, "a");
}

// curl --data-binary labels its body application/x-www-form-urlencoded, which httplib 0.11.4
// would refuse past 8 KB.
TEST_F(AdminApiTest, AScenarioOver8KbLabelledAsAFormIsLoaded) {
  start_with_admin(chat_scenario({respond(200, "old")}));
  const std::string scenario = large_scenario(400);
  ASSERT_GT(scenario.size(), 16u * 1024);
  const HttpResult put =
      admin("PUT", "scenario", scenario, {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(put.status, 204) << put.body;
  EXPECT_EQ(post_chat().body, "step 0");
  EXPECT_EQ(post_chat().body, "step 1");
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

TEST_F(AdminApiTest, PutScenarioWithANameOnlyMakesThatLoadedScenarioTheDefault) {
  start_with_two();
  EXPECT_EQ(post_chat().body, "1");
  EXPECT_EQ(admin("PUT", "scenario", R"({"name": "second"})").status, 204);
  EXPECT_EQ(post_chat().body, "2");
  EXPECT_EQ(server_->journal().size(), 1u);
  const HttpResult unknown = admin("PUT", "scenario", R"({"name": "third"})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, "no scenario named 'third' is loaded (loaded: first, second)\n");
  EXPECT_EQ(admin("GET", "scenarios").body,
            R"({"default":"second","scenarios":["second","first"]})");
}

TEST_F(AdminApiTest, SessionsAreSelectedResetListedAndRemoved) {
  start_with_two();
  EXPECT_EQ(admin("PUT", "sessions/t-1/scenario", R"({"name": "second"})").status, 204);
  EXPECT_EQ(post_in("t-1").body, "2");
  EXPECT_EQ(post_in("t-2").body, "1");
  EXPECT_EQ(admin("GET", "sessions").body,
            R"([{"scenario":"first","session":null},{"scenario":"second","session":"t-1"},)"
            R"({"scenario":"first","session":"t-2"}])");
  EXPECT_EQ(admin("POST", "sessions/t-1/reset").status, 204);
  EXPECT_TRUE(server_->journal("t-1").empty());
  EXPECT_EQ(server_->journal("t-2").size(), 1u);
  EXPECT_EQ(admin("DELETE", "sessions/t-2").status, 204);
  EXPECT_EQ(admin("DELETE", "sessions/t-2").status, 404);
  EXPECT_TRUE(server_->journal("t-2").empty());
  EXPECT_EQ(admin("GET", "sessions").body,
            R"([{"scenario":"first","session":null},{"scenario":"second","session":"t-1"}])");
}

TEST_F(AdminApiTest, SessionCommandsRefuseBadIdsNamesAndMethods) {
  MockServerOptions options;
  options.max_sessions = 1;
  start_with_two(options);
  const HttpResult bad_id = admin("POST", "sessions/a.b/reset");
  EXPECT_EQ(bad_id.status, 400);
  EXPECT_EQ(bad_id.body, "invalid session ID: 1 to 64 letters, digits, '-' or '_'\n");
  const HttpResult bad_body = admin("PUT", "sessions/a/scenario", R"({"scenario": "first"})");
  EXPECT_EQ(bad_body.status, 400);
  EXPECT_EQ(bad_body.body, "expected {\"name\": NAME} naming a loaded scenario\n");
  EXPECT_EQ(admin("PUT", "sessions/a/scenario", R"({"name": "nope"})").body,
            "no scenario named 'nope' is loaded (loaded: first, second)\n");
  EXPECT_EQ(admin("PUT", "sessions/a/scenario", R"({"name": "first"})").status, 204);
  const HttpResult full = admin("PUT", "sessions/b/scenario", R"({"name": "first"})");
  EXPECT_EQ(full.status, 400);
  EXPECT_THAT(full.body, HasSubstr("session limit reached (1 sessions)"));
  EXPECT_EQ(admin("GET", "sessions/a/reset").status, 405);
  EXPECT_EQ(admin("GET", "sessions/a/scenario").status, 405);
  EXPECT_EQ(admin("GET", "sessions/a").status, 405);
  EXPECT_EQ(admin("POST", "sessions/a/other").status, 404);
}

TEST_F(AdminApiTest, AdminAnswersCarryADate) {
  start_with_admin(chat_scenario({}));
  const HttpResult r = admin("GET", "journal");
  EXPECT_EQ(r.header_count("date"), 1u);
  EXPECT_EQ(r.header("x-request-id"), std::nullopt);
}

// root/scenarios is the loaded fixture's folder, root/responses holds a body, and a file lies
// beside root, outside it.
class UploadRefsTest : public AdminApiTest {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "upload_refs_XXXXXX").string();
    top_ = mkdtemp(tmpl.data());
    root_ = top_ / "root";
    std::filesystem::create_directories(root_ / "scenarios");
    std::filesystem::create_directories(root_ / "responses");
    std::ofstream(root_ / "responses" / "ok.json") << R"({"ok": true})";
    std::ofstream(top_ / "secret.json") << R"({"secret": "do not serve"})";
    MockServerOptions options;
    options.upload_base_dir = root_ / "scenarios";
    options.upload_ref_root = root_;
    start_with_admin(chat_scenario({respond(200, "old")}), options);
  }
  void TearDown() override {
    AdminApiTest::TearDown();
    std::filesystem::remove_all(top_);
  }

  HttpResult upload_with_ref(const std::string& ref) {
    return admin("PUT", "scenario",
                 R"({"name": "up", "description": "d", "script": {"POST /v1/chat/completions": )"
                 R"({"steps": [{"respond": {"status": 200, "body": {"$ref": ")" +
                     ref + R"("}}}]}}})");
  }

  std::string outside_message(const std::string& ref) const {
    return "<PUT /__admin/scenario>:1:124: /script/POST "
           "~1v1~1chat~1completions/steps/0/respond/body/"
           "$ref: \"" +
           ref + "\": outside the root " + root_.string() + "\n";
  }

  std::filesystem::path top_;
  std::filesystem::path root_;
};

TEST_F(UploadRefsTest, RefsResolveAgainstTheLoadedFixturesFolderInsideTheRoot) {
  const HttpResult put = upload_with_ref("../responses/ok.json");
  EXPECT_EQ(put.status, 204) << put.body;
  EXPECT_EQ(post_chat().body, R"({"ok":true})");
}

// The same message whether the file outside exists or not: the answer must not tell.
TEST_F(UploadRefsTest, ARefLeavingTheRootIsRefusedWithoutSayingWhetherTheFileExists) {
  const HttpResult existing = upload_with_ref("../../secret.json");
  EXPECT_EQ(existing.status, 400);
  EXPECT_EQ(existing.body, outside_message("../../secret.json"));
  const HttpResult missing = upload_with_ref("../../missing.json");
  EXPECT_EQ(missing.body, outside_message("../../missing.json"));
  const HttpResult far = upload_with_ref("../../../../../../../../etc/passwd");
  EXPECT_EQ(far.body, outside_message("../../../../../../../../etc/passwd"));
  EXPECT_THAT(existing.body, Not(HasSubstr("do not serve")));
  EXPECT_EQ(post_chat().body, "old");  // the old scenario stays
}

TEST_F(AdminApiTest, WithoutUploadOptionsRefsStayInTheWorkingDirectory) {
  start_with_admin(chat_scenario({respond(200, "old")}));
  const HttpResult r =
      admin("PUT", "scenario",
            R"({"name": "up", "description": "d", "script": {"POST /v1/chat/completions": )"
            R"({"steps": [{"respond": {"status": 200, "body": {"$ref": "../x.json"}}}]}}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("\"../x.json\": outside the root " +
                                std::filesystem::current_path().string()));
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
