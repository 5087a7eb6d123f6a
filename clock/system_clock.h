#pragma once

#include "clock/clock.h"

namespace cometbench::clock {

/// The real clock: steady_clock for durations, system_clock for calendar time. Waits sleep in
/// short slices so that a stop predicate is noticed within a few milliseconds.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  WallTime wall_now() const override;
  bool sleep_for(Duration d, const StopPredicate& interrupted) override;
  bool delay_for(Duration d, const StopPredicate& stop) override;
  using Clock::register_deadline;
  DeadlineId register_deadline(TimePoint, DeadlineCallback) override { return 0; }
  void unregister_deadline(DeadlineId) override {}
  bool is_virtual() const override { return false; }
};

}  // namespace cometbench::clock
