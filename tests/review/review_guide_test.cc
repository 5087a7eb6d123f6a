// The review guide's rules on logs written the way other clients write them: each fixture under
// fixtures/review/ is such a log, and each test pins its exact findings.
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

void expect_findings(const std::string& name, const std::vector<Expected>& expected) {
  SCOPED_TRACE(name);
  std::vector<Finding> want;
  for (const auto& e : expected) want.push_back(Finding{name, e.line, e.rule, e.message});
  EXPECT_THAT(review_fixture(name).findings, ElementsAreArray(want));
}

TEST(ReviewGuide, SuccessWithoutAStatusIsNotASuccess) {
  expect_findings(
      "defect_success_without_status.jsonl",
      {{1, "success_without_status",
        "final_outcome \"success\" but \"http_response_status_code\" is null and \"error_type\" is "
        "\"timeout\": no response arrived (a missing status is represented explicitly, as a "
        "failure)"},
       {3, "success_without_status",
        "final_outcome \"success\" but \"http_response_status_code\" is null: no response arrived "
        "(a missing status is represented explicitly, as a failure)"}});
}

TEST(ReviewGuide, SuccessWithA5xxStatus) {
  expect_findings("defect_success_with_error_status.jsonl",
                  {{1, "success_with_error_status",
                    "final_outcome \"success\" but the status is 503 (a 4xx or 5xx answer is a "
                    "failure)"}});
}

TEST(ReviewGuide, SuccessThatNamesAnError) {
  expect_findings("defect_success_with_error.jsonl",
                  {{1, "success_with_error",
                    "final_outcome \"success\" but \"error_type\" is \"invalid_json\" (a success "
                    "has error_type null or \"none\")"}});
}

TEST(ReviewGuide, AuthFailureWhoseOutcomeIsNotAuthError) {
  expect_findings("defect_auth_outcome.jsonl",
                  {{1, "auth_outcome",
                    "status 401 has final_outcome \"caller_error\" (expected \"auth_error\": auth "
                    "failures are sanitized terminal failures)"}});
}

TEST(ReviewGuide, AuthFailureMarkedAsTheLastOfSeveralAttempts) {
  expect_findings("defect_auth_final_attempt.jsonl",
                  {{1, "auth_final_attempt",
                    "status 403 says retry_decision \"final_attempt\" (expected \"not_retried\": "
                    "an auth failure is terminal, not a retryable failure on the last attempt)"}});
}

TEST(ReviewGuide, FinishReasonSeenAndUsageSeenMustBeTrueOrFalse) {
  expect_findings(
      "defect_flags_not_boolean.jsonl",
      {{1, "wrong_type", "\"finish_reason_seen\" must be a boolean (true or false), got null"},
       {2, "wrong_type", "\"finish_reason_seen\" must be a boolean (true or false), got string"},
       {2, "wrong_type", "\"usage_seen\" must be a boolean (true or false), got integer"}});
}

TEST(ReviewGuide, ErrorTypeMustBeAClassNotAMessage) {
  const std::string expected =
      " (expected a short class token: snake_case such as \"timeout\", the status such as "
      "\"503\", or \"none\")";
  expect_findings(
      "defect_error_type_free_text.jsonl",
      {{1, "error_type_free_text", "\"error_type\" is free text, a string of 45 chars" + expected},
       {2, "error_type_free_text", "\"error_type\" is free text, a string of 34 chars" + expected},
       {3, "error_type_free_text",
        "\"error_type\" is free text, a string of 11 chars" + expected}});
}

TEST(ReviewGuide, FinishReasonValueIsATokenOrNull) {
  expect_findings("defect_finish_reason_value.jsonl",
                  {{1, "invalid_value",
                    "\"finish_reason\" is a string of 34 chars (expected a short token such as "
                    "\"stop\" or \"length\", or null)"},
                   {3, "wrong_type", "\"finish_reason\" must be a string or null, got integer"}});
}

TEST(ReviewGuide, TimesThatCannotBeTrue) {
  expect_findings("defect_times.jsonl",
                  {{2, "attempt_starts_too_early",
                    "operation \"c-77\": attempt_index 2 starts at 1500 ms, before attempt_index 1 "
                    "(line 1) ended and waited its backoff: 0 + 35 + 2000 = 2035 ms"},
                   {3, "summary_elapsed_too_short",
                    "operation \"c-77\": summary elapsed_ms 1600 is shorter than the operation's "
                    "attempts: the attempt on line 2 ends at 1640 ms (attempt_start_ms + "
                    "attempt_duration_ms)"}});
}

TEST(ReviewGuide, OneIndexConventionPerOperation) {
  expect_findings("defect_index_mixed.jsonl",
                  {{2, "attempt_index_mixed",
                    "operation \"op-1\": attempt_index 0 in an operation whose first attempt "
                    "(line 1) has attempt_index 1: one convention per operation, zero-based or "
                    "one-based"}});
}

TEST(ReviewGuide, ForeignLogfmtLogIsReadAndChecked) {
  expect_findings(
      "defect_logfmt.logfmt",
      {{1, "error_type_free_text",
        "\"error_type\" is free text, a string of 21 chars (expected a short class token: "
        "snake_case such as \"timeout\", the status such as \"503\", or \"none\")"},
       {2, "wrong_type", "\"usage_seen\" must be a boolean (true or false), got string"},
       {4, "not_json",
        "neither JSON nor logfmt: at byte 49, wanted a closing quote (expected one record per "
        "line: a JSON object or logfmt)"}});
}

}  // namespace
}  // namespace cometbench::review
