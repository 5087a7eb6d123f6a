#include "client/retry_decider.h"

#include "client/retry_after.h"

namespace cometbench::client {

Decision RetryDecider::decide(const Classification& attempt, const DecisionInput& input) {
  using std::chrono::milliseconds;
  if (attempt.verdict == Verdict::success) {
    if (budget_ != nullptr) budget_->refund_success();
    return {RetryDecision::not_retried, RetryReason::success, milliseconds(0)};
  }
  if (input.cut_by_operation_deadline) {
    return {RetryDecision::not_retried, RetryReason::deadline_exceeded, milliseconds(0)};
  }
  // Cancellation outranks a committed stream: the caller asked for it.
  if (input.stream_committed && attempt.reason != RetryReason::cancelled) {
    return {RetryDecision::not_retried, RetryReason::stream_committed, milliseconds(0)};
  }
  if (attempt.verdict == Verdict::terminal) {
    return {RetryDecision::not_retried, attempt.reason, milliseconds(0)};
  }
  if (input.attempt_index >= policy_.max_attempts) {
    return {RetryDecision::final_attempt, RetryReason::max_attempts_reached, milliseconds(0)};
  }
  // The strategy is consulted even when Retry-After wins, so the jitter sequence of a run does
  // not depend on which responses carried the header.
  milliseconds backoff = backoff_.next(input.attempt_index - 1);
  RetryReason reason = attempt.reason;
  if (policy_.honor_retry_after && input.headers != nullptr) {
    const auto after = parse_retry_after(*input.headers, input.wall_now);
    // A date in the past means nothing to both openai SDKs (backoff); 0 is the policy's call.
    const bool meaningful = after && (after->delay > milliseconds(0) ||
                                      (after->delay == milliseconds(0) &&
                                       policy_.retry_after_zero == RetryAfterZero::immediately));
    if (meaningful) {
      if (!policy_.max_retry_after || after->delay <= *policy_.max_retry_after) {
        backoff = after->delay;
        reason = RetryReason::retry_after_honored;
      } else if (policy_.retry_after_over_cap == RetryAfterOverCap::give_up) {
        return {RetryDecision::not_retried, RetryReason::retry_after_exceeds_cap, milliseconds(0)};
      }
    }
  }
  // A retry that would start at or after the deadline has no time left to run.
  if (input.operation_deadline && input.now + backoff >= *input.operation_deadline) {
    return {RetryDecision::not_retried, RetryReason::deadline_exceeded, milliseconds(0)};
  }
  const bool after_timeout = attempt.error_type && attempt.error_type->kind() == ErrorKind::timeout;
  if (budget_ != nullptr && !budget_->try_withdraw(after_timeout)) {
    return {RetryDecision::not_retried, RetryReason::retry_budget_exhausted, milliseconds(0)};
  }
  return {RetryDecision::retried, reason, backoff};
}

}  // namespace cometbench::client
