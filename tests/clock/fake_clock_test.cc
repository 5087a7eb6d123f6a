#include "clock/fake_clock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

namespace cometbench::clock {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::ElementsAre;

TimePoint at(std::int64_t ms) { return TimePoint{} + milliseconds(ms); }

TEST(FakeClockTest, StartsAtZeroAndAtTheFixedCalendarEpoch) {
  FakeClock clock;
  EXPECT_EQ(clock.now(), TimePoint{});
  EXPECT_EQ(clock.wall_now(), WallTime{seconds(FakeClock::kDefaultEpochSeconds)});
}

TEST(FakeClockTest, SleepAdvancesAtOnceAndIsRemembered) {
  FakeClock clock;
  EXPECT_TRUE(clock.sleep_for(milliseconds(1500), {}));
  EXPECT_TRUE(clock.sleep_for(milliseconds(30000), {}));
  EXPECT_EQ(clock.now(), at(31500));
  EXPECT_EQ(clock.wall_now(),
            WallTime{seconds(FakeClock::kDefaultEpochSeconds)} + milliseconds(31500));
  EXPECT_THAT(clock.sleeps(), ElementsAre(milliseconds(1500), milliseconds(30000)));
}

TEST(FakeClockTest, InterruptedSleepDoesNotAdvance) {
  FakeClock clock;
  EXPECT_FALSE(clock.sleep_for(milliseconds(500), [] { return true; }));
  EXPECT_EQ(clock.now(), TimePoint{});
}

TEST(FakeClockTest, DelayWithoutDeadlineAdvancesByTheDelay) {
  FakeClock clock;
  EXPECT_TRUE(clock.delay_for(milliseconds(30000), [] { return false; }));
  EXPECT_EQ(clock.now(), at(30000));
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(FakeClockTest, DelayEndingBeforeTheDeadlineAdvances) {
  FakeClock clock;
  ScopedDeadline deadline(clock, at(1000));
  EXPECT_TRUE(clock.delay_for(milliseconds(999), [] { return false; }));
  EXPECT_EQ(clock.now(), at(999));
}

TEST(FakeClockTest, DelayReachingTheDeadlineAdvancesToItAndHoldsUntilStopped) {
  FakeClock clock;
  std::promise<void> arrived;
  ScopedDeadline deadline(clock, at(1000), [&] { arrived.set_value(); });
  std::atomic<bool> reached{false};
  std::atomic<bool> stop{false};
  std::thread server(
      [&] { reached = !clock.delay_for(milliseconds(5000), [&] { return stop.load(); }); });
  // The peer's view: time arrives at its deadline exactly, then it lets go.
  arrived.get_future().wait();
  EXPECT_EQ(clock.now(), at(1000));
  stop = true;
  server.join();
  EXPECT_TRUE(reached);
  EXPECT_EQ(clock.now(), at(1000));
}

TEST(FakeClockTest, HoldUsesTheEarliestOfSeveralDeadlines) {
  FakeClock clock;
  ScopedDeadline late(clock, at(60000));
  std::promise<void> arrived;
  const DeadlineId early = clock.register_deadline(at(30000), [&] { arrived.set_value(); });
  EXPECT_EQ(clock.earliest_deadline(), at(30000));
  std::atomic<bool> stop{false};
  std::thread server([&] { clock.hold([&] { return stop.load(); }); });
  arrived.get_future().wait();
  stop = true;
  server.join();
  EXPECT_EQ(clock.now(), at(30000));
  clock.unregister_deadline(early);
  EXPECT_EQ(clock.earliest_deadline(), at(60000));
}

TEST(FakeClockTest, DeadlineInThePastDoesNotMoveTimeBackward) {
  FakeClock clock;
  clock.advance(milliseconds(5000));
  ScopedDeadline deadline(clock, at(1000));
  EXPECT_FALSE(clock.delay_for(milliseconds(10), [] { return true; }));
  EXPECT_EQ(clock.now(), at(5000));
}

TEST(FakeClockTest, ScopedDeadlineUnregistersOnExit) {
  FakeClock clock;
  { ScopedDeadline deadline(clock, at(10)); }
  EXPECT_EQ(clock.earliest_deadline(), std::nullopt);
  EXPECT_TRUE(clock.delay_for(milliseconds(20), [] { return false; }));
  EXPECT_EQ(clock.now(), at(20));
}

TEST(FakeClockTest, AdvanceIgnoresNegativeDurations) {
  FakeClock clock;
  clock.advance(milliseconds(-5));
  EXPECT_EQ(clock.now(), TimePoint{});
}

TEST(FakeClockTest, ConcurrentSleepsAddUp) {
  FakeClock clock;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) clock.sleep_for(milliseconds(1), {});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(clock.now(), at(800));
  EXPECT_EQ(clock.sleeps().size(), 800u);
}

TEST(ToMsTest, TruncatesTowardZero) {
  EXPECT_EQ(to_ms(std::chrono::microseconds(1999)), 1);
  EXPECT_EQ(to_ms(seconds(2)), 2000);
}

}  // namespace
}  // namespace cometbench::clock
