#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "client/transport.h"
#include "clock/clock.h"
#include "clock/fake_clock.h"

namespace cometbench::tune {

/// One operation in flight: its own virtual clock, which starts at its arrival time on the
/// run's time line, and whether its client has a transfer under way.
struct OperationState {
  OperationState(std::size_t operation_index, clock::TimePoint arrival);

  const std::size_t index;
  clock::FakeClock clock;
  /// Set while the client's transport performs a request of this operation. The server may
  /// move the clock only then (ServerSideClock).
  std::atomic<bool> transfer_open{false};
};

/// The operations in flight, by index, for the server's handler threads. Thread-safe.
class OperationTable {
 public:
  explicit OperationTable(std::size_t operations) : slots_(operations) {}
  void put(std::shared_ptr<OperationState> state);
  void remove(std::size_t index);
  /// The operation, or null when it is not in flight (or out of range).
  std::shared_ptr<OperationState> find(std::size_t index) const;

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<OperationState>> slots_;  // guarded by mu_
};

/// The client's clock in a tune run: every call goes to the clock of the operation that holds
/// the turn (the scheduler runs one at a time, and each operation sets itself current when it
/// starts and whenever its turn comes back). The client and its transport thus read and sleep
/// on their own operation's clock without knowing there are others.
class ScheduledClock final : public clock::Clock {
 public:
  void set_current(OperationState* state) { current_.store(state, std::memory_order_release); }
  OperationState* current() const { return current_.load(std::memory_order_acquire); }

  clock::TimePoint now() const override { return current()->clock.now(); }
  clock::WallTime wall_now() const override { return current()->clock.wall_now(); }
  bool sleep_for(clock::Duration d, const clock::StopPredicate& interrupted) override {
    return current()->clock.sleep_for(d, interrupted);
  }
  bool delay_for(clock::Duration d, const clock::StopPredicate& stop) override {
    return current()->clock.delay_for(d, stop);
  }
  using Clock::register_deadline;
  clock::DeadlineId register_deadline(clock::TimePoint deadline,
                                      clock::DeadlineCallback on_reached) override {
    return current()->clock.register_deadline(deadline, std::move(on_reached));
  }
  void unregister_deadline(clock::DeadlineId id) override {
    current()->clock.unregister_deadline(id);
  }
  bool is_virtual() const override { return true; }

 private:
  std::atomic<OperationState*> current_{nullptr};
};

/// The server's view of one operation's clock, for one request. Waits (delays, gaps, holds)
/// move the operation's clock only while its client's transfer is under way; one that starts
/// after the client has hung up returns false at once, as if the server had stopped, so a
/// request's leftovers can never shift the operation's later times.
class ServerSideClock final : public clock::Clock {
 public:
  explicit ServerSideClock(std::shared_ptr<OperationState> state) : state_(std::move(state)) {}

  clock::TimePoint now() const override { return state_->clock.now(); }
  clock::WallTime wall_now() const override { return state_->clock.wall_now(); }
  bool sleep_for(clock::Duration d, const clock::StopPredicate& interrupted) override {
    return delay_for(d, interrupted);
  }
  bool delay_for(clock::Duration d, const clock::StopPredicate& stop) override {
    if (!state_->transfer_open.load(std::memory_order_acquire)) return false;
    return state_->clock.delay_for(d, stop);
  }
  using Clock::register_deadline;
  clock::DeadlineId register_deadline(clock::TimePoint deadline,
                                      clock::DeadlineCallback on_reached) override {
    return state_->clock.register_deadline(deadline, std::move(on_reached));
  }
  void unregister_deadline(clock::DeadlineId id) override { state_->clock.unregister_deadline(id); }
  bool is_virtual() const override { return true; }

 private:
  std::shared_ptr<OperationState> state_;
};

/// Wraps the client's real transport and marks the current operation's transfer as under way
/// for exactly the duration of each request.
class OperationTransport final : public client::Transport {
 public:
  OperationTransport(client::Transport& inner, const ScheduledClock& clock)
      : inner_(inner), clock_(clock) {}

  client::TransportResult perform(const client::TransportRequest& request) override;
  void wake() override { inner_.wake(); }

 private:
  client::Transport& inner_;
  const ScheduledClock& clock_;
};

}  // namespace cometbench::tune
