#pragma once

#include <algorithm>
#include <mutex>

#include "client/policy.h"

namespace cometbench::client {

/// The retry token bucket of one ChatClient, shared by all its operations (AWS "standard"
/// retry quota). Starts full. Thread-safe.
class RetryBudget {
 public:
  explicit RetryBudget(const RetryBudgetConfig& config)
      : config_(config), tokens_(config.capacity) {}

  /// Pays for one retry (`timeout_cost` after a timeout, else `retry_cost`); false, and
  /// nothing taken, when the bucket holds too few tokens.
  bool try_withdraw(bool after_timeout) {
    const int cost = after_timeout ? config_.timeout_cost : config_.retry_cost;
    std::lock_guard lock(mu_);
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    return true;
  }

  /// A successful attempt returns `success_refund` tokens, up to the capacity.
  void refund_success() {
    std::lock_guard lock(mu_);
    tokens_ = std::min(config_.capacity, tokens_ + config_.success_refund);
  }

  int tokens() const {
    std::lock_guard lock(mu_);
    return tokens_;
  }

 private:
  RetryBudgetConfig config_;
  mutable std::mutex mu_;
  int tokens_;  // guarded by mu_
};

}  // namespace cometbench::client
