#pragma once

#include <span>
#include <string_view>

namespace cometbench::review {

/// Stable rule ids. Scripts match on them, so an id is never renamed; docs/review.md explains
/// each one with an example.
namespace rules {
// The line itself.
inline constexpr std::string_view kNotJson = "not_json";
inline constexpr std::string_view kUnknownRecord = "unknown_record";
inline constexpr std::string_view kLineTooLong = "line_too_long";
inline constexpr std::string_view kTooDeep = "too_deep";
inline constexpr std::string_view kTooManyFindings = "too_many_findings";
// Fields of one record.
inline constexpr std::string_view kMissingField = "missing_field";
inline constexpr std::string_view kWrongType = "wrong_type";
inline constexpr std::string_view kInvalidValue = "invalid_value";
inline constexpr std::string_view kInvalidStatus = "invalid_status";
inline constexpr std::string_view kStatusWithTransportError = "status_with_transport_error";
inline constexpr std::string_view kRetriedWithoutBackoff = "retried_without_backoff";
inline constexpr std::string_view kErrorTypeFreeText = "error_type_free_text";
// The outcome of one attempt against its status and error.
inline constexpr std::string_view kSuccessWithoutStatus = "success_without_status";
inline constexpr std::string_view kSuccessWithErrorStatus = "success_with_error_status";
inline constexpr std::string_view kSuccessWithError = "success_with_error";
inline constexpr std::string_view kAuthRetried = "auth_retried";
inline constexpr std::string_view kAuthOutcome = "auth_outcome";
inline constexpr std::string_view kAuthFinalAttempt = "auth_final_attempt";
// The attempts of one operation.
inline constexpr std::string_view kAttemptIndexStart = "attempt_index_start";
inline constexpr std::string_view kAttemptIndexGap = "attempt_index_gap";
inline constexpr std::string_view kAttemptIndexDuplicate = "attempt_index_duplicate";
inline constexpr std::string_view kAttemptIndexOrder = "attempt_index_order";
inline constexpr std::string_view kRetryNotMarked = "retry_not_marked";
inline constexpr std::string_view kLastAttemptRetried = "last_attempt_retried";
inline constexpr std::string_view kAttemptIndexMixed = "attempt_index_mixed";
inline constexpr std::string_view kAttemptAfterSummary = "attempt_after_summary";
inline constexpr std::string_view kAttemptStartsTooEarly = "attempt_starts_too_early";
// The summary of one operation.
inline constexpr std::string_view kSummaryMissing = "summary_missing";
inline constexpr std::string_view kSummaryDuplicate = "summary_duplicate";
inline constexpr std::string_view kSummaryAttemptsMismatch = "summary_attempts_mismatch";
inline constexpr std::string_view kSummaryStatusMismatch = "summary_status_mismatch";
inline constexpr std::string_view kSummaryOutcomeMismatch = "summary_outcome_mismatch";
inline constexpr std::string_view kSummaryBackoffMismatch = "summary_backoff_mismatch";
inline constexpr std::string_view kSummaryElapsedTooShort = "summary_elapsed_too_short";
// Data that must never be in a record.
inline constexpr std::string_view kBearerToken = "bearer_token";
inline constexpr std::string_view kSecretKey = "secret_key";
inline constexpr std::string_view kCredentialField = "credential_field";
inline constexpr std::string_view kContentField = "content_field";
inline constexpr std::string_view kBasicAuth = "basic_auth";
inline constexpr std::string_view kCredentialInUrl = "credential_in_url";
inline constexpr std::string_view kBillingField = "billing_field";
inline constexpr std::string_view kIdentifierField = "identifier_field";
inline constexpr std::string_view kEmailAddress = "email_address";
inline constexpr std::string_view kRateLimitField = "rate_limit_field";
inline constexpr std::string_view kAvailabilityClaim = "availability_claim";
// The log against what the mock server received (review --journal).
inline constexpr std::string_view kJournalRequestUnrecorded = "journal_request_unrecorded";
inline constexpr std::string_view kJournalRecordWithoutRequest = "journal_record_without_request";
inline constexpr std::string_view kJournalStatusMismatch = "journal_status_mismatch";
inline constexpr std::string_view kJournalOperationUnrecorded = "journal_operation_unrecorded";
}  // namespace rules

struct RuleInfo {
  std::string_view id;
  std::string_view summary;
};

/// Every rule, in the order docs/review.md presents them.
std::span<const RuleInfo> all_rules();

}  // namespace cometbench::review
