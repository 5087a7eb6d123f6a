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

TEST(GoldenTest, NamesTheFirstDifferingRecordFieldByField) {
  const std::string golden_changed =
      R"({"record":"attempt","operation_id":"op-x-0001","attempt_index":2,"backoff_ms":1000,"extra":1})";
  const GoldenComparison c = compare_with_golden(
      {kAttempt1, kAttempt2, kSummary}, kAttempt1 + "\n" + golden_changed + "\n" + kSummary + "\n");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation,
            "record 2 (attempt op-x-0001 #2) differs:\n"
            "  backoff_ms: golden 1000, actual 0\n"
            "  extra: golden 1, actual (missing)");
}

TEST(GoldenTest, ReportsAFieldOnlyTheRunHas) {
  const std::string actual =
      R"({"record":"summary","operation_id":"op-x-0001","attempts":2,"elapsed_ms":7})";
  const GoldenComparison c = compare_with_golden({actual}, kSummary + "\n");
  EXPECT_EQ(c.explanation,
            "record 1 (summary op-x-0001) differs:\n"
            "  elapsed_ms: golden (missing), actual 7");
}

TEST(GoldenTest, KeyOrderChangeIsADifferenceOfBytes) {
  const std::string reordered = R"({"operation_id":"op-x-0001","record":"summary","attempts":2})";
  const GoldenComparison c = compare_with_golden({reordered}, kSummary + "\n");
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation,
            "record 1 (summary op-x-0001) differs:\n"
            "  same fields and values, different bytes (key order or formatting)\n"
            "  golden: " +
                kSummary + "\n  actual: " + reordered);
}

TEST(GoldenTest, MissingRecordsAreNamed) {
  const GoldenComparison c = compare_with_golden({kAttempt1}, kAttempt1 + "\n" + kSummary + "\n");
  EXPECT_EQ(c.explanation,
            "the run produced 1 records, the golden has 2; first missing record 2: " + kSummary);
}

TEST(GoldenTest, ExtraRecordsAreNamed) {
  const GoldenComparison c = compare_with_golden({kAttempt1, kSummary}, kAttempt1 + "\n");
  EXPECT_EQ(c.explanation,
            "the run produced 2 records, the golden has 1; first extra record 2: " + kSummary);
}

TEST(GoldenTest, GoldenWithoutFinalNewlineDiffers) {
  const GoldenComparison c = compare_with_golden({kSummary}, kSummary);
  EXPECT_FALSE(c.equal);
  EXPECT_EQ(c.explanation, "the golden file does not end with a newline");
}

TEST(GoldenTest, GoldenLineThatIsNotJsonIsShown) {
  const GoldenComparison c = compare_with_golden({kSummary}, "garbage\n");
  EXPECT_EQ(c.explanation, "golden line 1 is not a JSON object: garbage");
}

TEST(GoldenTest, GoldenTextEndsEveryLineWithNewline) {
  EXPECT_EQ(golden_text_for({"a", "b"}), "a\nb\n");
  EXPECT_EQ(golden_text_for({}), "");
}

}  // namespace
}  // namespace cometbench::runner
