#include "clock/system_clock.h"

#include <gtest/gtest.h>

#include <atomic>

namespace cometbench::clock {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

TEST(SystemClockTest, IsNotVirtual) {
  SystemClock clock;
  EXPECT_FALSE(clock.is_virtual());
}

TEST(SystemClockTest, StopPredicateEndsAHold) {
  SystemClock clock;
  int polls = 0;
  // The predicate turns true on its third look; a hold never ends any other way.
  EXPECT_FALSE(clock.hold([&] { return ++polls == 3; }));
  EXPECT_EQ(polls, 3);
}

TEST(SystemClockTest, InterruptedSleepReportsFalse) {
  SystemClock clock;
  EXPECT_FALSE(clock.sleep_for(hours(1), [] { return true; }));
}

TEST(SystemClockTest, ZeroDelayCompletes) {
  SystemClock clock;
  EXPECT_TRUE(clock.delay_for(milliseconds(0), [] { return false; }));
  EXPECT_TRUE(clock.sleep_for(milliseconds(0), {}));
}

TEST(SystemClockTest, NowIsMonotonic) {
  SystemClock clock;
  const TimePoint a = clock.now();
  const TimePoint b = clock.now();
  EXPECT_LE(a, b);
}

}  // namespace
}  // namespace cometbench::clock
