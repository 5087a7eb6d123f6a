// `cometbench serve` with several scenarios (--fixture repeated, or a folder), sessions that
// pick one, and where uploaded scenarios may `$ref` files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <sstream>

#include "serve_test_support.h"

namespace cometbench::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace serve_test;  // NOLINT: the helpers exist for the serve tests only

std::string scenario_text(const std::string& name, const std::string& body) {
  return R"({"name": ")" + name + R"(", "description": "one answer", "script": {)" +
         R"("POST /v1/chat/completions": {"steps": [{"respond": {"status": 200, "body": )" + body +
         "}}]}}}";
}

// A folder `dir` with scenarios a.json and b.json, and c.json in `dir`/more.
struct ScenarioTree {
  ScenarioTree() {
    std::filesystem::create_directories(fixture.dir / "scenarios" / "more");
    std::ofstream(fixture.dir / "scenarios" / "b.json") << scenario_text("b", R"({"raw": "B"})");
    std::ofstream(fixture.dir / "scenarios" / "a.json") << scenario_text("a", R"({"raw": "A"})");
    std::ofstream(fixture.dir / "scenarios" / "more" / "c.json")
        << scenario_text("c", R"({"raw": "C"})");
  }
  std::filesystem::path folder() const { return fixture.dir / "scenarios"; }
  TempFixture fixture;
};

struct HttpReply {
  long status = 0;
  std::string body;
};

HttpReply request(const std::string& method, const std::string& url, const std::string& body) {
  HttpReply reply;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty()) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_easy_cleanup(curl);
  return reply;
}

void stop(InProcessServe& serve) {
  ASSERT_EQ(pthread_kill(serve.thread.native_handle(), SIGTERM), 0);
  serve.thread.join();
  EXPECT_EQ(serve.exit_code, 0);
}

TEST(ServeFixturesTest, LoadsFoldersAndFilesInArgumentOrderAndSessionsPickOne) {
  ScenarioTree tree;
  InProcessServe serve({"serve", "--fixture", tree.folder().string(), "--fixture",
                        (tree.folder() / "more" / "c.json").string()});
  const std::string line = serve.first_line();
  ASSERT_THAT(line, StartsWith("listening on http://127.0.0.1:"));
  const std::string url = url_of(line);
  // serve writes this note after the URL line: wait for it.
  const std::string note = "3 scenarios, default 'a'; sessions at " + url + "/sessions/ID/v1";
  EXPECT_THAT(serve.err_text.wait_for_text(note, std::chrono::seconds(20)), HasSubstr(note));
  EXPECT_EQ(get(url + "/__admin/scenarios"), R"({"default":"a","scenarios":["a","b","c"]})");
  EXPECT_EQ(request("PUT", url + "/__admin/sessions/job-7/scenario", R"({"name": "c"})").status,
            204);
  EXPECT_EQ(post_chat(url + "/sessions/job-7").body, "C");
  EXPECT_EQ(post_chat(url + "/sessions/job-8").body, "A");
  EXPECT_EQ(post_chat(url).body, "A");
  stop(serve);
}

TEST(ServeFixturesTest, TwoScenariosOfOneNameExitTwoNamingBothFiles) {
  ScenarioTree tree;
  std::ofstream(tree.folder() / "more" / "a.json") << scenario_text("a", "{}");
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run({"serve", "--fixture", tree.folder().string(), "--fixture",
                 (tree.folder() / "more").string()},
                out, err),
            2);
  EXPECT_EQ(err.str(), (tree.folder() / "more" / "a.json").string() +
                           ": scenario name 'a' is already used by " +
                           (tree.folder() / "a.json").string() + "\n");
  EXPECT_EQ(out.str(), "");
}

TEST(ServeFixturesTest, ARefRootThatIsNotAFolderExitsTwo) {
  ScenarioTree tree;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run({"serve", "--fixture", tree.folder().string(), "--ref-root",
                 (tree.folder() / "a.json").string()},
                out, err),
            2);
  EXPECT_EQ(err.str(), "cometbench serve: --ref-root " + (tree.folder() / "a.json").string() +
                           ": not a folder\n");
}

// The upload has no file of its own: its `$ref`s resolve against the first fixture's folder,
// wherever serve was started from.
TEST(ServeFixturesTest, AnUploadedScenarioRefersToFilesBesideTheLoadedFixture) {
  ScenarioTree tree;
  std::filesystem::create_directories(tree.fixture.dir / "responses");
  std::ofstream(tree.fixture.dir / "responses" / "ok.json") << R"({"ok": "from a file"})";
  InProcessServe serve({"serve", "--fixture", (tree.folder() / "a.json").string()});
  const std::string url = url_of(serve.first_line());
  const HttpReply put = request("PUT", url + "/__admin/scenario",
                                scenario_text("uploaded", R"({"$ref": "../responses/ok.json"})"));
  EXPECT_EQ(put.status, 204) << put.body;
  EXPECT_EQ(post_chat(url).body, R"({"ok":"from a file"})");
  stop(serve);
}

}  // namespace
}  // namespace cometbench::cli
