#pragma once

#include <gmock/gmock.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "client/records.h"
#include "client/transport.h"
#include "clock/fake_clock.h"

namespace cometbench::client::testing {

using namespace std::chrono_literals;

class MockTransport : public Transport {
 public:
  MOCK_METHOD(TransportResult, perform, (const TransportRequest& request), (override));
  void wake() override {}
};

inline constexpr const char* kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"pong"},)"
    R"("finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})";
inline constexpr const char* kError503 =
    R"({"error":{"message":"Service temporarily unavailable","type":"server_error","code":"service_unavailable"}})";
inline constexpr const char* kError429 =
    R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}})";

/// A transport action: takes `took` of virtual time, then answers `status` with `body`.
inline auto respond(clock::FakeClock& clock, int status, std::string body, Headers headers = {},
                    clock::Duration took = 10ms) {
  return [&clock, status, body = std::move(body), headers = std::move(headers),
          took](const TransportRequest&) {
    clock.advance(took);
    TransportResult r;
    r.status = status;
    r.headers = headers;
    r.body = body;
    r.end_time = clock.now();
    return r;
  };
}

/// A transport action: takes `took`, then fails with `error` (no status).
inline auto fail_with(clock::FakeClock& clock, TransportError error, clock::Duration took = 10ms) {
  return [&clock, error, took](const TransportRequest&) {
    clock.advance(took);
    TransportResult r;
    r.error = error;
    r.end_time = clock.now();
    return r;
  };
}

/// A transport action that never answers: virtual time jumps to the request's deadline (or its
/// cancel time, if earlier), which ends the transfer as CurlTransport would.
inline auto hang(clock::FakeClock& clock) {
  return [&clock](const TransportRequest& request) {
    TransportResult r;
    const bool cancel = request.cancel_at && *request.cancel_at <= request.deadline;
    r.end_time = cancel ? *request.cancel_at : request.deadline;
    r.error = cancel ? TransportError::cancelled : TransportError::timeout;
    if (r.end_time > clock.now()) clock.advance(r.end_time - clock.now());
    return r;
  };
}

/// A transport action that streams SSE `events` (each sent as one `data:` event, 5 ms apart)
/// through the request's data callback, then ends with `end` (none: a clean close).
inline auto stream_events(clock::FakeClock& clock, std::vector<std::string> events,
                          TransportError end = TransportError::none) {
  return [&clock, events = std::move(events), end](const TransportRequest& request) {
    TransportResult r;
    r.status = 200;
    r.headers = {{"content-type", "text/event-stream; charset=utf-8"}};
    for (const std::string& e : events) {
      clock.advance(5ms);
      const std::string bytes = "data: " + e + "\n\n";
      r.body += bytes;
      if (request.on_data && !request.on_data(200, r.headers, bytes)) {
        r.error = TransportError::cancelled;
        break;
      }
    }
    if (r.error == TransportError::none) r.error = end;
    r.end_time = clock.now();
    return r;
  };
}

/// Builds an expected attempt record; defaults: op-0001, POST /v1/chat/completions, success.
class Rec {
 public:
  explicit Rec(int index, std::string op = "op-0001") {
    r_.operation_id = OperationId(std::move(op));
    r_.attempt_index = index;
  }
  Rec& status(int s) {
    r_.http_response_status_code = s;
    return *this;
  }
  Rec& http_error(int s) {
    r_.http_response_status_code = s;
    r_.error_type = ErrorType::http(s);
    return *this;
  }
  Rec& error(ErrorKind kind) {
    r_.error_type = ErrorType::of(kind);
    return *this;
  }
  Rec& decided(RetryDecision d, RetryReason reason, int backoff_ms = 0) {
    r_.retry_decision = d;
    r_.retry_reason = reason;
    r_.backoff = std::chrono::milliseconds(backoff_ms);
    return *this;
  }
  Rec& retried(RetryReason reason, int backoff_ms) {
    return decided(RetryDecision::retried, reason, backoff_ms);
  }
  Rec& object(ResponseObjectType t) {
    r_.response_object_type = t;
    return *this;
  }
  Rec& finish(FinishReason f) {
    r_.finish_reason_seen = true;
    r_.finish_reason = f;
    return *this;
  }
  Rec& connection(bool reused) {
    r_.connection_reused = reused;
    return *this;
  }
  Rec& usage() {
    r_.usage_seen = true;
    return *this;
  }
  Rec& outcome(Outcome o) {
    r_.final_outcome = o;
    return *this;
  }
  Rec& at(int start_ms, int duration_ms) {
    r_.attempt_start = std::chrono::milliseconds(start_ms);
    r_.attempt_duration = std::chrono::milliseconds(duration_ms);
    return *this;
  }
  /// A 200 chat.completion with finish_reason stop and usage.
  Rec& completion() {
    return status(200)
        .object(ResponseObjectType::chat_completion)
        .finish(FinishReason::stop)
        .usage();
  }
  operator AttemptRecord() const { return r_; }  // NOLINT: builder

 private:
  AttemptRecord r_;
};

inline SummaryRecord summary(int attempts, Outcome outcome, std::optional<int> status,
                             int total_backoff_ms, int elapsed_ms, std::string op = "op-0001") {
  SummaryRecord s;
  s.operation_id = OperationId(std::move(op));
  s.attempts = attempts;
  s.final_outcome = outcome;
  s.final_http_response_status_code = status;
  s.total_backoff = std::chrono::milliseconds(total_backoff_ms);
  s.elapsed = std::chrono::milliseconds(elapsed_ms);
  return s;
}

inline std::vector<std::chrono::milliseconds> ms_list(std::initializer_list<int> values) {
  std::vector<std::chrono::milliseconds> out;
  for (int v : values) out.emplace_back(v);
  return out;
}

inline std::vector<std::chrono::milliseconds> sleeps_ms(const clock::FakeClock& clock) {
  std::vector<std::chrono::milliseconds> out;
  for (clock::Duration d : clock.sleeps()) {
    out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(d));
  }
  return out;
}

}  // namespace cometbench::client::testing
