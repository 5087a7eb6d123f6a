#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "clock/clock.h"

namespace cometbench::tune {

/// Runs many operations that overlap in virtual time, one at a time, always resuming the one
/// that is earliest in virtual time (docs/tuning.md, "How a run works").
///
/// Each operation runs on a thread of its own while it is in flight, because the client's
/// calls block. It calls `yield(index, now)` where it is about to touch state shared with other
/// operations; the scheduler then lets it go on only when no other operation, in flight or not
/// yet started, is earlier by (virtual time, index). Operation i starts at `arrivals[i]`,
/// which must not decrease. So shared state is touched in exact virtual-time order, with ties
/// broken by operation index, and a run is the same on every machine.
///
/// Threads are reused: an operation that finishes hands its thread to the next one to start,
/// so operations that do not overlap all run on one thread with no switch at all.
class VirtualTimeScheduler {
 public:
  using Operation = std::function<void(std::size_t index)>;

  /// `max_in_flight`: the most operations (threads) in flight at once; beyond it no further
  /// operation starts, those in flight finish and `run` throws.
  VirtualTimeScheduler(std::vector<clock::TimePoint> arrivals, std::size_t max_in_flight);
  ~VirtualTimeScheduler();
  VirtualTimeScheduler(const VirtualTimeScheduler&) = delete;
  VirtualTimeScheduler& operator=(const VirtualTimeScheduler&) = delete;

  /// Runs `operation(i)` for every operation and returns when all have finished. Rethrows the
  /// first exception an operation threw (the others still run), or throws std::runtime_error
  /// when the in-flight limit was reached. Call once.
  void run(const Operation& operation);

  /// Called by operation `index` on its own thread at virtual time `now`: returns once it is
  /// this operation's turn again.
  void yield(std::size_t index, clock::TimePoint now);

  /// The most operations that were in flight at once.
  std::size_t peak_in_flight() const;

 private:
  struct Worker;
  struct Waiting {
    clock::TimePoint time;
    std::size_t index;
    Worker* worker;
    bool operator>(const Waiting& other) const {
      return time != other.time ? time > other.time : index > other.index;
    }
  };
  enum class Next { none, resume_waiting, start_new };

  Next pick_locked() const;
  Worker* worker_for_locked(std::size_t index);
  void start_worker_locked(Worker* worker, std::size_t index);
  void wait_for_turn_locked(std::unique_lock<std::mutex>& lock, Worker* self);
  void worker_main(Worker* self);
  void note_error_locked(std::exception_ptr error);

  const std::vector<clock::TimePoint> arrivals_;
  const std::size_t max_in_flight_;
  const Operation* operation_ = nullptr;

  mutable std::mutex mu_;
  // Everything below is guarded by mu_.
  std::condition_variable finished_cv_;
  std::priority_queue<Waiting, std::vector<Waiting>, std::greater<>> waiting_;
  std::vector<Worker*> worker_of_;  // by operation index, while in flight
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<Worker*> idle_;
  std::size_t next_ = 0;       // the next operation to start
  std::size_t in_flight_ = 0;  // started and not finished
  std::size_t peak_in_flight_ = 0;
  bool stop_starting_ = false;
  bool finished_ = false;
  std::exception_ptr error_;
};

}  // namespace cometbench::tune
