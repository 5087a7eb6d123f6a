// Each fixture under fixtures/review/defect_*.jsonl seeds one defect into an otherwise
// realistic log; each test pins the exact findings, so a rule that stops firing, fires twice
// or changes its wording fails here.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAreArray;
using testing::review_fixture;

struct Expected {
  std::size_t line;
  std::string rule;
  std::string message;
};

class ReviewOfSeededDefect : public ::testing::Test {
 protected:
  // The findings for fixtures/review/NAME must be exactly `expected`, in order.
  static void expect_findings(const std::string& name, const std::vector<Expected>& expected) {
    SCOPED_TRACE(name);
    std::vector<Finding> want;
    for (const auto& e : expected) want.push_back(Finding{name, e.line, e.rule, e.message});
    EXPECT_THAT(review_fixture(name).findings, ElementsAreArray(want));
  }
};

TEST_F(ReviewOfSeededDefect, MissingFirstAttemptIsReportedWithTheCountMismatch) {
  expect_findings("defect_missing_attempt.jsonl",
                  {{1, "attempt_index_start",
                    "operation \"op-1\": first attempt has attempt_index 2 (expected 1, or 0 "
                    "when zero-based; earlier attempts are missing)"},
                   {3, "summary_attempts_mismatch",
                    "operation \"op-1\": summary says 3 attempts but the log has 2 "
                    "attempt records"}});
}

TEST_F(ReviewOfSeededDefect, IndexGapNamesTheExpectedIndex) {
  expect_findings(
      "defect_index_gap.jsonl",
      {{2, "attempt_index_gap", "operation \"op-1\": attempt_index 3 follows 1 (expected 2)"}});
}

TEST_F(ReviewOfSeededDefect, DuplicateIndexPointsAtTheFirstOccurrence) {
  expect_findings("defect_index_duplicate.jsonl",
                  {{2, "attempt_index_duplicate",
                    "operation \"op-1\": attempt_index 1 appears again (first on line "
                    "1)"}});
}

TEST_F(ReviewOfSeededDefect, IndexGoingBackwardsIsOutOfOrder) {
  expect_findings(
      "defect_index_order.jsonl",
      {{1, "attempt_index_start",
        "operation \"op-1\": first attempt has attempt_index 2 (expected 1, or 0 when "
        "zero-based; earlier attempts are missing)"},
       {2, "attempt_index_order", "operation \"op-1\": attempt_index 1 follows 2 (expected 3)"}});
}

TEST_F(ReviewOfSeededDefect, MissingRequiredFieldIsNamed) {
  expect_findings("defect_missing_field.jsonl",
                  {{1, "missing_field", "attempt is missing \"retry_reason\""}});
}

TEST_F(ReviewOfSeededDefect, WrongTypesAreReportedAndNotCheckedFurther) {
  expect_findings(
      "defect_wrong_type.jsonl",
      {{1, "wrong_type", "\"attempt_index\" must be an integer, got string"},
       {1, "wrong_type", "\"http_response_status_code\" must be an integer or null, got string"}});
}

TEST_F(ReviewOfSeededDefect, ValuesOutsideTheirSetsAreInvalid) {
  expect_findings("defect_invalid_value.jsonl",
                  {{1, "invalid_value",
                    "\"retry_decision\" is \"retry\" (expected retried, not_retried or "
                    "final_attempt)"},
                   {1, "invalid_value",
                    "\"retry_reason\" is \"Retryable Status\" (expected a snake_case token "
                    "such as \"retryable_status\")"},
                   {2, "invalid_value",
                    "\"final_outcome\" is \"ok\" (expected success, caller_error, auth_error, "
                    "transient_failure, cancelled or unknown)"}});
}

TEST_F(ReviewOfSeededDefect, RetriedAttemptWithoutBackoff) {
  expect_findings("defect_retried_without_backoff.jsonl",
                  {{1, "retried_without_backoff",
                    "retry_decision \"retried\" without \"backoff_ms\" (expected the "
                    "delay before the next attempt, 0 or more)"}});
}

TEST_F(ReviewOfSeededDefect, LastAttemptSayingRetried) {
  expect_findings("defect_last_attempt_retried.jsonl",
                  {{2, "last_attempt_retried",
                    "operation \"op-1\": the last attempt (attempt_index 2) says "
                    "\"retried\" but no attempt follows"}});
}

