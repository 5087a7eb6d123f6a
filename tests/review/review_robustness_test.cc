// Hostile or odd input must never crash the reviewer or stop it early: it reads logs written
// by clients we do not control.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>

#include "review/review.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr const char* kAttempt =
    R"({"record":"attempt","operation_id":"op-1","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":200,"error_type":null,"retry_decision":"not_retried","retry_reason":"success","backoff_ms":0,"final_outcome":"success")";
constexpr const char* kSummary =
    R"({"record":"summary","operation_id":"op-1","attempts":1,"final_outcome":"success","final_http_response_status_code":200,"total_backoff_ms":0,"elapsed_ms":120})";

ReviewReport review_text(const std::string& text) {
  std::istringstream in(text);
  return review_stream(in, "log.jsonl");
}

// Deterministic bytes (an LCG of our own: std distributions differ between libraries).
std::string garbage(std::size_t size, bool with_newlines) {
  std::string out(size, '\0');
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (auto& c : out) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    c = static_cast<char>(state >> 56);
    if (!with_newlines && c == '\n') c = 'x';
  }
  return out;
}

auto rule_at(std::size_t line, const std::string& rule) {
  return ::testing::AllOf(Field(&Finding::line, line), Field(&Finding::rule, rule));
}

TEST(ReviewRobustness, TenMegabyteLineInAnExtraFieldIsFine) {
  const std::string big = std::string(kAttempt) + R"(,"padding":")" + std::string(10U << 20U, 'x') +
                          "\"}\n" + kSummary + "\n";
  const auto report = review_text(big);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.records, 2U);
}

TEST(ReviewRobustness, TenMegabytesOfBinaryGarbageOnOneLineIsOneFinding) {
  const auto report = review_text(garbage(10U << 20U, false));
  EXPECT_THAT(report.findings, ElementsAre(rule_at(1, "not_json")));
  EXPECT_EQ(report.records, 0U);
}

TEST(ReviewRobustness, BinaryGarbageWithNewlinesGivesOneFindingPerLine) {
  const std::string text = garbage(1U << 20U, true);
  const auto report = review_text(text);
  std::size_t lines = 0;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_GT(lines, 1000U);
  EXPECT_EQ(report.findings.size(), lines);
  for (const auto& f : report.findings) EXPECT_EQ(f.rule, "not_json");
}

TEST(ReviewRobustness, DeepNestingInsideARecordDoesNotExhaustTheStack) {
  constexpr std::size_t kDepth = 200000;
  const std::string deep = std::string(R"({"x":)") + std::string(kDepth, '[') +
                           R"("sk-0123456789abcdefghij")" + std::string(kDepth, ']') + "}";
  const auto report = review_text(deep);
  EXPECT_THAT(report.findings, ElementsAre(rule_at(1, "secret_key"), rule_at(1, "unknown_record")));
}

TEST(ReviewRobustness, DeepNestingOutsideAnObjectIsNotJsonObject) {
  const auto report = review_text(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_THAT(report.findings, ElementsAre(rule_at(1, "not_json")));
}

TEST(ReviewRobustness, CrLfLineEndingsAndAMissingFinalNewlineAreFine) {
  const auto report = review_text(std::string(kAttempt) + "}\r\n" + kSummary);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.records, 2U);
}

TEST(ReviewRobustness, BlankLineAtTheEndIsAFindingButTheFinalNewlineIsNot) {
  const auto report = review_text(std::string(kAttempt) + "}\n" + kSummary + "\n\n");
  EXPECT_THAT(report.findings, ElementsAre(rule_at(3, "not_json")));
}

TEST(ReviewRobustness, InvalidUtf8NanAndTrailingGarbageAreNotJson) {
  const auto report = review_text("{\"a\":\"\xff\xfe\"}\n{\"a\":NaN}\n{\"a\":1} x\n");
  EXPECT_THAT(report.findings,
              ElementsAre(rule_at(1, "not_json"), rule_at(2, "not_json"), rule_at(3, "not_json")));
}

TEST(ReviewRobustness, EmptyLogHasNoRecordsAndNoFindings) {
  EXPECT_EQ(review_text(""), (ReviewReport{{}, 0, 0}));
}

TEST(ReviewRobustness, ExtremeIntegersDoNotOverflow) {
  const std::string max = "9223372036854775807";
  const std::string text =
      R"({"operation_id":"op-1","attempt_index":)" + max +
      R"(,"request_route":"/","http_request_method":"POST","http_response_status_code":18446744073709551615,"retry_decision":"retried","retry_reason":"x","backoff_ms":)" +
      max + R"(,"final_outcome":"unknown"})" + "\n" + R"({"operation_id":"op-1","attempt_index":)" +
      max +
      R"(,"request_route":"/","http_request_method":"POST","http_response_status_code":null,"retry_decision":"retried","retry_reason":"x","backoff_ms":)" +
      max + R"(,"final_outcome":"unknown"})" + "\n" +
      R"({"operation_id":"op-1","attempts":18446744073709551615,"final_outcome":"unknown","final_http_response_status_code":null,"total_backoff_ms":1})" +
      "\n";
  const auto report = review_text(text);
  EXPECT_THAT(report.findings,
              ElementsAre(rule_at(1, "invalid_status"), rule_at(1, "attempt_index_start"),
                          rule_at(2, "attempt_index_duplicate"), rule_at(2, "last_attempt_retried"),
                          rule_at(3, "invalid_value")));
}

TEST(ReviewRobustness, BareRecordReportsEveryMissingFieldInRecordOrder) {
  const auto report = review_text(R"({"record":"attempt"})");
  std::vector<std::string> missing;
  for (const auto& f : report.findings) {
    EXPECT_EQ(f.rule, "missing_field");
    missing.push_back(f.message);
  }
  EXPECT_THAT(
      missing,
      ElementsAre("attempt is missing \"operation_id\"", "attempt is missing \"attempt_index\"",
                  "attempt is missing \"request_route\"",
                  "attempt is missing \"http_request_method\"",
                  "attempt is missing \"http_response_status_code\"",
                  "attempt is missing \"retry_decision\"", "attempt is missing \"retry_reason\"",
                  "attempt is missing \"final_outcome\""));
}

}  // namespace
}  // namespace cometbench::review
