#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>

#include "client/policy.h"
#include "client/record_types.h"
#include "client/transport.h"

namespace cometbench::client {

/// What a completion body or a stream chunk shows, as record values: its `object`,
/// `choices[0].finish_reason` and whether a `usage` object is present. Never its content.
struct BodyFacts {
  std::optional<ResponseObjectType> object_type;  ///< nullopt when there is no `object`
  std::optional<FinishReason> finish_reason;      ///< nullopt when absent or null
  bool usage_seen = false;
};

BodyFacts observe_body(const nlohmann::json& body);

/// True when a non-streamed 2xx body holds what the client depends on (the review guide's
/// happy path): `object` "chat.completion" and a non-empty `choices` array whose entries are
/// objects with a `message` object.
bool has_completion_shape(const nlohmann::json& body);

/// What the client saw of an SSE response during one attempt.
struct StreamObservation {
  std::size_t chunks = 0;      ///< JSON chunks delivered to the caller
  bool done = false;           ///< `data: [DONE]` arrived
  bool invalid_chunk = false;  ///< a data event was not a JSON object (the transfer was aborted)
  bool error_event = false;    ///< a data event held an `error` object (the transfer was aborted)
  bool unexpected_chunk = false;  ///< a chunk's `object` was not `chat.completion.chunk`
  std::optional<ResponseObjectType> object_type;  ///< of the first chunk
  std::optional<FinishReason> finish_reason;      ///< the last non-null one
  bool usage_seen = false;
  friend bool operator==(const StreamObservation&, const StreamObservation&) = default;
};

enum class Verdict { success, retryable, terminal };

/// The class of one attempt, before the retry gates (attempts left, deadline, budget, ...).
struct Classification {
  Verdict verdict = Verdict::success;
  /// success; retryable_status / retryable_error / server_said_retry when retryable; the
  /// terminal reason otherwise.
  RetryReason reason = RetryReason::success;
  Outcome outcome = Outcome::success;
  std::optional<ErrorType> error_type;
  std::optional<ResponseObjectType> response_object_type;
  std::optional<FinishReason> finish_reason;
  bool usage_seen = false;
  friend bool operator==(const Classification&, const Classification&) = default;
};

/// The `error_type` class of a transport failure (`none` is not a failure: transport_error).
ErrorKind error_kind_of(TransportError error);

/// Classifies one attempt (the table in docs/policy.md). `body` is the parsed response body
/// (a discarded value when it was not JSON); `stream` is set when the response was SSE.
Classification classify(const TransportResult& result, const nlohmann::json& body,
                        const StreamObservation* stream, const RetryPolicy& policy);

}  // namespace cometbench::client
