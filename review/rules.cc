#include "review/rules.h"

#include <array>

namespace cometbench::review {

namespace {
using namespace rules;

constexpr std::array kRules{
    RuleInfo{kNotJson, "a line is empty or not a JSON object"},
    RuleInfo{kUnknownRecord, "an object is neither an attempt nor a summary"},
    RuleInfo{kMissingField, "a required field is absent"},
    RuleInfo{kWrongType, "a field has the wrong JSON type"},
    RuleInfo{kInvalidValue, "a field's value is outside its allowed set or range"},
    RuleInfo{kInvalidStatus, "a status code is not null and not an integer from 100 to 599"},
    RuleInfo{kStatusWithTransportError, "a transport error (no response) carries a status code"},
    RuleInfo{kRetriedWithoutBackoff, "a retried attempt has no backoff_ms"},
    RuleInfo{kAuthRetried, "a 401/403 or auth_error attempt was retried"},
    RuleInfo{kAttemptIndexStart, "an operation's first attempt_index is not 1"},
    RuleInfo{kAttemptIndexGap, "attempt_index skips a number"},
    RuleInfo{kAttemptIndexDuplicate, "attempt_index repeats within an operation"},
    RuleInfo{kAttemptIndexOrder, "attempt_index goes backwards"},
    RuleInfo{kRetryNotMarked, "an attempt followed by another one does not say retried"},
    RuleInfo{kLastAttemptRetried, "an operation's last attempt says retried"},
    RuleInfo{kAttemptAfterSummary, "an attempt comes after its operation's summary"},
    RuleInfo{kSummaryMissing, "an operation with attempts has no summary"},
    RuleInfo{kSummaryDuplicate, "an operation has more than one summary"},
    RuleInfo{kSummaryAttemptsMismatch, "summary attempts differs from the attempt records"},
    RuleInfo{kSummaryStatusMismatch, "summary final status differs from the last attempt's"},
    RuleInfo{kSummaryOutcomeMismatch, "summary final_outcome differs from the last attempt's"},
    RuleInfo{kSummaryBackoffMismatch, "total_backoff_ms differs from the retried backoffs' sum"},
    RuleInfo{kBearerToken, "a string holds a Bearer token"},
    RuleInfo{kSecretKey, "a string holds an sk- style API key"},
    RuleInfo{kCredentialField, "a credential-named field has a value"},
    RuleInfo{kContentField, "a prompt/completion/body field has a value"},
    RuleInfo{kBillingField, "a price/cost/quota/balance field has a value"},
};
}  // namespace

std::span<const RuleInfo> all_rules() { return kRules; }

}  // namespace cometbench::review
