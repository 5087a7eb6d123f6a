#include "client/operation.h"

#include <algorithm>
#include <utility>

namespace cometbench::client {
namespace {

using std::chrono::milliseconds;

milliseconds whole_ms(clock::Duration d) { return milliseconds(clock::to_ms(d)); }

}  // namespace

Operation::Operation(const OperationContext& context, OperationId id, CancelToken* cancel,
                     const ChunkCallback& on_chunk)
    : context_(context),
      id_(std::move(id)),
      cancel_(cancel),
      on_chunk_(on_chunk),
      start_(context.clock.now()),
      backoff_(context.policy, context.random),
      decider_(context.policy, backoff_, context.budget) {
  if (context.policy.deadline) deadline_ = start_ + *context.policy.deadline;
}

AttemptResult Operation::attempt(int index, clock::TimePoint attempt_deadline) {
  TransportRequest request = context_.make_request(index);
  request.deadline = attempt_deadline;
  if (cancel_ != nullptr) {
    request.cancel_at = cancel_->cancel_time();
    // Also catches a cancel time set by another thread after the transfer started.
    request.cancelled = [this] { return cancel_->is_cancelled(context_.clock.now()); };
  }
  return run_attempt(context_.transport, std::move(request), on_chunk_);
}

bool Operation::backoff(const Decision& decision) {
  clock::Clock& clock = context_.clock;
  const clock::TimePoint now = clock.now();
  const std::optional<clock::TimePoint> cancel_at =
      cancel_ != nullptr ? cancel_->cancel_time() : std::nullopt;
  const auto interrupted = [this] { return cancel_requested(); };
  if (cancel_at && now + decision.backoff >= *cancel_at) {
    // Sleep only up to the cancel time: the operation ends there.
    clock.sleep_for(std::max(clock::Duration::zero(), *cancel_at - now), interrupted);
    return true;
  }
  return !clock.sleep_for(decision.backoff, interrupted);
}

OperationEnd Operation::run() {
  clock::Clock& clock = context_.clock;
  OperationEnd end;
  for (int index = 1;; ++index) {
    const clock::TimePoint start = clock.now();
    if (index == 1 && cancel_ != nullptr && cancel_->is_cancelled(start)) break;

    clock::TimePoint attempt_deadline = start + context_.policy.attempt_timeout;
    if (deadline_) attempt_deadline = std::min(attempt_deadline, *deadline_);
    AttemptResult result = attempt(index, attempt_deadline);
    const TransportResult& t = result.transport;
    const StreamObservation* observed = result.stream ? &*result.stream : nullptr;
    const Classification c = classify(t, result.body, observed, context_.policy);
    if (observed != nullptr) end.chunks += observed->chunks;

    // The decision reads and writes the budget and the jitter source that all operations share.
    if (context_.turn_gate != nullptr) context_.turn_gate->await_turn();
    Decision decision = decider_.decide(
        c, DecisionInput{
               .attempt_index = index,
               .now = clock.now(),
               .wall_now = clock.wall_now(),
               .operation_deadline = deadline_,
               .cut_by_operation_deadline = t.error == TransportError::timeout && deadline_ &&
                                            attempt_deadline == *deadline_,
               // An SSE response commits at its first chunk, or at its 2xx headers (the
               // openai SDKs hand the caller a stream object there and never retry it).
               .stream_committed =
                   observed != nullptr &&
                   (observed->chunks > 0 || context_.policy.stream_commit == StreamCommit::headers),
               .headers = t.status ? &t.headers : nullptr,
           });
    // A cancellation during the backoff ends the operation at this attempt, so the attempt
    // carries the operation's class and the summary can be rebuilt from the last record.
    const bool cancelled_in_backoff =
        decision.decision == RetryDecision::retried && backoff(decision);
    if (cancelled_in_backoff) decision = {RetryDecision::not_retried, RetryReason::cancelled, {}};
    const Outcome outcome = cancelled_in_backoff ? Outcome::cancelled : c.outcome;

    AttemptRecord record{
        .operation_id = id_,
        .attempt_index = index,
        .request_route = context_.route,
        .http_request_method = HttpMethod::post,
        .http_response_status_code = t.status,
        .error_type = c.error_type,
        .retry_decision = decision.decision,
        .retry_reason = decision.reason,
        .backoff = decision.backoff,
        .response_object_type = c.response_object_type,
        .finish_reason_seen = c.finish_reason.has_value(),
        .usage_seen = c.usage_seen,
        .final_outcome = outcome,
        .attempt_start = whole_ms(start - start_),
        .attempt_duration = whole_ms(t.end_time - start),
        .finish_reason = c.finish_reason,
        .connection_reused = t.connection_reused,
    };
    context_.sink.on_attempt(record);
    end.attempts.push_back(std::move(record));
    if (decision.decision != RetryDecision::retried) {
      end.outcome = outcome;
      end.status = t.status;
      if (!result.body.is_discarded()) end.response = std::move(result.body);
      break;
    }
  }
  summarize(end);
  context_.sink.on_summary(end.summary);
  return end;
}

void Operation::summarize(OperationEnd& end) const {
  SummaryRecord& summary = end.summary;
  summary.operation_id = id_;
  summary.attempts = static_cast<int>(end.attempts.size());
  summary.final_outcome = end.outcome;
  summary.final_http_response_status_code = end.status;
  for (const AttemptRecord& a : end.attempts) summary.total_backoff += a.backoff;
  summary.elapsed = whole_ms(context_.clock.now() - start_);
}

}  // namespace cometbench::client
