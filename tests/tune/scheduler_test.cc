#include "tune/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "client/random.h"

namespace cometbench::tune {
namespace {

using clock::TimePoint;
using std::chrono::milliseconds;
using Event = std::pair<std::int64_t, std::size_t>;  // (virtual ms, operation)

TimePoint at(std::int64_t ms) { return TimePoint{} + milliseconds(ms); }

std::vector<TimePoint> arrivals(std::initializer_list<std::int64_t> ms) {
  std::vector<TimePoint> out;
  for (const std::int64_t m : ms) out.push_back(at(m));
  return out;
}

// Runs operations that each yield at the given virtual times and records the order in which
// the yields return (the turns), which the scheduler must give out in (time, index) order.
class Script {
 public:
  Script(std::vector<TimePoint> starts, std::vector<std::vector<std::int64_t>> yields,
         std::size_t max_in_flight = 64)
      : scheduler_(std::move(starts), max_in_flight), yields_(std::move(yields)) {}

  void run() {
    scheduler_.run([this](std::size_t i) {
      record_start(i);
      for (const std::int64_t t : yields_[i]) {
        scheduler_.yield(i, at(t));
        std::lock_guard lock(mu_);
        turns_.emplace_back(t, i);
      }
    });
  }

  std::vector<Event> turns() const { return turns_; }
  std::vector<std::size_t> starts() const { return starts_; }
  std::map<std::size_t, std::thread::id> threads() const { return threads_; }
  VirtualTimeScheduler& scheduler() { return scheduler_; }

 private:
  void record_start(std::size_t i) {
    std::lock_guard lock(mu_);
    starts_.push_back(i);
    threads_[i] = std::this_thread::get_id();
  }

  VirtualTimeScheduler scheduler_;
  std::vector<std::vector<std::int64_t>> yields_;
  std::mutex mu_;
  std::vector<Event> turns_;
  std::vector<std::size_t> starts_;
  std::map<std::size_t, std::thread::id> threads_;
};

TEST(VirtualTimeScheduler, OverlappingOperationsTakeTurnsInVirtualTimeOrder) {
  Script s(arrivals({0, 10, 40}), {{50, 120}, {30, 200}, {40}});
  s.run();
  EXPECT_EQ(s.turns(), (std::vector<Event>{{30, 1}, {40, 2}, {50, 0}, {120, 0}, {200, 1}}));
  EXPECT_EQ(s.starts(), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(s.scheduler().peak_in_flight(), 3u);
}

TEST(VirtualTimeScheduler, TiesGoToTheLowerIndexAndToStartedOperations) {
  // Operation 1 arrives at 100, the time operation 0 yields at: 0 goes first.
  Script s(arrivals({0, 100, 100}), {{100, 100}, {100}, {100}});
  s.run();
  EXPECT_EQ(s.turns(), (std::vector<Event>{{100, 0}, {100, 0}, {100, 1}, {100, 2}}));
}

TEST(VirtualTimeScheduler, OperationsThatDoNotOverlapShareOneThread) {
  Script s(arrivals({0, 100, 200, 300}), {{10}, {150}, {250}, {390}});
  s.run();
  const auto threads = s.threads();
  for (const auto& [index, id] : threads) EXPECT_EQ(id, threads.at(0)) << index;
  EXPECT_EQ(s.scheduler().peak_in_flight(), 1u);
}

TEST(VirtualTimeScheduler, ManyRandomOperationsGetTheirTurnsInSortedOrder) {
  client::SplitMix64 random(7);
  std::vector<TimePoint> starts;
  std::vector<std::vector<std::int64_t>> yields;
  std::vector<Event> expected;
  for (std::size_t i = 0; i < 300; ++i) {
    const auto arrival = static_cast<std::int64_t>(i) * 10;
    starts.push_back(at(arrival));
    std::int64_t t = arrival;
    yields.emplace_back();
    for (int k = 0; k < static_cast<int>(random.next_u64() % 4); ++k) {
      t += static_cast<std::int64_t>(random.next_u64() % 100);  // 0 too: ties happen
      yields.back().push_back(t);
      expected.emplace_back(t, i);
    }
  }
  std::sort(expected.begin(), expected.end());
  Script s(std::move(starts), std::move(yields));
  s.run();
  EXPECT_EQ(s.turns(), expected);
}

TEST(VirtualTimeScheduler, PastTheInFlightLimitNoFurtherOperationStarts) {
  Script s(arrivals({0, 0, 0}), {{100}, {100}, {100}}, 2);
  try {
    s.run();
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "more than 2 operations were in flight at once (operation 2 could not start); "
              "lengthen arrival_interval_ms or shorten the timeouts");
  }
  EXPECT_EQ(s.starts(), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(s.turns(), (std::vector<Event>{{100, 0}, {100, 1}}));
}

TEST(VirtualTimeScheduler, AnOperationsExceptionIsRethrownAfterTheOthersFinish) {
  VirtualTimeScheduler scheduler(arrivals({0, 5}), 8);
  std::vector<std::size_t> finished;
  EXPECT_THROW(scheduler.run([&](std::size_t i) {
    scheduler.yield(i, at(10));
    if (i == 0) throw std::logic_error("boom");
    finished.push_back(i);
  }),
               std::logic_error);
  EXPECT_EQ(finished, (std::vector<std::size_t>{1}));
}

TEST(VirtualTimeScheduler, ArrivalsMustNotDecrease) {
  EXPECT_THROW(VirtualTimeScheduler(arrivals({0, 10, 5}), 8), std::invalid_argument);
}

TEST(VirtualTimeScheduler, NoOperationsIsANoOp) {
  VirtualTimeScheduler scheduler({}, 8);
  scheduler.run([](std::size_t) { ADD_FAILURE(); });
  EXPECT_EQ(scheduler.peak_in_flight(), 0u);
}

}  // namespace
}  // namespace cometbench::tune
