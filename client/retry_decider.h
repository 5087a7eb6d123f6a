#pragma once

#include <chrono>
#include <optional>

#include "client/backoff.h"
#include "client/classify.h"
#include "client/policy.h"
#include "client/retry_budget.h"
#include "clock/clock.h"

namespace cometbench::client {

/// The facts about one finished attempt that the retry gates need.
struct DecisionInput {
  int attempt_index = 1;
  clock::TimePoint now;      ///< when the decision is taken (the backoff would start here)
  clock::WallTime wall_now;  ///< for HTTP-date Retry-After
  std::optional<clock::TimePoint> operation_deadline;
  bool cut_by_operation_deadline = false;  ///< a timeout at the operation (not attempt) deadline
  bool stream_committed = false;           ///< a chunk already reached the caller
  const Headers* headers = nullptr;        ///< response headers, if a response arrived
};

struct Decision {
  RetryDecision decision = RetryDecision::not_retried;
  RetryReason reason = RetryReason::success;
  std::chrono::milliseconds backoff{0};
  friend bool operator==(const Decision&, const Decision&) = default;
};

/// Applies the retry gates of docs/policy.md, in order: success (refunds the budget);
/// operation deadline cut; committed stream; terminal class; last attempt; Retry-After (cap);
/// backoff passing the operation deadline; retry budget. One instance per operation; the
/// policy, strategy and budget are borrowed. Not thread-safe (the budget itself is).
class RetryDecider {
 public:
  RetryDecider(const RetryPolicy& policy, BackoffStrategy& backoff, RetryBudget* budget)
      : policy_(policy), backoff_(backoff), budget_(budget) {}

  Decision decide(const Classification& attempt, const DecisionInput& input);

 private:
  const RetryPolicy& policy_;
  BackoffStrategy& backoff_;
  RetryBudget* budget_;
};

}  // namespace cometbench::client
