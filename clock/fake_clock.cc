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
  Reached reached;
  {
    std::lock_guard lock(mu_);
    sleeps_.push_back(d);
    if (d > Duration::zero()) reached = advance_to_locked(elapsed_ + d);
  }
  changed_.notify_all();
  run(std::move(reached));
  return true;
}

bool FakeClock::delay_for(Duration d, const StopPredicate& stop) {
  Reached reached;
  std::unique_lock lock(mu_);
  const TimePoint now_point = TimePoint{} + elapsed_;
  const std::optional<TimePoint> deadline = earliest_deadline_locked();
  const bool forever = d == Duration::max();
  if (!forever && d >= Duration::zero() && (!deadline || now_point + d < *deadline)) {
    reached = advance_to_locked(elapsed_ + d);
    lock.unlock();
    changed_.notify_all();
    run(std::move(reached));
    return true;
  }
  // The peer gives up first: time jumps to its deadline, and this side holds until released.
  if (deadline && *deadline > now_point) reached = advance_to_locked(*deadline - TimePoint{});
  lock.unlock();
  changed_.notify_all();
  run(std::move(reached));
  // The predicate runs without the lock (it may read the clock); the wait between two checks
  // ends early when time moves.
  while (!(stop && stop())) {
    lock.lock();
    changed_.wait_for(lock, std::chrono::milliseconds(1));
    lock.unlock();
  }
  return false;
}

DeadlineId FakeClock::register_deadline(TimePoint deadline, DeadlineCallback on_reached) {
  std::lock_guard lock(mu_);
  const DeadlineId id = next_deadline_id_++;
  deadlines_.emplace(id, Deadline{deadline, std::move(on_reached)});
  return id;
}

void FakeClock::unregister_deadline(DeadlineId id) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] {
    const auto it = deadlines_.find(id);
    return it == deadlines_.end() || !it->second.calling;
  });
  deadlines_.erase(id);
}

void FakeClock::advance(Duration d) {
  if (d <= Duration::zero()) return;
  Reached reached;
  {
    std::lock_guard lock(mu_);
    reached = advance_to_locked(elapsed_ + d);
  }
  changed_.notify_all();
  run(std::move(reached));
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
  for (const auto& [id, deadline] : deadlines_) {
    if (!best || deadline.at < *best) best = deadline.at;
  }
  return best;
}

FakeClock::Reached FakeClock::advance_to_locked(Duration to) {
  Reached reached;
  if (to <= elapsed_) return reached;
  elapsed_ = to;
  const TimePoint now_point = TimePoint{} + elapsed_;
  for (auto& [id, deadline] : deadlines_) {
    if (deadline.on_reached && deadline.at <= now_point) {
      deadline.calling = true;
      reached.emplace_back(id, std::exchange(deadline.on_reached, {}));
    }
  }
  return reached;
}

void FakeClock::run(Reached reached) {
  if (reached.empty()) return;
  for (const auto& [id, callback] : reached) callback();
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, callback] : reached) {
      if (const auto it = deadlines_.find(id); it != deadlines_.end()) it->second.calling = false;
    }
  }
  changed_.notify_all();
}

}  // namespace cometbench::clock
