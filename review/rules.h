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
// Fields of one record.
inline constexpr std::string_view kMissingField = "missing_field";
inline constexpr std::string_view kWrongType = "wrong_type";
inline constexpr std::string_view kInvalidValue = "invalid_value";
inline constexpr std::string_view kInvalidStatus = "invalid_status";
inline constexpr std::string_view kStatusWithTransportError = "status_with_transport_error";
inline constexpr std::string_view kRetriedWithoutBackoff = "retried_without_backoff";
inline constexpr std::string_view kAuthRetried = "auth_retried";
// The attempts of one operation.
inline constexpr std::string_view kAttemptIndexStart = "attempt_index_start";
inline constexpr std::string_view kAttemptIndexGap = "attempt_index_gap";
inline constexpr std::string_view kAttemptIndexDuplicate = "attempt_index_duplicate";
inline constexpr std::string_view kAttemptIndexOrder = "attempt_index_order";
inline constexpr std::string_view kRetryNotMarked = "retry_not_marked";
inline constexpr std::string_view kLastAttemptRetried = "last_attempt_retried";
inline constexpr std::string_view kAttemptAfterSummary = "attempt_after_summary";
// The summary of one operation.
inline constexpr std::string_view kSummaryMissing = "summary_missing";
inline constexpr std::string_view kSummaryDuplicate = "summary_duplicate";
inline constexpr std::string_view kSummaryAttemptsMismatch = "summary_attempts_mismatch";
inline constexpr std::string_view kSummaryStatusMismatch = "summary_status_mismatch";
inline constexpr std::string_view kSummaryOutcomeMismatch = "summary_outcome_mismatch";
inline constexpr std::string_view kSummaryBackoffMismatch = "summary_backoff_mismatch";
// Data that must never be in a record.
inline constexpr std::string_view kBearerToken = "bearer_token";
inline constexpr std::string_view kSecretKey = "secret_key";
inline constexpr std::string_view kCredentialField = "credential_field";
inline constexpr std::string_view kContentField = "content_field";
inline constexpr std::string_view kBillingField = "billing_field";
}  // namespace rules

struct RuleInfo {
  std::string_view id;
  std::string_view summary;
};

/// Every rule, in the order docs/review.md presents them.
std::span<const RuleInfo> all_rules();

}  // namespace cometbench::review