TEST_F(ReviewOfSeededDefect, AttemptFollowedByAnotherMustSayRetried) {
  expect_findings("defect_retry_not_marked.jsonl",
                  {{1, "retry_not_marked",
                    "operation \"op-1\": attempt_index 1 is followed by another attempt "
                    "(line 2) but says \"final_attempt\" (expected \"retried\")"}});
}

TEST_F(ReviewOfSeededDefect, SummaryAttemptCountMismatch) {
  expect_findings("defect_summary_attempts_mismatch.jsonl",
                  {{3, "summary_attempts_mismatch",
                    "operation \"op-1\": summary says 3 attempts but the log has 2 "
                    "attempt records"}});
}

TEST_F(ReviewOfSeededDefect, SummaryFinalStatusMismatch) {
  expect_findings("defect_summary_status_mismatch.jsonl",
                  {{3, "summary_status_mismatch",
                    "operation \"op-1\": summary final_http_response_status_code 503 "
                    "differs from the last attempt's http_response_status_code 200 "
                    "(line 2)"}});
}

TEST_F(ReviewOfSeededDefect, SummaryOutcomeMismatch) {
  expect_findings("defect_summary_outcome_mismatch.jsonl",
                  {{3, "summary_outcome_mismatch",
                    "operation \"op-1\": summary final_outcome \"success\" differs from "
                    "the last attempt's \"transient_failure\" (line 2)"}});
}

TEST_F(ReviewOfSeededDefect, SummaryBackoffMismatch) {
  expect_findings("defect_summary_backoff_mismatch.jsonl",
                  {{4, "summary_backoff_mismatch",
                    "operation \"op-1\": summary total_backoff_ms 1000 differs from the "
                    "sum of the retried attempts' backoff_ms, 1500"}});
}

TEST_F(ReviewOfSeededDefect, RetriedAuthFailure) {
  expect_findings("defect_auth_retried.jsonl",
                  {{1, "auth_retried", "status 401 was retried (auth failures are terminal)"}});
}

TEST_F(ReviewOfSeededDefect, MadeUpStatusForATimeout) {
  expect_findings("defect_made_up_status.jsonl",
                  {{1, "status_with_transport_error",
                    "\"error_type\" \"timeout\" means no response arrived, but "
                    "\"http_response_status_code\" is 0 (expected null)"}});
}

TEST_F(ReviewOfSeededDefect, StatusOutsideTheHttpRange) {
  expect_findings("defect_invalid_status.jsonl",
                  {{1, "invalid_status",
                    "\"http_response_status_code\" is -1, not an HTTP status (100-599); "
                    "a missing status must be null"},
                   {2, "invalid_status",
                    "\"final_http_response_status_code\" is -1, not an HTTP status "
                    "(100-599); a missing status must be null"}});
}

TEST_F(ReviewOfSeededDefect, LinesThatAreNotJsonObjectsAndTheReviewGoesOn) {
  expect_findings(
      "defect_not_json.jsonl",
      {{2, "not_json",
        "neither JSON nor logfmt: at byte 8, wanted '=' after the key (expected one record per "
        "line: a JSON object or logfmt)"},
       {3, "not_json", "empty line (expected one record per line: a JSON object or logfmt)"},
       {4, "not_json",
        "a JSON array, not an object (expected one record per line: a JSON object or logfmt)"}});
}

TEST_F(ReviewOfSeededDefect, OperationWithoutSummary) {
  expect_findings(
      "defect_missing_summary.jsonl",
      {{4, "summary_missing", "operation \"op-2\": no summary record after its 2 attempts"}});
}

TEST_F(ReviewOfSeededDefect, SecondSummary) {
  expect_findings(
      "defect_summary_duplicate.jsonl",
      {{3, "summary_duplicate", "operation \"op-1\": second summary (first on line 2)"}});
}

TEST_F(ReviewOfSeededDefect, AttemptAfterItsSummary) {
  expect_findings("defect_attempt_after_summary.jsonl",
                  {{3, "attempt_after_summary",
                    "operation \"op-1\": attempt_index 2 comes after the operation's "
                    "summary (line 2)"}});
}

TEST_F(ReviewOfSeededDefect, ObjectsThatAreNeitherAttemptNorSummary) {
  expect_findings(
      "defect_unknown_record.jsonl",
      {{2, "unknown_record", "\"record\" is \"trace\" (expected \"attempt\" or \"summary\")"},
       {3, "unknown_record",
        "object has no \"record\", \"attempt_index\" or \"attempts\" key, "
        "so it is neither an attempt nor a summary"}});
}

}  // namespace
}  // namespace cometbench::review
