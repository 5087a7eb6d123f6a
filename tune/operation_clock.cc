#include "tune/operation_clock.h"

namespace cometbench::tune {

OperationState::OperationState(std::size_t operation_index, clock::TimePoint arrival)
    : index(operation_index) {
  clock.advance(arrival - clock::TimePoint{});
}

void OperationTable::put(std::shared_ptr<OperationState> state) {
  std::lock_guard lock(mu_);
  const std::size_t index = state->index;
  slots_.at(index) = std::move(state);
}

void OperationTable::remove(std::size_t index) {
  std::shared_ptr<OperationState> gone;  // released outside the lock
  std::lock_guard lock(mu_);
  gone = std::move(slots_.at(index));
}

std::shared_ptr<OperationState> OperationTable::find(std::size_t index) const {
  std::lock_guard lock(mu_);
  return index < slots_.size() ? slots_[index] : nullptr;
}

client::TransportResult OperationTransport::perform(const client::TransportRequest& request) {
  OperationState& state = *clock_.current();
  state.transfer_open.store(true, std::memory_order_release);
  client::TransportResult result;
  try {
    result = inner_.perform(request);
  } catch (...) {
    state.transfer_open.store(false, std::memory_order_release);
    throw;
  }
  state.transfer_open.store(false, std::memory_order_release);
  return result;
}

}  // namespace cometbench::tune
