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

using ::testing::AnyOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr const char* kAttempt =
    R"({"record":"attempt","operation_id":"op-1","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":200,"error_type":null,"retry_decision":"not_retried","retry_reason":"success","backoff_ms":0,"final_outcome":"success")";
constexpr const char* kSummary =
    R"({"record":"summary","operation_id":"op-1","attempts":1,"final_outcome":"success","final_http_response_status_code":200,"total_backoff_ms":0,"elapsed_ms":120})";

ReviewReport review_text(const std::string& text, const ReviewOptions& options = {}) {
  std::istringstream in(text);
  return review_stream(in, "log.jsonl", options);
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

TEST(ReviewRobustness, TenMegabyteLineIsFineUnderALargerLineLimit) {
  const std::string big = std::string(kAttempt) + R"(,"padding":")" + std::string(10U << 20U, 'x') +
                          "\"}\n" + kSummary + "\n";
  ReviewOptions options;
  options.limits.max_line_bytes = 16U << 20U;
  const auto report = review_text(big, options);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.records, 2U);
}

TEST(ReviewRobustness, LineOverTheLimitIsOneFindingAndTheNextLineIsRead) {
  const std::string big = std::string(kAttempt) + R"(,"padding":")" + std::string(2U << 20U, 'x') +
                          "\"}\n" + kAttempt + "}\n" + kSummary + "\n";
  const auto report = review_text(big);
  EXPECT_THAT(report.findings,
              ElementsAre(Finding{"log.jsonl", 1, "line_too_long",
                                  "line of " + std::to_string(big.find('\n')) +
                                      " bytes is longer than the limit of 1048576 bytes "
                                      "(--max-line-bytes); it was skipped unread"}));
  EXPECT_EQ(report.records, 2U);
}

TEST(ReviewRobustness, TenMegabytesOfBinaryGarbageOnOneLineIsOneFinding) {
  EXPECT_THAT(review_text(garbage(10U << 20U, false)).findings,
              ElementsAre(rule_at(1, "line_too_long")));
  ReviewOptions options;
  options.limits.max_line_bytes = 16U << 20U;
  // Random bytes open more brackets than they close.
  const auto report = review_text(garbage(10U << 20U, false), options);
  EXPECT_THAT(report.findings, ElementsAre(rule_at(1, "too_deep")));
  EXPECT_EQ(report.records, 0U);
}

TEST(ReviewRobustness, BinaryGarbageWithNewlinesGivesOneFindingPerLine) {
  const std::string text = garbage(1U << 20U, true);
  ReviewOptions options;
  options.max_findings = 100000;
  const auto report = review_text(text, options);
  std::size_t lines = 0;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) ++lines;
  EXPECT_GT(lines, 1000U);
  EXPECT_EQ(report.findings.size(), lines);
  // Noise that happens to read as `key=value` is an object, but no record.
  for (const auto& f : report.findings) EXPECT_THAT(f.rule, AnyOf("not_json", "unknown_record"));
}

TEST(ReviewRobustness, FindingsBeyondTheLimitAreCountedNotKept) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "x\n";
  ReviewOptions options;
  options.max_findings = 7;
  const auto report = review_text(text, options);
  ASSERT_EQ(report.findings.size(), 7U);
  EXPECT_EQ(report.findings.front().line, 1U);
  EXPECT_EQ(report.findings.back().line, 7U);
  EXPECT_EQ(report.total_findings, 50U);
}

TEST(ReviewRobustness, NumberBeyondADoubleIsOneFindingAndTheReviewGoesOn) {
  // nlohmann throws out_of_range (not parse_error) for it; this once aborted the process.
  const auto report =
      review_text(std::string(R"({"a":1e400})") + "\n" + kAttempt + "}\n" + kSummary + "\n");
  EXPECT_THAT(report.findings,
              ElementsAre(Finding{"log.jsonl", 1, "not_json",
                                  "not JSON: a number beyond the range of a 64-bit float "
                                  "(expected one record per line: a JSON object or logfmt)"}));
  EXPECT_EQ(report.records, 2U);
}

TEST(ReviewRobustness, DeepNestingIsOneFindingWithoutParsing) {
  constexpr std::size_t kDepth = 200000;
  const std::string deep = std::string(R"({"x":)") + std::string(kDepth, '[') +
                           R"("sk-0123456789abcdefghij")" + std::string(kDepth, ']') + "}";
  ReviewOptions options;
  options.limits.max_line_bytes = 1U << 30U;
  EXPECT_THAT(review_text(deep, options).findings,
              ElementsAre(Finding{"log.jsonl", 1, "too_deep",
                                  "nesting deeper than 64 levels at byte 69 (a record is flat; "
                                  "the line was not parsed)"}));
}

TEST(ReviewRobustness, NestingUpToTheLimitIsScannedAndBracketsInStringsDoNotCount) {
  const std::string at_limit = std::string(R"({"x":)") + std::string(63, '[') +
                               R"("[[[{{{ sk-0123456789abcdefghij")" + std::string(63, ']') + "}";
  EXPECT_THAT(review_text(at_limit).findings,
              ElementsAre(rule_at(1, "secret_key"), rule_at(1, "unknown_record")));
}

TEST(ReviewRobustness, SecretsAtEveryLevelGiveBoundedOutput) {
  // Each level held a key, so every finding's path grew with depth: 840 KB of this once
  // printed 903 MB. Now depth is capped and a line shows at most 16 findings.
  std::string line = R"({"x":)";
  for (int i = 0; i < 60; ++i) line += R"(["sk-0123456789abcdefghij",)";
  line += "0" + std::string(60, ']') + "}";
  const auto report = review_text(line);
  ASSERT_EQ(report.findings.size(), 17U);
  EXPECT_EQ(report.findings.back(),
            (Finding{"log.jsonl", 1, "too_many_findings",
                     "45 more findings on this line not shown (at most 16 a line)"}));
}

TEST(ReviewRobustness, DeepNestingOutsideAnObjectIsTooDeep) {
  const auto report = review_text(std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_THAT(report.findings, ElementsAre(rule_at(1, "too_deep")));
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
