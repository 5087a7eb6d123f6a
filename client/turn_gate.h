#pragma once

namespace cometbench::client {

/// Lets a simulation run many operations of one ChatClient at once, each on its own thread and
/// its own virtual clock, while they touch the state they share in virtual-time order.
///
/// ChatClient calls `await_turn()` on the operation's thread right before each retry decision,
/// the only step that reads or writes state shared between operations (the retry budget and
/// the jitter source). An implementation blocks there until this operation may go on; it must
/// let only one operation run between two such points (`cometbench tune` resumes the operation
/// whose virtual clock is earliest, docs/tuning.md). The client holds no lock while it waits.
class TurnGate {
 public:
  virtual ~TurnGate() = default;
  virtual void await_turn() = 0;
};

}  // namespace cometbench::client
