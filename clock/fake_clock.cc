#include "clock/fake_clock.h"

#include <algorithm>

namespace cometbench::clock {

FakeClock::FakeClock() : FakeClock(WallTime{std::chrono::seconds(kDefaultEpochSeconds)}) {}

FakeClock::FakeClock(WallTime epoch) : epoch_(epoch) {}

TimePoint FakeClock::now() const {
  std::lock_guard lock(mu_);
  return TimePoint{} + elapsed_;
}

WallTime FakeClock::wall_now() const {
  std::lock_guard lock(mu_);
  return epoch_ + std::chrono::duration_cast<WallTime::duration>(elapsed_);
}

bool FakeClock::sleep_for(Duration d, const StopPredicate& interrupted) {
  if (interrupted && interrupted()) return false;
  {
    std::lock_guard lock(mu_);
    sleeps_.push_back(d);
    if (d > Duration::zero()) elapsed_ += d;
  }
  changed_.notify_all();
  return true;
}

bool FakeClock::delay_for(Duration d, const StopPredicate& stop) {
  std::unique_lock lock(mu_);
  const TimePoint now_point = TimePoint{} + elapsed_;
  const std::optional<TimePoint> deadline = earliest_deadline_locked();
  const bool forever = d == Duration::max();
  if (!forever && d >= Duration::zero() && (!deadline || now_point + d < *deadline)) {
    elapsed_ += d;
    lock.unlock();
    changed_.notify_all();
    return true;
  }
  // The peer gives up first: time jumps to its deadline, and this side holds until released.
  if (deadline && *deadline > now_point) elapsed_ = *deadline - TimePoint{};
  changed_.notify_all();
  while (!(stop && stop())) {
    changed_.wait_for(lock, std::chrono::milliseconds(1));
  }
  return false;
}

DeadlineId FakeClock::register_deadline(TimePoint deadline) {
  std::lock_guard lock(mu_);
  const DeadlineId id = next_deadline_id_++;
  deadlines_.emplace(id, deadline);
  return id;
}

void FakeClock::unregister_deadline(DeadlineId id) {
  std::lock_guard lock(mu_);
  deadlines_.erase(id);
}

void FakeClock::advance(Duration d) {
  if (d <= Duration::zero()) return;
  {
    std::lock_guard lock(mu_);
    elapsed_ += d;
  }
  changed_.notify_all();
}

std::vector<Duration> FakeClock::sleeps() const {
  std::lock_guard lock(mu_);
  return sleeps_;
}

std::optional<TimePoint> FakeClock::earliest_deadline() const {
  std::lock_guard lock(mu_);
  return earliest_deadline_locked();
}

std::optional<TimePoint> FakeClock::earliest_deadline_locked() const {
  std::optional<TimePoint> best;
  for (const auto& [id, t] : deadlines_) {
    if (!best || t < *best) best = t;
  }
  return best;
}

}  // namespace cometbench::clock
