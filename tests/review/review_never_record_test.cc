// The guide's never-record list, by field name and by value shape, on a log another client
// wrote; and the promise that no finding repeats what it flags.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "review/collector.h"
#include "review/sensitive.h"
#include "review/sensitive_keys.h"
#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::review_fixture;

std::vector<Finding> scan(const std::string& json_text) {
  Collector out("log.jsonl");
  scan_sensitive(nlohmann::json::parse(json_text), 1, out);
  return out.take();
}

Finding line1(std::string rule, std::string message) {
  return Finding{"log.jsonl", 1, std::move(rule), std::move(message)};
}

constexpr const char* kLog = "defect_never_record.jsonl";

Finding at(std::size_t line, std::string rule, std::string message) {
  return Finding{kLog, line, std::move(rule), std::move(message)};
}

TEST(ReviewNeverRecord, EveryKindInAForeignLogIsNamedWithoutItsValue) {
  const std::string id = "holds a customer, account, user or organization identifier";
  EXPECT_THAT(
      review_fixture(kLog).findings,
      ElementsAreArray({
          at(1, "identifier_field",
             "field /customer_id " + id + " (a string of 8 chars, redacted)"),
          at(1, "identifier_field",
             "field /openai-organization " + id + " (a string of 9 chars, redacted)"),
          at(2, "email_address", "field /note contains an e-mail address (redacted)"),
          at(3, "rate_limit_field",
             "field /headers_seen contains rate-limit data (an x-ratelimit-* header)"),
          at(3, "rate_limit_field",
             "field /x-ratelimit-remaining-requests holds rate-limit or quota values (a string "
             "of 1 char)"),
          at(4, "content_field",
             "field /completion_text holds prompt or completion content (a string of 5 chars)"),
          at(4, "content_field",
             "field /error_detail contains a raw response body (a string of 59 chars, not "
             "quoted)"),
          at(4, "billing_field", "field /note contains a price (a currency amount, redacted)"),
          at(4, "billing_field", "field /price_usd holds price or quota data (a number)"),
          at(5, "availability_claim",
             "field /availability holds an availability or uptime claim (a string of 8 chars)"),
          at(5, "availability_claim",
             "field /provider_status contains an availability or uptime claim (not quoted)"),
          at(6, "credential_field",
             "field /XApiKey holds a credential (a string of 19 chars, redacted)"),
          at(6, "credential_in_url",
             "field /proxy contains a credential in a URL (a user:password part, redacted)"),
          at(6, "basic_auth",
             "field /upstream_auth contains HTTP Basic credentials (\"Basic ****\", 20 chars, "
             "redacted)"),
          at(6, "credential_in_url",
             "field /url contains a credential in a URL (query parameter api_key with a value "
             "of 16 chars, redacted)"),
      }));
}

TEST(ReviewNeverRecord, NoFindingRepeatsAFlaggedValue) {
  for (const Finding& f : review_fixture(kLog).findings) {
    for (const char* value : {"cus_8812", "org-4fz81", "dana", "example.com", "x-ratelimit-reset",
                              "0.00015", "0.02", "Pong", "chatcmpl", "99.99", "degraded",
                              "5d41402abc4b2a76", "dXNlcjpwYXNz", "hunter2", "bench:"}) {
      EXPECT_THAT(f.message, Not(HasSubstr(value))) << format_text(f);
    }
  }
}

TEST(ReviewNeverRecord, CredentialNamesInEverySpelling) {
  for (const char* name : {"XApiKey", "XAPIKEY", "x_apikey", "Api-Key", "accessKey",
                           "client_secret", "Proxy-Authorization", "refresh_token"}) {
    EXPECT_EQ(classify_key(normalize_key(name)), KeyClass::kCredential) << name;
  }
  EXPECT_EQ(normalize_key("XApiKey"), "x_api_key");
  EXPECT_EQ(normalize_key("HTTPStatusCode"), "http_status_code");
}

TEST(ReviewNeverRecord, NamesThatAreNotOnTheList) {
  for (const char* name :
       {"user_agent", "prompt_tokens", "max_tokens", "input_tokens", "response_object_type",
        "http_response_status_code", "request_route", "operation_id", "finish_reason",
        "status_text", "retry_reason", "error_type", "usage_seen"}) {
    EXPECT_EQ(classify_key(normalize_key(name)), KeyClass::kNone) << name;
  }
}

TEST(ReviewNeverRecord, ProseThatOnlyMentionsTheWordsIsNotALeak) {
  EXPECT_THAT(scan(R"({"note": "Basic authentication failed; user@ mention; see docs.example"})"),
              IsEmpty());
  EXPECT_THAT(scan(R"({"url": "https://api.cometapi.com/v1/chat/completions?stream=true"})"),
              IsEmpty());
  EXPECT_THAT(scan(R"({"error_type": "rate_limited", "retry_reason": "retry_after_honored"})"),
              IsEmpty());
  EXPECT_THAT(scan(R"({"note": "retry 2 of 3 after 90% of the deadline"})"), IsEmpty());
}

TEST(ReviewNeverRecord, ValueShapesUnderInnocentNames) {
  EXPECT_THAT(
      scan(R"({"a": "sent as https://x.test/v1?token=abc123", "b": "owner: ops@acme.io",
               "c": "charged 0.40 USD", "d": "SLA met", "e": "data: {\"choices\":[]}",
               "f": "basic YWxhZGRpbjpvcGVuc2VzYW1l"})"),
      ElementsAre(
          line1("credential_in_url",
                "field /a contains a credential in a URL (query parameter token with a value of 6 "
                "chars, redacted)"),
          line1("email_address", "field /b contains an e-mail address (redacted)"),
          line1("billing_field", "field /c contains a price (a currency amount, redacted)"),
          line1("availability_claim",
                "field /d contains an availability or uptime claim (not quoted)"),
          line1("content_field",
                "field /e contains a raw response body (a string of 20 chars, not quoted)"),
          line1("basic_auth",
                "field /f contains HTTP Basic credentials (\"Basic ****\", 24 chars, redacted)")));
}

TEST(ReviewNeverRecord, AnEmailAsAKeyIsRedactedInThePath) {
  EXPECT_THAT(scan(R"({"by_user": {"dana@example.com": 3}})"),
              ElementsAre(line1("identifier_field",
                                "field /by_user holds a customer, account, user or organization "
                                "identifier (an object of 1 key, redacted)")));
  EXPECT_THAT(scan(R"({"seen": {"dana@example.com": 3}})"),
              ElementsAre(line1("email_address",
                                "key of field /seen/<redacted key> contains an e-mail address "
                                "(redacted)")));
}

}  // namespace
}  // namespace cometbench::review
