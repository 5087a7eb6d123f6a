#include "tune/scheduler.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace cometbench::tune {

// A thread that runs operations. It waits on its own condition variable for one of two
// signals: `start` (run this operation from the beginning) or `resume` (the operation it is in
// the middle of may go on after a yield).
struct VirtualTimeScheduler::Worker {
  std::condition_variable wake;
  std::optional<std::size_t> start;
  bool resume = false;
  bool quit = false;
  std::thread thread;
};

VirtualTimeScheduler::VirtualTimeScheduler(std::vector<clock::TimePoint> arrivals,
                                           std::size_t max_in_flight)
    : arrivals_(std::move(arrivals)),
      max_in_flight_(max_in_flight == 0 ? 1 : max_in_flight),
      worker_of_(arrivals_.size(), nullptr) {
  for (std::size_t i = 1; i < arrivals_.size(); ++i) {
    if (arrivals_[i] < arrivals_[i - 1]) {
      throw std::invalid_argument("operation arrivals must not decrease");
    }
  }
}

VirtualTimeScheduler::~VirtualTimeScheduler() {
  {
    std::lock_guard lock(mu_);
    for (const auto& w : workers_) {
      w->quit = true;
      w->wake.notify_one();
    }
  }
  for (const auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

std::size_t VirtualTimeScheduler::peak_in_flight() const {
  std::lock_guard lock(mu_);
  return peak_in_flight_;
}

VirtualTimeScheduler::Next VirtualTimeScheduler::pick_locked() const {
  const bool can_start = !stop_starting_ && next_ < arrivals_.size();
  if (waiting_.empty()) return can_start ? Next::start_new : Next::none;
  if (!can_start) return Next::resume_waiting;
  // A started operation has a lower index than any not yet started, so a tie in time goes to
  // the waiting one.
  return waiting_.top().time <= arrivals_[next_] ? Next::resume_waiting : Next::start_new;
}

void VirtualTimeScheduler::note_error_locked(std::exception_ptr error) {
  if (!error_) error_ = std::move(error);
}

// An idle thread, or a new one; nullptr (and no more starts) past the in-flight limit.
VirtualTimeScheduler::Worker* VirtualTimeScheduler::worker_for_locked(std::size_t index) {
  Worker* worker = nullptr;
  if (!idle_.empty()) {
    worker = idle_.back();
    idle_.pop_back();
  } else if (workers_.size() < max_in_flight_) {
    auto fresh = std::make_unique<Worker>();
    worker = fresh.get();
    try {
      fresh->thread = std::thread([this, worker] { worker_main(worker); });
    } catch (const std::system_error&) {
      note_error_locked(std::current_exception());
      stop_starting_ = true;
      return nullptr;
    }
    workers_.push_back(std::move(fresh));
  } else {
    note_error_locked(std::make_exception_ptr(std::runtime_error(
        "more than " + std::to_string(max_in_flight_) +
        " operations were in flight at once (operation " + std::to_string(index) +
        " could not start); lengthen arrival_interval_ms or shorten the timeouts")));
    stop_starting_ = true;
    return nullptr;
  }
  return worker;
}

void VirtualTimeScheduler::start_worker_locked(Worker* worker, std::size_t index) {
  ++next_;
  ++in_flight_;
  if (in_flight_ > peak_in_flight_) peak_in_flight_ = in_flight_;
  worker_of_[index] = worker;
  worker->start = index;
  worker->wake.notify_one();
}

// Called by a thread whose own operation is waiting in `waiting_`: hands the turn to the
// earliest operation, which may be its own, and returns when its own operation's turn comes.
void VirtualTimeScheduler::wait_for_turn_locked(std::unique_lock<std::mutex>& lock, Worker* self) {
  for (;;) {
    const Next next = pick_locked();
    if (next == Next::start_new) {
      const std::size_t index = next_;
      Worker* worker = worker_for_locked(index);
      if (worker == nullptr) continue;  // no more starts: resume a waiting one instead
      start_worker_locked(worker, index);
      break;
    }
    // `waiting_` holds at least our own operation, so there is one to resume.
    const Waiting top = waiting_.top();
    waiting_.pop();
    if (top.worker == self) return;
    top.worker->resume = true;
    top.worker->wake.notify_one();
    break;
  }
  self->wake.wait(lock, [self] { return self->resume; });
  self->resume = false;
}

void VirtualTimeScheduler::yield(std::size_t index, clock::TimePoint now) {
  std::unique_lock lock(mu_);
  Worker* self = worker_of_.at(index);
  waiting_.push(Waiting{now, index, self});
  wait_for_turn_locked(lock, self);
}

void VirtualTimeScheduler::worker_main(Worker* self) {
  std::unique_lock lock(mu_);
  for (;;) {
    self->wake.wait(lock, [self] { return self->start.has_value() || self->quit; });
    if (self->quit) return;
    std::size_t index = *self->start;
    self->start.reset();
    // Run operations on this thread for as long as the next one to run is a new one.
    for (;;) {
      lock.unlock();
      try {
        (*operation_)(index);
      } catch (...) {
        lock.lock();
        note_error_locked(std::current_exception());
        lock.unlock();
      }
      lock.lock();
      --in_flight_;
      worker_of_[index] = nullptr;
      const Next next = pick_locked();
      if (next == Next::start_new) {
        index = next_;
        ++next_;
        ++in_flight_;
        if (in_flight_ > peak_in_flight_) peak_in_flight_ = in_flight_;
        worker_of_[index] = self;
        continue;
      }
      if (next == Next::resume_waiting) {
        const Waiting top = waiting_.top();
        waiting_.pop();
        top.worker->resume = true;
        top.worker->wake.notify_one();
      } else if (in_flight_ == 0) {
        finished_ = true;
        finished_cv_.notify_all();
      }
      idle_.push_back(self);
      break;
    }
  }
}

void VirtualTimeScheduler::run(const Operation& operation) {
  std::unique_lock lock(mu_);
  if (operation_ != nullptr) throw std::logic_error("VirtualTimeScheduler::run called twice");
  operation_ = &operation;
  if (arrivals_.empty()) return;
  Worker* first = worker_for_locked(0);
  if (first == nullptr) std::rethrow_exception(error_);
  start_worker_locked(first, 0);
  finished_cv_.wait(lock, [this] { return finished_; });
  if (error_) std::rethrow_exception(error_);
}

}  // namespace cometbench::tune
