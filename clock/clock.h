#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace cometbench::clock {

using Duration = std::chrono::nanoseconds;
using TimePoint = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

/// Polled while a wait is in progress; returning true ends the wait early.
/// Called on the waiting thread, every few milliseconds of real time, never while the clock
/// holds a lock of its own: it may read the clock.
using StopPredicate = std::function<bool()>;

/// Called once when virtual time reaches a registered deadline (see Clock::register_deadline),
/// on the thread that advanced the clock, after the clock released its lock. It must be quick
/// and thread-safe (waking a waiting thread is its purpose); it may read the clock.
using DeadlineCallback = std::function<void()>;

/// Identifies one registered deadline (see Clock::register_deadline).
using DeadlineId = std::uint64_t;

/// The single source of time for the client, the mock server and the runner.
///
/// Two roles share it. An *actor* sleeps on its own behalf (a client backoff): `sleep_for`.
/// A *server* delays an answer that a peer is waiting for (`delay_for`); the peer may give up
/// first, at the deadline it registered with `register_deadline`.
///
/// SystemClock does all of this in real time. FakeClock never waits in real time for a
/// duration: a sleep advances virtual time at once, and a server delay that would pass the
/// earliest registered deadline advances to that deadline and then holds until stopped, so a
/// client polling `now()` sees its deadline arrive and gives up exactly there.
///
/// Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;

  /// Monotonic time.
  virtual TimePoint now() const = 0;

  /// Calendar time, used for HTTP-dates (Retry-After, Date).
  virtual WallTime wall_now() const = 0;

  /// Sleeps for `d` on the caller's own behalf. Returns true when the whole duration passed,
  /// false when `interrupted` (may be empty) returned true first.
  virtual bool sleep_for(Duration d, const StopPredicate& interrupted) = 0;

  /// Server side: waits `d` for a peer. Returns true when `d` passed; false when `stop`
  /// returned true first. Under FakeClock a delay reaching the earliest registered deadline
  /// advances to it and then waits (in real time) for `stop`. `Duration::max()` means hold.
  virtual bool delay_for(Duration d, const StopPredicate& stop) = 0;

  /// Announces that a peer gives up at `deadline`. Several may be registered; the earliest
  /// counts. Remove with `unregister_deadline`. On a virtual clock, `on_reached` (may be empty)
  /// runs once when time reaches `deadline`, so the peer can wake up instead of polling; a real
  /// clock never calls it (the peer waits for the real time itself).
  virtual DeadlineId register_deadline(TimePoint deadline, DeadlineCallback on_reached) = 0;
  DeadlineId register_deadline(TimePoint deadline) { return register_deadline(deadline, {}); }
  virtual void unregister_deadline(DeadlineId id) = 0;

  /// True for a clock whose time only moves when someone advances it.
  virtual bool is_virtual() const = 0;

  /// Holds until `stop` returns true (a server step that never answers).
  bool hold(const StopPredicate& stop) { return delay_for(Duration::max(), stop); }
};

/// Registers a deadline for the lifetime of the object.
class ScopedDeadline {
 public:
  ScopedDeadline(Clock& clock, TimePoint deadline, DeadlineCallback on_reached = {})
      : clock_(clock), id_(clock.register_deadline(deadline, std::move(on_reached))) {}
  ~ScopedDeadline() { clock_.unregister_deadline(id_); }
  ScopedDeadline(const ScopedDeadline&) = delete;
  ScopedDeadline& operator=(const ScopedDeadline&) = delete;

 private:
  Clock& clock_;
  DeadlineId id_;
};

/// Whole milliseconds of a duration, rounded toward zero (the unit of every record).
inline std::int64_t to_ms(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace cometbench::clock
