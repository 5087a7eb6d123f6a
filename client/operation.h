#pragma once

#include <functional>
#include <optional>

#include "client/attempt.h"
#include "client/backoff.h"
#include "client/cancel_token.h"
#include "client/policy.h"
#include "client/record_sink.h"
#include "client/records.h"
#include "client/retry_budget.h"
#include "client/retry_decider.h"
#include "client/transport.h"
#include "client/turn_gate.h"
#include "clock/clock.h"

namespace cometbench::client {

/// What one operation borrows from its ChatClient.
struct OperationContext {
  const RetryPolicy& policy;
  Transport& transport;
  clock::Clock& clock;
  RecordSink& sink;
  RandomSource& random;
  RetryBudget* budget;  ///< null when the policy has none
  const RequestRoute& route;
  /// Builds attempt `index`'s request (1-based): URL, headers and body, no deadlines.
  std::function<TransportRequest(int index)> make_request;
  /// Awaited before each retry decision; may be null (CallOptions::turn_gate).
  TurnGate* turn_gate = nullptr;
};

/// How one operation ended, before the summary record is built.
struct OperationEnd {
  Outcome outcome = Outcome::cancelled;  ///< stays so when cancelled before the first attempt
  std::optional<int> status;             ///< of the last attempt
  nlohmann::json response;               ///< the last attempt's parsed body, if JSON
  std::size_t chunks = 0;                ///< streamed chunks delivered over all attempts
  std::vector<AttemptRecord> attempts;
  SummaryRecord summary;
};

/// One operation's retry loop: attempt, decision, cancel-aware backoff, record; repeated until
/// the decision is not `retried`. Each attempt's record goes to the sink once its decision and
/// backoff are settled, then the summary. Lives for one `ChatClient::complete` call, on its
/// thread.
class Operation {
 public:
  Operation(const OperationContext& context, OperationId id, CancelToken* cancel,
            const ChunkCallback& on_chunk);

  OperationEnd run();

 private:
  // The transfer of attempt `index`, starting now, with its deadline and cancellation.
  AttemptResult attempt(int index, clock::TimePoint attempt_deadline);
  void summarize(OperationEnd& end) const;
  // Sleeps the decided backoff unless the cancel time or flag ends it first; returns true when
  // the operation was cancelled during the backoff.
  bool backoff(const Decision& decision);
  bool cancel_requested() const { return cancel_ != nullptr && cancel_->cancel_requested(); }

  const OperationContext& context_;
  const OperationId id_;
  CancelToken* const cancel_;
  const ChunkCallback& on_chunk_;
  const clock::TimePoint start_;
  std::optional<clock::TimePoint> deadline_;  ///< the operation deadline, if the policy has one
  BackoffStrategy backoff_;
  RetryDecider decider_;
};

}  // namespace cometbench::client
