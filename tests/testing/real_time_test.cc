// RealTimeMock: the scripted mock serving on the real clock, for a client in the same process
// that keeps its own time (here plain libcurl, as an SDK would use it).
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "testing/matchers.h"
#include "testing/scripted_mock.h"

namespace {

using ::cometbench::testing::IsRequest;
using ::cometbench::testing::RealTimeMock;
using ::cometbench::testing::scenario_json;
using ::testing::ElementsAre;

// One POST with libcurl's own timers; returns the status, 0 when none arrived.
long post_chat(const std::string& base_url, int retry_count) {
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Authorization: Bearer test-key-123");
  headers = curl_slist_append(headers, "Content-Type: application/json");
  const std::string retry = "X-Stainless-Retry-Count: " + std::to_string(retry_count);
  headers = curl_slist_append(headers, retry.c_str());
  const std::string url = base_url + "/chat/completions";
  const char* body = R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]})";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
  long status = 0;
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status;
}

TEST(RealTimeMock, ServesTheScriptToAClientThatKeepsItsOwnTime) {
  RealTimeMock mock(scenario_json(R"({
    "name": "overloaded-once", "description": "503 then 200.",
    "api_key": "test-key-123",
    "script": {"POST /v1/chat/completions": {"steps": [
      {"respond": {"status": 503, "body": {"error": {"message": "overloaded"}}}},
      {"respond": {"status": 200, "body": {"$ref": "responses/chat_completion.json"}}}
    ]}}
  })",
                                  COMETBENCH_FIXTURES_DIR));

  EXPECT_EQ(post_chat(mock.base_url(), 0), 503);
  EXPECT_EQ(post_chat(mock.base_url(), 1), 200);

  EXPECT_THAT(mock.journal(), ElementsAre(IsRequest()
                                              .route("/v1/chat/completions")
                                              .step(0)
                                              .status(503)
                                              .retry_header("x-stainless-retry-count", "0"),
                                          IsRequest()
                                              .route("/v1/chat/completions")
                                              .step(1)
                                              .status(200)
                                              .retry_header("x-stainless-retry-count", "1")));
}

TEST(RealTimeMock, BaseUrlEndsInTheScenariosBasePath) {
  RealTimeMock mock(scenario_json(R"({
    "name": "custom-base", "description": "A gateway base path.",
    "script": {"POST /openai/v1/chat/completions": {"steps": [{"respond": {"status": 200, "body": {}}}]}},
    "client": {"base_path": "/openai/v1"}
  })"));
  EXPECT_EQ(mock.base_url(), mock.server().url() + "/openai/v1");
  EXPECT_EQ(post_chat(mock.base_url(), 0), 200);
  EXPECT_THAT(mock.journal(), ElementsAre(IsRequest().route("/openai/v1/chat/completions")));
}

}  // namespace
