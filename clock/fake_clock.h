#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "clock/clock.h"

namespace cometbench::clock {

/// Virtual time for tests and bench runs. Time starts at `TimePoint{}` (monotonic) and at
/// `kDefaultEpoch` (calendar) and moves only through `advance`, `sleep_for` and `delay_for`.
///
/// Thread-safe: the mock server's handler threads and the client share one instance.
/// Blocking waits (a server hold) poll their stop predicate every millisecond of real time,
/// with the clock's lock released. Deadline callbacks run on the advancing thread once time
/// reaches them, also outside the lock.
class FakeClock final : public Clock {
 public:
  /// 2026-01-01T00:00:00Z: a fixed calendar start so HTTP-dates in goldens never change.
  static constexpr std::int64_t kDefaultEpochSeconds = 1767225600;

  FakeClock();
  explicit FakeClock(WallTime epoch);

  TimePoint now() const override;
  WallTime wall_now() const override;

  /// Advances virtual time by `d` at once and remembers the request (see `sleeps()`).
  bool sleep_for(Duration d, const StopPredicate& interrupted) override;

  /// If `now() + d` is before the earliest registered deadline (or none is registered),
  /// advances by `d` and returns true. Otherwise advances to that deadline and blocks until
  /// `stop` returns true, then returns false.
  bool delay_for(Duration d, const StopPredicate& stop) override;

  using Clock::register_deadline;
  DeadlineId register_deadline(TimePoint deadline, DeadlineCallback on_reached) override;
  void unregister_deadline(DeadlineId id) override;
  bool is_virtual() const override { return true; }

  /// Moves virtual time forward (never backward).
  void advance(Duration d);

  /// Every duration passed to `sleep_for`, in call order.
  std::vector<Duration> sleeps() const;

  /// The earliest registered deadline, if any.
  std::optional<TimePoint> earliest_deadline() const;

 private:
  struct Deadline {
    TimePoint at;
    DeadlineCallback on_reached;  // emptied once taken to be called
    bool calling = false;         // its callback runs right now (outside the lock)
  };
  using Reached = std::vector<std::pair<DeadlineId, DeadlineCallback>>;

  std::optional<TimePoint> earliest_deadline_locked() const;
  // Moves time to `to` (never back) and collects the callbacks of deadlines now reached; the
  // caller runs them after unlocking.
  Reached advance_to_locked(Duration to);
  // Runs the callbacks without the lock, then clears their `calling` marks; unregister_deadline
  // waits for a mark to clear, so a callback never runs after its deadline was unregistered.
  void run(Reached reached);

  mutable std::mutex mu_;
  std::condition_variable changed_;
  Duration elapsed_{0};  // guarded by mu_
  WallTime epoch_;
  std::vector<Duration> sleeps_;              // guarded by mu_
  std::map<DeadlineId, Deadline> deadlines_;  // guarded by mu_
  DeadlineId next_deadline_id_ = 1;           // guarded by mu_
};

}  // namespace cometbench::clock
