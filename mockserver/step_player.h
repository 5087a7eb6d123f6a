#pragma once

#include <httplib.h>

#include <memory>
#include <optional>

#include "clock/clock.h"
#include "faults/scenario.h"
#include "mockserver/connection.h"

namespace cometbench::mockserver {

/// What a step needs besides itself. Built per request by the server.
struct PlayContext {
  clock::Clock& clock;
  /// Keeps the step alive for content providers, which httplib runs after the handler returned.
  std::shared_ptr<const void> owner;
  /// True once the server stops or the peer has hung up. Polled inside clock waits (under the
  /// FakeClock's lock): it must not call the clock.
  clock::StopPredicate stop;
  /// The connection the request arrived on; null when the step needs none.
  std::shared_ptr<Connection> connection;
  /// Keeps `clock` alive when it is not the server's own (a StepStrategy's choice).
  std::shared_ptr<clock::Clock> clock_owner;
};

/// Plays one scripted step on `res`: sets status, headers and body (or a content provider that
/// httplib runs on this worker thread once the handler returns), or performs a socket fault on
/// `context.connection`. Blocks for `delay_ms` and `timeout` holds through `context.clock`. Returns
/// the status the client will see, or nullopt when it sees none (timeout, drop, reset, an
/// interrupted delay). `step` must outlive the response (see PlayContext::owner).
std::optional<int> play_step(const faults::Step& step, const PlayContext& context,
                             httplib::Response& res);

/// SSE framing of one event: `data: <line>\n` per line of `data`, then a blank line.
std::string sse_event(const std::string& data);

}  // namespace cometbench::mockserver
