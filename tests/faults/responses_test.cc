// The canned bodies in fixtures/responses must look like what CometAPI sends (its error guide's
// envelope), and those in fixtures/responses/openai like OpenAI's: clients under test parse
// them, so a wrong shape would test the wrong thing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "faults/fixture_error.h"
#include "json/text.h"

namespace cometbench::faults {

using json::FileText;
using json::Json;
using json::read_text_file;
namespace {

const std::filesystem::path kResponses =
    std::filesystem::path(COMETBENCH_FIXTURES_DIR) / "responses";

const char* const kFiles[] = {
    "chat_completion",
    "chat_completion_no_usage",
    "chat_completion_no_finish_reason",
    "chunk_role",
    "chunk_content_1",
    "chunk_content_2",
    "chunk_content_3",
    "chunk_finish",
    "chunk_usage",
    "error_400_model_required",
    "error_401_invalid_api_key",
    "error_403_forbidden",
    "error_404_not_found",
    "error_429_rate_limit",
    "error_429_insufficient_quota",
    "error_500_server_error",
    "error_500_invalid_request",
    "error_503_overloaded",
    "error_504_gateway_timeout",
    "error_524_timeout",
};

// OpenAI-shaped error bodies, for clients tested against both APIs.
const char* const kOpenAiFiles[] = {
    "error_400_model_required", "error_401_invalid_api_key",    "error_403_forbidden",
    "error_404_not_found",      "error_429_insufficient_quota", "error_429_rate_limit",
    "error_500_server_error",   "error_503_overloaded",
};

Json load(const std::string& name) {
  const std::string path = (kResponses / (name + ".json")).string();
  const FileText file = read_text_file(path);
  if (!file.text) throw FixtureError(path, "", file.error);
  return json::parse_text(*file.text, path);  // strict: no duplicate keys either
}

void expect_usage(const Json& usage) {
  ASSERT_TRUE(usage.is_object());
  ASSERT_TRUE(usage.at("prompt_tokens").is_number_unsigned());
  ASSERT_TRUE(usage.at("completion_tokens").is_number_unsigned());
  EXPECT_EQ(usage.at("total_tokens").get<int>(),
            usage.at("prompt_tokens").get<int>() + usage.at("completion_tokens").get<int>());
}

void expect_common_header(const Json& body, const char* object) {
  EXPECT_THAT(body.at("id").get<std::string>(), testing::StartsWith("chatcmpl-cb"));
  EXPECT_EQ(body.at("object"), object);
  EXPECT_TRUE(body.at("created").is_number_unsigned());
  EXPECT_EQ(body.at("model"), "gpt-4o-mini");
  EXPECT_TRUE(body.at("choices").is_array());
}

class CannedResponse : public testing::TestWithParam<const char*> {};

TEST_P(CannedResponse, IsValidJsonShapedLikeTheRealApi) {
  const std::string name = GetParam();
  const Json body = load(name);
  ASSERT_TRUE(body.is_object());

  if (name.starts_with("chat_completion")) {
    expect_common_header(body, "chat.completion");
    ASSERT_EQ(body.at("choices").size(), 1u);
    const Json& choice = body.at("choices").at(0);
    EXPECT_EQ(choice.at("index"), 0);
    EXPECT_EQ(choice.at("message").at("role"), "assistant");
    EXPECT_TRUE(choice.at("message").at("content").is_string());
    if (name == "chat_completion_no_finish_reason") {
      EXPECT_TRUE(choice.at("finish_reason").is_null());
    } else {
      EXPECT_EQ(choice.at("finish_reason"), "stop");
    }
    if (name == "chat_completion_no_usage") {
      EXPECT_FALSE(body.contains("usage"));
    } else {
      expect_usage(body.at("usage"));
    }
  } else if (name.starts_with("chunk_")) {
    expect_common_header(body, "chat.completion.chunk");
    if (name == "chunk_usage") {
      EXPECT_TRUE(body.at("choices").empty());
      expect_usage(body.at("usage"));
      return;
    }
    ASSERT_EQ(body.at("choices").size(), 1u);
    const Json& choice = body.at("choices").at(0);
    const Json& delta = choice.at("delta");
    EXPECT_TRUE(delta.is_object());
    if (name == "chunk_role") {
      EXPECT_EQ(delta.at("role"), "assistant");
    }
    if (name.starts_with("chunk_content")) {
      EXPECT_TRUE(delta.at("content").is_string());
    }
    if (name == "chunk_finish") {
      EXPECT_TRUE(delta.empty());
      EXPECT_EQ(choice.at("finish_reason"), "stop");
    } else {
      EXPECT_TRUE(choice.at("finish_reason").is_null());
    }
  } else {
    // CometAPI error guide: {"error": {"code", "message": "... (request id: ...)",
    // "type": "comet_api_error"}}, in that order.
    ASSERT_THAT(name, testing::StartsWith("error_"));
    ASSERT_EQ(body.size(), 1u);
    const Json& error = body.at("error");
    std::vector<std::string> keys;
    for (const auto& [key, value] : error.items()) keys.push_back(key);
    EXPECT_EQ(keys, (std::vector<std::string>{"code", "message", "type"}));
    EXPECT_TRUE(error.at("code").is_string());
    EXPECT_THAT(error.at("message").get<std::string>(),
                testing::MatchesRegex(".+ \\(request id: [0-9a-z]+\\)"));
    EXPECT_EQ(error.at("type"), "comet_api_error");
  }
}

class OpenAiErrorBody : public testing::TestWithParam<const char*> {};

TEST_P(OpenAiErrorBody, HasOpenAisFourFields) {
  const Json body = load(std::string("openai/") + GetParam());
  ASSERT_EQ(body.size(), 1u);
  const Json& error = body.at("error");
  std::vector<std::string> keys;
  for (const auto& [key, value] : error.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"message", "type", "param", "code"}));
  EXPECT_FALSE(error.at("message").get<std::string>().empty());
  EXPECT_FALSE(error.at("type").get<std::string>().empty());
  EXPECT_TRUE(error.at("param").is_null() || error.at("param").is_string());
  EXPECT_TRUE(error.at("code").is_null() || error.at("code").is_string());
}

