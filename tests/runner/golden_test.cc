#include "runner/golden.h"

#include <gtest/gtest.h>

namespace cometbench::runner {
namespace {

const std::string kAttempt1 =
    R"({"record":"attempt","operation_id":"op-x-0001","attempt_index":1,"backoff_ms":500})";
const std::string kAttempt2 =
    R"({"record":"attempt","operation_id":"op-x-0001","attempt_index":2,"backoff_ms":0})";
const std::string kSummary = R"({"record":"summary","operation_id":"op-x-0001","attempts":2})";

TEST(GoldenTest, IdenticalBytesAreEqual) {
  const GoldenComparison c =
      compare_with_golden({kAttempt1, kSummary}, kAttempt1 + "\n" + kSummary + "\n");
  EXPECT_TRUE(c.equal);
  EXPECT_EQ(c.explanation, "");
}

TEST(GoldenTest, ListsTheChangedFieldsOfADifferingRecord) {
  const std::string golden_changed =
      R"({"record":"attempt","operation_id":"op-x-0001","attempt_index":2,"backoff_ms":1000,"extra":1})";
  const GoldenComparison c = compare_with_golden(
      {kAttempt1, kAttempt2, kSummary}, kAttempt1 + "\n" + golden_changed + "\n" + kSummary + "\n");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation,
            "1 record differs (the golden has 3, the run 3):\n"
            "  record 2 (attempt op-x-0001 #2):\n"
            "    backoff_ms: golden 1000, actual 0\n"
            "    extra: golden 1, actual (missing)");
}

TEST(GoldenTest, ShowsEveryDifferingRecordNotOnlyTheFirst) {
  const std::string golden1 =
      R"({"record":"attempt","operation_id":"op-x-0001","attempt_index":1,"backoff_ms":400})";
  const std::string golden_summary =
      R"({"record":"summary","operation_id":"op-x-0001","attempts":3})";
  const GoldenComparison c = compare_with_golden(
      {kAttempt1, kAttempt2, kSummary}, golden1 + "\n" + kAttempt2 + "\n" + golden_summary + "\n");
  EXPECT_EQ(c.explanation,
            "2 records differ (the golden has 3, the run 3):\n"
            "  record 1 (attempt op-x-0001 #1):\n"
            "    backoff_ms: golden 400, actual 500\n"
            "  record 3 (summary op-x-0001):\n"
            "    attempts: golden 3, actual 2");
}

TEST(GoldenTest, ReportsAFieldOnlyTheRunHas) {
  const std::string actual =
      R"({"record":"summary","operation_id":"op-x-0001","attempts":2,"elapsed_ms":7})";
  const GoldenComparison c = compare_with_golden({actual}, kSummary + "\n");
  EXPECT_EQ(c.explanation,
            "1 record differs (the golden has 1, the run 1):\n"
            "  record 1 (summary op-x-0001):\n"
            "    elapsed_ms: golden (missing), actual 7");
}

TEST(GoldenTest, KeyOrderChangeIsADifferenceOfBytes) {
  const std::string reordered = R"({"operation_id":"op-x-0001","record":"summary","attempts":2})";
  const GoldenComparison c = compare_with_golden({reordered}, kSummary + "\n");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation,
            "1 record differs (the golden has 1, the run 1):\n"
            "  record 1 (summary op-x-0001): same fields and values, different bytes (key order "
            "or formatting)\n"
            "    golden: " +
                kSummary + "\n    actual: " + reordered);
}

TEST(GoldenTest, AMissingRecordIsOneDifferenceAndTheRecordsAfterItStillPair) {
  const GoldenComparison c = compare_with_golden(
      {kAttempt1, kSummary}, kAttempt1 + "\n" + kAttempt2 + "\n" + kSummary + "\n");
  EXPECT_EQ(c.explanation,
            "1 record differs (the golden has 3, the run 2):\n"
            "  golden record 2 (attempt op-x-0001 #2): missing from the run\n"
            "    " +
                kAttempt2);
}

TEST(GoldenTest, AnExtraRecordIsOneDifference) {
  const GoldenComparison c =
      compare_with_golden({kAttempt1, kAttempt2, kSummary}, kAttempt1 + "\n" + kSummary + "\n");
  EXPECT_EQ(c.explanation,
            "1 record differs (the golden has 2, the run 3):\n"
            "  record 2 (attempt op-x-0001 #2): not in the golden\n"
            "    " +
                kAttempt2);
}

TEST(GoldenTest, GoldenWithoutFinalNewlineDiffers) {
  const GoldenComparison c = compare_with_golden({kSummary}, kSummary);
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation, "the golden file does not end with a newline");
}

TEST(GoldenTest, GoldenLineThatIsNotJsonIsShown) {
  const GoldenComparison c = compare_with_golden({kSummary}, "garbage\n");
  EXPECT_EQ(c.explanation,
            "2 records differ (the golden has 1, the run 1):\n"
            "  golden line 1: not a JSON object\n"
            "    garbage\n"
            "  record 1 (summary op-x-0001): not in the golden\n"
            "    " +
                kSummary);
}

TEST(GoldenTest, AGoldenDifferingOnlyInLineEndingsSaysCrlf) {
  const GoldenComparison c =
      compare_with_golden({kAttempt1, kSummary}, kAttempt1 + "\r\n" + kSummary + "\r\n");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation,
            "the golden has CRLF line endings (\\r\\n) where the run writes LF (\\n), as a "
            "checkout that converts line endings leaves it; .gitattributes should keep goldens "
            "byte-exact (`*.golden.jsonl -text`); the records are otherwise identical");
}

TEST(GoldenTest, ACrlfGoldenWithOtherChangesIsComparedWithoutTheCarriageReturns) {
  const GoldenComparison c = compare_with_golden({kAttempt1}, kSummary + "\r\n");
  EXPECT_EQ(c.explanation,
            "the golden has CRLF line endings (\\r\\n) where the run writes LF (\\n), as a "
            "checkout that converts line endings leaves it; .gitattributes should keep goldens "
            "byte-exact (`*.golden.jsonl -text`); compared without them:\n"
            "2 records differ (the golden has 1, the run 1):\n"
            "  golden record 1 (summary op-x-0001): missing from the run\n"
            "    " +
                kSummary +
                "\n"
                "  record 1 (attempt op-x-0001 #1): not in the golden\n"
                "    " +
                kAttempt1);
}

TEST(GoldenTest, ListsAtMostTheLimitButCountsEveryDifference) {
  std::vector<std::string> actual;
  std::string golden;
  for (std::size_t i = 1; i <= kMaxListedRecords + 5; ++i) {
    const std::string index = std::to_string(i);
    actual.push_back(R"({"record":"attempt","attempt_index":)" + index + R"(,"backoff_ms":1})");
    golden += R"({"record":"attempt","attempt_index":)" + index + R"(,"backoff_ms":2})" + "\n";
  }
  const GoldenComparison c = compare_with_golden(actual, golden);
  EXPECT_EQ(c.explanation.substr(0, c.explanation.find('\n')),
            "25 records differ (the golden has 25, the run 25):");
  EXPECT_TRUE(
      c.explanation.ends_with("  record 20 (attempt #20):\n"
                              "    backoff_ms: golden 2, actual 1\n"
                              "  ... and 5 more"))
      << c.explanation;
}

TEST(GoldenTest, GoldenTextEndsEveryLineWithNewline) {
  EXPECT_EQ(golden_text_for({"a", "b"}), "a\nb\n");
  EXPECT_EQ(golden_text_for({}), "");
}

}  // namespace
}  // namespace cometbench::runner
