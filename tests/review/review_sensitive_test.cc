#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "review/collector.h"
#include "review/sensitive.h"
#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::review_fixture;

// Findings of the sensitive-data scan alone for one record parsed from `json_text`.
std::vector<Finding> scan(const std::string& json_text) {
  Collector out("log.jsonl");
  scan_sensitive(nlohmann::json::parse(json_text), 1, out);
  return out.take();
}

Finding at(std::size_t line, std::string rule, std::string message, std::string file) {
  return Finding{std::move(file), line, std::move(rule), std::move(message)};
}

Finding line1(std::string rule, std::string message) {
  return at(1, std::move(rule), std::move(message), "log.jsonl");
}

TEST(ReviewOfLeaksInFixtures, BearerTokenInsideAnExtraField) {
  EXPECT_THAT(review_fixture("defect_bearer_token.jsonl").findings,
              ElementsAre(at(1, "bearer_token",
                             "field /debug/sent contains a Bearer token (\"Bearer ****\", a token "
                             "of 12 chars, redacted)",
                             "defect_bearer_token.jsonl")));
}

TEST(ReviewOfLeaksInFixtures, SkKeyQuotedInAnErrorMessage) {
  EXPECT_THAT(review_fixture("defect_sk_key.jsonl").findings,
              ElementsAre(at(1, "secret_key",
                             "field /error_message contains an sk- style key (\"sk-****\", a key "
                             "of 28 chars, redacted)",
                             "defect_sk_key.jsonl")));
}

TEST(ReviewOfLeaksInFixtures, ApiKeyFieldWithAValueButNotWhenNullOrEmpty) {
  EXPECT_THAT(review_fixture("defect_api_key_field.jsonl").findings,
              ElementsAre(at(2, "credential_field",
                             "field /api_key holds a credential (a string of 12 chars, redacted)",
                             "defect_api_key_field.jsonl")));
}

TEST(ReviewOfLeaksInFixtures, PromptMessagesAndCompletionText) {
  EXPECT_THAT(
      review_fixture("defect_prompt_content.jsonl").findings,
      ElementsAre(at(1, "content_field",
                     "field /request/messages holds prompt or completion content (an array of 1 "
                     "item)",
                     "defect_prompt_content.jsonl"),
                  at(2, "content_field",
                     "field /completion holds prompt or completion content (a string of 4 chars)",
                     "defect_prompt_content.jsonl")));
}

TEST(ReviewOfLeaksInFixtures, PriceAndQuotaButNotTokenCounts) {
  EXPECT_THAT(
      review_fixture("defect_billing.jsonl").findings,
      ElementsAre(
          at(1, "billing_field", "field /usage/cost_usd holds price or quota data (a number)",
             "defect_billing.jsonl"),
          at(2, "billing_field", "field /quota_remaining holds price or quota data (an integer)",
             "defect_billing.jsonl")));
}

TEST(SensitiveScan, ProseMentioningBearerIsNotAToken) {
  EXPECT_THAT(scan(R"({"note": "missing Bearer authentication; see Bearer docs"})"), IsEmpty());
}

TEST(SensitiveScan, LowercaseBearerInAHeaderDump) {
  EXPECT_THAT(scan(R"({"headers": [["authorization", "bearer abc123def456"]]})"),
              ElementsAre(line1("bearer_token",
                                "field /headers/0/1 contains a Bearer token (\"Bearer ****\", a "
                                "token of 12 chars, redacted)")));
}

TEST(SensitiveScan, SkMustStartAWord) {
  EXPECT_THAT(
      scan(R"({"operation_id": "task-0123456789abcdefghij", "x": "disk_0123456789abcdefgh"})"),
      IsEmpty());
}

TEST(SensitiveScan, SkUnderscoreStyleKey) {
  EXPECT_THAT(scan(R"({"x": "key=sk_live_0123456789abcdefXYZ;"})"),
              ElementsAre(line1("secret_key",
                                "field /x contains an sk- style key (\"sk_****\", a key of 27 "
                                "chars, redacted)")));
}

TEST(SensitiveScan, SecretInAKeyNameIsRedactedInEveryPath) {
  EXPECT_THAT(scan(R"({"Bearer abcdef123456": {"price": 1}})"),
              ElementsAre(line1("bearer_token",
                                "key of field /<redacted key> contains a Bearer token "
                                "(\"Bearer ****\", a token of 12 chars, redacted)"),
                          line1("billing_field",
                                "field /<redacted key>/price holds price or quota data (an "
                                "integer)")));
}

TEST(SensitiveScan, LongKeysAreDescribedNotQuoted) {
  EXPECT_THAT(scan(R"({")" + std::string(100, 'p') + R"(": {"cost": 1}})"),
              ElementsAre(line1("billing_field",
                                "field /<key of 100 chars>/cost holds price or quota data (an "
                                "integer)")));
}

TEST(SensitiveScan, CredentialNamesInAnySpelling) {
  EXPECT_THAT(
      scan(R"({"Authorization": "x", "apiKey": "x", "X-API-Key": "x", "access_token": "x",
               "password": 1, "prompt_tokens": 5, "max_tokens": 10, "input_tokens": 3})"),
      ElementsAre(
          line1("credential_field",
                "field /Authorization holds a credential (a string of 1 char, "
                "redacted)"),
          line1("credential_field",
                "field /X-API-Key holds a credential (a string of 1 char, redacted)"),
          line1("credential_field",
                "field /access_token holds a credential (a string of 1 char, redacted)"),
          line1("credential_field",
                "field /apiKey holds a credential (a string of 1 char, "
                "redacted)"),
          line1("credential_field", "field /password holds a credential (an integer, redacted)")));
}

TEST(SensitiveScan, NullAndEmptyValuesAreNotLeaks) {
  EXPECT_THAT(scan(R"({"api_key": null, "token": "", "messages": [], "body": {}, "price": null})"),
              IsEmpty());
}

TEST(SensitiveScan, FlaggedFieldIsReportedOnceNotPerNestedValue) {
  EXPECT_THAT(scan(R"({"request_body": {"messages": [{"content": "sk-0123456789abcdefghij"}]}})"),
              ElementsAre(line1("content_field",
                                "field /request_body holds prompt or completion content (an "
                                "object of 1 key)")));
}

TEST(SensitiveScan, CamelCaseBillingAndEscapedPointer) {
  EXPECT_THAT(
      scan(R"({"a~b/c": {"totalCost": 0.5, "quota": 3}})"),
      ElementsAre(
          line1("billing_field", "field /a~0b~1c/quota holds price or quota data (an integer)"),
          line1("billing_field", "field /a~0b~1c/totalCost holds price or quota data (a number)")));
}

TEST(SensitiveScan, NoMessageEverQuotesTheSecret) {
  const auto found = scan(
      R"({"api_key": "sk-SECRETSECRETSECRET00", "e": "Bearer SECRET-123456789", "k": "sk-SECRETSECRETSECRET11"})");
  ASSERT_EQ(found.size(), 3U);
  for (const auto& f : found)
    EXPECT_THAT(f.message, ::testing::Not(::testing::HasSubstr("SECRET")));
}

}  // namespace
}  // namespace cometbench::review
