#include "review/rules.h"

#include <array>

namespace cometbench::review {

namespace {
using namespace rules;

constexpr std::array kRules{
    RuleInfo{kNotJson, "a line is empty or neither a JSON object nor logfmt"},
    RuleInfo{kUnknownRecord, "an object is neither an attempt nor a summary"},
    RuleInfo{kLineTooLong, "a line is longer than --max-line-bytes"},
    RuleInfo{kTooDeep, "a line nests deeper than 64 levels"},
    RuleInfo{kTooManyFindings, "a line has more findings than are shown for one line"},
    RuleInfo{kMissingField, "a required field is absent"},
    RuleInfo{kWrongType, "a field has the wrong JSON type"},
    RuleInfo{kInvalidValue, "a field's value is outside its allowed set or range"},
    RuleInfo{kInvalidStatus, "a status code is not null and not an integer from 100 to 599"},
    RuleInfo{kStatusWithTransportError, "a transport error (no response) carries a status code"},
    RuleInfo{kRetriedWithoutBackoff, "a retried attempt has no backoff_ms"},
    RuleInfo{kErrorTypeFreeText, "error_type is free text, not a short class token"},
    RuleInfo{kSuccessWithoutStatus, "a success has no status (null)"},
    RuleInfo{kSuccessWithErrorStatus, "a success has a 4xx or 5xx status"},
    RuleInfo{kSuccessWithError, "a success names an error_type"},
    RuleInfo{kAuthRetried, "a 401/403 or auth_error attempt was retried"},
    RuleInfo{kAuthOutcome, "a 401/403 attempt's final_outcome is not auth_error"},
    RuleInfo{kAuthFinalAttempt, "a 401/403 or auth_error attempt says final_attempt"},
    RuleInfo{kAttemptIndexStart, "an operation's first attempt_index is not 0 or 1"},
    RuleInfo{kAttemptIndexGap, "attempt_index skips a number"},
    RuleInfo{kAttemptIndexDuplicate, "attempt_index repeats within an operation"},
    RuleInfo{kAttemptIndexOrder, "attempt_index goes backwards"},
    RuleInfo{kAttemptIndexMixed, "an operation mixes zero-based and one-based attempt_index"},
    RuleInfo{kRetryNotMarked, "an attempt followed by another one does not say retried"},
    RuleInfo{kLastAttemptRetried, "an operation's last attempt says retried"},
    RuleInfo{kAttemptAfterSummary, "an attempt comes after its operation's summary"},
    RuleInfo{kAttemptStartsTooEarly, "an attempt starts before the previous one ended + backoff"},
    RuleInfo{kSummaryMissing, "an operation with attempts has no summary"},
    RuleInfo{kSummaryDuplicate, "an operation has more than one summary"},
    RuleInfo{kSummaryAttemptsMismatch, "summary attempts differs from the attempt records"},
    RuleInfo{kSummaryStatusMismatch, "summary final status differs from the last attempt's"},
    RuleInfo{kSummaryOutcomeMismatch, "summary final_outcome differs from the last attempt's"},
    RuleInfo{kSummaryBackoffMismatch, "total_backoff_ms differs from the retried backoffs' sum"},
    RuleInfo{kSummaryElapsedTooShort, "elapsed_ms ends before an attempt of the operation"},
    RuleInfo{kBearerToken, "a string holds a Bearer token"},
    RuleInfo{kBasicAuth, "a string holds HTTP Basic credentials"},
    RuleInfo{kSecretKey, "a string holds an sk- style API key"},
    RuleInfo{kCredentialInUrl, "a URL holds a credential (?api_key=, user:password@)"},
    RuleInfo{kCredentialField, "a credential-named field has a value"},
    RuleInfo{kContentField, "a prompt/completion/response/body field or a raw body"},
    RuleInfo{kBillingField, "a price/cost/quota/balance field, or a price in a string"},
    RuleInfo{kRateLimitField, "a rate-limit field or an x-ratelimit-* header"},
    RuleInfo{kIdentifierField, "a customer/account/user/organization identifier field"},
    RuleInfo{kEmailAddress, "a string holds an e-mail address"},
    RuleInfo{kAvailabilityClaim, "an availability or uptime claim"},
    RuleInfo{kJournalRequestUnrecorded, "the mock received a request no attempt record shows"},
    RuleInfo{kJournalRecordWithoutRequest, "an attempt record matches no request the mock got"},
    RuleInfo{kJournalStatusMismatch, "an attempt's status differs from the mock's answer"},
    RuleInfo{kJournalOperationUnrecorded, "the mock received an operation the log lacks"},
};
}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

}  // namespace cometbench::review
