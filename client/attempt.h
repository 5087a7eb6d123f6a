#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "client/classify.h"
#include "client/transport.h"

namespace cometbench::client {

/// Receives each streamed chunk (a JSON object) inline, on the thread running the operation,
/// as soon as its SSE event is complete. An exception thrown here abandons the transfer and
/// propagates out of `ChatClient::complete`.
using ChunkCallback = std::function<void(const nlohmann::json& chunk)>;

/// What one attempt produced.
struct AttemptResult {
  TransportResult transport;
  nlohmann::json body;                      ///< the parsed body; discarded when not JSON
  std::optional<StreamObservation> stream;  ///< set when the response was an SSE stream
};

/// Performs one attempt: runs `request` on `transport`, feeding a 2xx `text/event-stream`
/// response through an SSE parser that hands each chunk to `on_chunk` (may be empty) as it
/// arrives; otherwise parses the body as JSON.
AttemptResult run_attempt(Transport& transport, TransportRequest request,
                          const ChunkCallback& on_chunk);

}  // namespace cometbench::client
