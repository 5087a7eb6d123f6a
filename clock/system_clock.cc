#include "clock/system_clock.h"

#include <algorithm>
#include <thread>

namespace cometbench::clock {
namespace {

// How often a real-time wait looks at its stop predicate: short enough that a server stop or a
// cancellation lands within a few milliseconds, long enough not to spin.
constexpr Duration kPollSlice = std::chrono::milliseconds(2);
// A hold (a `timeout` step) backs off to this: a thousand held requests polling every 2 ms woke
// 500,000 times a second and starved every other thread of a 2-core machine (measured: new
// requests went unread for seconds); at 25 ms a stop still lands well within 100 ms.
constexpr Duration kHoldPollSlice = std::chrono::milliseconds(25);

bool wait_real(Duration d, const StopPredicate& stop) {
  const TimePoint start = std::chrono::steady_clock::now();
  // Anything beyond a year is a hold: it ends only through `stop`.
  const bool forever = d > std::chrono::hours(24 * 365);
  const TimePoint end = forever ? TimePoint::max() : start + d;
  Duration hold_slice = kPollSlice;
  for (;;) {
    if (stop && stop()) return false;
    const TimePoint t = std::chrono::steady_clock::now();
    if (t >= end) return true;
    if (forever) {
      std::this_thread::sleep_for(hold_slice);
      hold_slice = std::min<Duration>(hold_slice * 2, kHoldPollSlice);
    } else {
      std::this_thread::sleep_for(std::min<Duration>(end - t, kPollSlice));
    }
  }
}

}  // namespace

TimePoint SystemClock::now() const { return std::chrono::steady_clock::now(); }

WallTime SystemClock::wall_now() const { return std::chrono::system_clock::now(); }

bool SystemClock::sleep_for(Duration d, const StopPredicate& interrupted) {
  return wait_real(d, interrupted);
}

bool SystemClock::delay_for(Duration d, const StopPredicate& stop) { return wait_real(d, stop); }

}  // namespace cometbench::clock
