#pragma once

#include <atomic>
#include <optional>

#include "clock/clock.h"

namespace cometbench::client {

/// Cancels an operation: `cancel()` from any thread ends it within milliseconds (during a
/// transfer or a backoff); `cancel_at(t)` ends it when the operation's clock reaches `t`, which
/// under a FakeClock is an exact virtual time. Thread-safe; the token must outlive the call.
class CancelToken {
 public:
  void cancel() { flag_.store(true, std::memory_order_release); }

  /// Cancels at `when` (keeps the earlier of two calls).
  void cancel_at(clock::TimePoint when) {
    const Rep rep = when.time_since_epoch().count();
    Rep current = at_.load(std::memory_order_acquire);
    while (rep < current && !at_.compare_exchange_weak(current, rep, std::memory_order_acq_rel)) {
    }
  }

  /// True once `cancel()` was called.
  bool cancel_requested() const { return flag_.load(std::memory_order_acquire); }

  /// The time set by `cancel_at`, if any.
  std::optional<clock::TimePoint> cancel_time() const {
    const Rep rep = at_.load(std::memory_order_acquire);
    if (rep == kNever) return std::nullopt;
    return clock::TimePoint{clock::TimePoint::duration{rep}};
  }

  /// True when cancelled by flag, or when `now` has reached the cancel time.
  bool is_cancelled(clock::TimePoint now) const {
    if (cancel_requested()) return true;
    const std::optional<clock::TimePoint> at = cancel_time();
    return at && now >= *at;
  }

 private:
  using Rep = clock::TimePoint::rep;
  static constexpr Rep kNever = clock::TimePoint::duration::max().count();
  std::atomic<bool> flag_{false};
  std::atomic<Rep> at_{kNever};
};

}  // namespace cometbench::client