INSTANTIATE_TEST_SUITE_P(Files, OpenAiErrorBody, testing::ValuesIn(kOpenAiFiles),
                         [](const testing::TestParamInfo<const char*>& param) {
                           return std::string(param.param);
                         });

INSTANTIATE_TEST_SUITE_P(Files, CannedResponse, testing::ValuesIn(kFiles),
                         [](const testing::TestParamInfo<const char*>& param) {
                           return std::string(param.param);
                         });

// The codes that clients branch on (CometAPI error guide: 500 + invalid_request is a malformed
// request and must not be retried; 429 rate limit vs quota differ only by code).
TEST(CannedErrors, CarryTheCodesClientsBranchOn) {
  EXPECT_EQ(load("error_429_rate_limit").at("error").at("code"), "rate_limit_exceeded");
  EXPECT_EQ(load("error_429_insufficient_quota").at("error").at("code"), "insufficient_quota");
  EXPECT_EQ(load("error_500_invalid_request").at("error").at("code"), "invalid_request");
  EXPECT_EQ(load("openai/error_429_rate_limit").at("error").at("code"), "rate_limit_exceeded");
  EXPECT_EQ(load("openai/error_401_invalid_api_key").at("error").at("code"), "invalid_api_key");
}

TEST(CannedResponses, StreamChunksShareOneCompletionId) {
  const std::string id = load("chunk_role").at("id");
  for (const char* chunk :
       {"chunk_content_1", "chunk_content_2", "chunk_content_3", "chunk_finish", "chunk_usage"}) {
    EXPECT_EQ(load(chunk).at("id"), id) << chunk;
  }
}

TEST(CannedResponses, FoldersHoldExactlyTheListedFiles) {
  std::set<std::string> on_disk;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kResponses)) {
    if (entry.is_regular_file()) {
      on_disk.insert(entry.path().lexically_relative(kResponses).generic_string());
    }
  }
  std::set<std::string> listed;
  for (const char* name : kFiles) listed.insert(std::string(name) + ".json");
  for (const char* name : kOpenAiFiles) listed.insert("openai/" + std::string(name) + ".json");
  EXPECT_EQ(on_disk, listed);
}

}  // namespace
}  // namespace cometbench::faults
