#include "client/policy_fields.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace cometbench::client {
namespace {

using Json = nlohmann::json;

const std::string kPolicyDocs = std::string(COMETBENCH_DOCS_DIR) + "/policy.md";
const std::string kBegin = "<!-- BEGIN generated policy-fields -->\n";
const std::string kEnd = "<!-- END generated policy-fields -->";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(PolicyFieldsTest, DocsFieldTableIsTheGeneratedOne) {
  std::string docs = read_text(kPolicyDocs);
  const std::size_t from = docs.find(kBegin);
  const std::size_t to = docs.find(kEnd);
  ASSERT_NE(from, std::string::npos) << kPolicyDocs << " lacks " << kBegin;
  ASSERT_NE(to, std::string::npos) << kPolicyDocs << " lacks " << kEnd;
  ASSERT_LT(from, to);
  const std::string block = docs.substr(from + kBegin.size(), to - from - kBegin.size());
  const std::string generated = policy_fields::fields_markdown();
  // COMETBENCH_UPDATE_DOCS=1 rewrites the block after a change to the field table.
  if (block != generated && std::getenv("COMETBENCH_UPDATE_DOCS") != nullptr) {
    docs.replace(from + kBegin.size(), block.size(), generated);
    std::ofstream(kPolicyDocs, std::ios::binary | std::ios::trunc) << docs;
    return;
  }
  EXPECT_EQ(block, generated) << "run COMETBENCH_UPDATE_DOCS=1 build/bin/client_test "
                                 "--gtest_filter='*DocsFieldTable*' to update docs/policy.md";
}

// A policy whose every field differs from the default.
RetryPolicy unusual_policy() {
  RetryPolicy p = *preset_policy("aws-standard");
  p.max_attempts = 7;
  p.initial_backoff = std::chrono::milliseconds(250);
  p.multiplier = 3.5;
  p.jitter = Jitter::equal;
  p.seed = 42;
  p.attempt_timeout = std::chrono::milliseconds(1234);
  p.deadline = std::chrono::milliseconds(99999);
  p.retry_on_errors = {ErrorKind::dns_error};
  p.max_retry_after = std::chrono::milliseconds(5);
  p.retry_after_over_cap = RetryAfterOverCap::use_backoff;
  p.retry_after_zero = RetryAfterZero::immediately;
  p.retry_budget = RetryBudgetConfig{9, 8, 7, 6};
  p.stream_commit = StreamCommit::headers;
  p.cut_body = CutBody::by_status;
  p.invalid_request_500_terminal = false;
  return p;
}

TEST(PolicyFieldsTest, EachFieldReadsBackWhatItPrintsAndTouchesNothingElse) {
  const RetryPolicy defaults;
  const RetryPolicy unusual = unusual_policy();
  EXPECT_EQ(to_json(defaults).size(), policy_fields::fields().size());
  for (const policy_fields::PolicyField& field : policy_fields::fields()) {
    ASSERT_NE(field.write(unusual), field.write(defaults)) << field.key << " is not unusual";
    const RetryPolicy read =
        parse_policy(Json{{std::string(field.key), field.write(unusual)}}, "p.json", "");
    for (const policy_fields::PolicyField& other : policy_fields::fields()) {
      const RetryPolicy& source = other.key == field.key ? unusual : defaults;
      EXPECT_EQ(other.write(read), other.write(source)) << field.key << " -> " << other.key;
    }
  }
  EXPECT_EQ(parse_policy(to_json(unusual), "p.json", ""), unusual);
}

TEST(PolicyFieldsTest, ListedKeysStartWithPresetThenFollowTheTable) {
  const auto keys = policy_fields::listed_keys();
  ASSERT_EQ(keys.size(), policy_fields::fields().size() + 1);
  EXPECT_EQ(keys[0], "preset");
  for (std::size_t i = 0; i < policy_fields::fields().size(); ++i) {
    EXPECT_EQ(keys[i + 1], policy_fields::fields()[i].key);
  }
}

TEST(PolicyFieldsTest, SchemaKeyIsAcceptedAndIgnored) {
  const Json document = {{"$schema", "https://example.com/policy.schema.json"},
                         {"max_attempts", 5}};
  RetryPolicy expected;
  expected.max_attempts = 5;
  EXPECT_EQ(parse_policy(document, "p.json", ""), expected);
  EXPECT_TRUE(is_policy_key("$schema"));
  EXPECT_TRUE(is_policy_key("preset"));
  EXPECT_FALSE(is_policy_key("script"));
  EXPECT_FALSE(is_policy_key("name"));
}

TEST(PolicyFieldsTest, SchemaKeyMustBeAString) {
  try {
    parse_policy(Json{{"$schema", 3}}, "fast.policy.json", "");
    FAIL() << "no error";
  } catch (const PolicyError& e) {
    EXPECT_STREQ(
        e.what(),
        "fast.policy.json: /$schema: expected a string (the file's JSON Schema), got a number");
  }
}

TEST(PolicyFieldsTest, SchemaKeyIsNotListedAmongTheSettings) {
  try {
    parse_policy(Json{{"$schema", "s"}, {"retries", 3}}, "p.json", "");
    FAIL() << "no error";
  } catch (const PolicyError& e) {
    EXPECT_EQ(e.pointer(), "/retries");
    EXPECT_EQ(e.message().find("$schema"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace cometbench::client
