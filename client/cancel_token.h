#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "clock/clock.h"

namespace cometbench::client {

/// Cancels an operation: `cancel()` from any thread ends it at once (during a transfer or a
/// backoff); `cancel_at(t)` ends it when the operation's clock reaches `t`, which under a
/// FakeClock is an exact virtual time. Thread-safe; the token must outlive the call.
class CancelToken {
 public:
  /// Called after every change of the token, on the changing thread; must be quick and
  /// thread-safe (it wakes a waiting transfer).
  using Listener = std::function<void()>;

  /// Keeps a listener registered for its lifetime.
  class Subscription {
   public:
    Subscription(CancelToken& token, Listener listener) : token_(token) {
      std::lock_guard lock(token_.mu_);
      id_ = token_.next_id_++;
      token_.listeners_.emplace(id_, std::move(listener));
    }
    ~Subscription() {
      std::lock_guard lock(token_.mu_);
      token_.listeners_.erase(id_);
    }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    CancelToken& token_;
    std::uint64_t id_ = 0;
  };

  void cancel() {
    flag_.store(true, std::memory_order_release);
    notify();
  }

  /// Cancels at `when` (keeps the earlier of two calls).
  void cancel_at(clock::TimePoint when) {
    const Rep rep = when.time_since_epoch().count();
    Rep current = at_.load(std::memory_order_acquire);
    while (rep < current && !at_.compare_exchange_weak(current, rep, std::memory_order_acq_rel)) {
    }
    notify();
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

  // Listeners run under mu_, so a Subscription's destructor returns only once its listener
  // can no longer run.
  void notify() {
    std::lock_guard lock(mu_);
    for (const auto& [id, listener] : listeners_) listener();
  }

  std::atomic<bool> flag_{false};
  std::atomic<Rep> at_{kNever};
  std::mutex mu_;
  std::map<std::uint64_t, Listener> listeners_;  // guarded by mu_
  std::uint64_t next_id_ = 1;                    // guarded by mu_
};

}  // namespace cometbench::client
