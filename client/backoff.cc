#include "client/backoff.h"

#include <algorithm>
#include <cmath>

namespace cometbench::client {
namespace {

std::chrono::milliseconds floor_ms(double ms) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::floor(std::max(ms, 0.0))));
}

}  // namespace

BackoffStrategy::BackoffStrategy(const RetryPolicy& policy, RandomSource& random)
    : jitter_(policy.jitter),
      base_ms_(static_cast<double>(policy.initial_backoff.count())),
      cap_ms_(static_cast<double>(policy.max_backoff.count())),
      multiplier_(policy.multiplier),
      prev_ms_(base_ms_),
      random_(random) {}

std::chrono::milliseconds BackoffStrategy::next(int retry_number) {
  // pow overflows to +inf for large n; min() with the cap absorbs it.
  const double v = std::min(cap_ms_, base_ms_ * std::pow(multiplier_, retry_number));
  switch (jitter_) {
    case Jitter::none:
      return floor_ms(v);
    case Jitter::full:
      return floor_ms(random_.next_double() * v);
    case Jitter::equal:
      return floor_ms(v / 2 + random_.next_double() * (v / 2));
    case Jitter::decorrelated: {
      const double upper = prev_ms_ * 3;
      const double next = std::min(cap_ms_, base_ms_ + random_.next_double() * (upper - base_ms_));
      const std::chrono::milliseconds result = floor_ms(next);
      // The next upper bound grows from what was actually used (the floored value), so a run
      // can be recomputed from its records alone.
      prev_ms_ = static_cast<double>(result.count());
      return result;
    }
    case Jitter::openai:
      return floor_ms(v * (1.0 - 0.25 * random_.next_double()));
  }
  return floor_ms(v);
}

}  // namespace cometbench::client
