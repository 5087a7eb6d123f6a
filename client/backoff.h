#pragma once

#include <chrono>

#include "client/policy.h"
#include "client/random.h"

namespace cometbench::client {

/// Backoff before retry number `n` (0 for the first retry), per the policy's jitter kind.
/// With base b, cap c, multiplier m and v = min(c, b * m^n):
///   none: v; full: U(0, v); equal: v/2 + U(0, v/2);
///   decorrelated: min(c, U(b, 3 * prev)), prev starting at b; openai: v * (1 - 0.25 U).
/// Results are floored to whole milliseconds. Each call of a jittered kind draws exactly one
/// number from the random source. One instance per operation (decorrelated keeps state); the
/// random source is borrowed and must outlive it.
class BackoffStrategy {
 public:
  BackoffStrategy(const RetryPolicy& policy, RandomSource& random);

  /// The delay before retry `retry_number` (>= 0).
  std::chrono::milliseconds next(int retry_number);

 private:
  Jitter jitter_;
  double base_ms_;
  double cap_ms_;
  double multiplier_;
  double prev_ms_;
  RandomSource& random_;
};

}  // namespace cometbench::client
