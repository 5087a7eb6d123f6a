// libFuzzer target: one attempt's response through the client's classifier, as JSON and as an
// SSE stream (run_attempt with an in-process transport). Input: byte 0 picks the status and the
// transport error, byte 1 whether it is an event stream; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "client/attempt.h"
#include "client/classify.h"
#include "client/policy.h"

namespace {

using namespace cometbench::client;

// Answers with the fuzzer's bytes, feeding them to the data callback in 7-byte pieces.
class BytesTransport final : public Transport {
 public:
  BytesTransport(int status, bool stream, TransportError error, std::string_view body)
      : status_(status), stream_(stream), error_(error), body_(body) {}
  TransportResult perform(const TransportRequest& request) override {
    TransportResult r;
    r.status = status_;
    r.headers = {{"content-type", stream_ ? "text/event-stream" : "application/json"}};
    r.error = error_;
    for (std::size_t at = 0; at < body_.size(); at += 7) {
      const std::string_view piece = body_.substr(at, 7);
      r.body.append(piece);
      if (request.on_data && !request.on_data(status_, r.headers, piece)) {
        r.error = TransportError::cancelled;
        break;
      }
    }
    return r;
  }
  void wake() override {}

 private:
  int status_;
  bool stream_;
  TransportError error_;
  std::string_view body_;
};

constexpr int kStatuses[] = {200, 201, 204, 400, 401, 403, 404, 408, 409, 429, 500, 502, 503, 524};
constexpr TransportError kErrors[] = {TransportError::none, TransportError::none,
                                      TransportError::truncated_body, TransportError::timeout};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int status = kStatuses[data[0] % std::size(kStatuses)];
  const TransportError error = kErrors[(data[0] / std::size(kStatuses)) % std::size(kErrors)];
  const bool stream = (data[1] & 1) != 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);
  BytesTransport transport(status, stream, error, body);
  std::size_t delivered = 0;
  const AttemptResult attempt =
      run_attempt(transport, TransportRequest{}, [&](const nlohmann::json&) { ++delivered; });
  const RetryPolicy policy;
  const Classification c = classify(attempt.transport, attempt.body,
                                    attempt.stream ? &*attempt.stream : nullptr, policy);
  // Invariants: success only for a 2xx with the completion shape; an error event or a chunk
  // count mismatch never passes as success.
  if (c.verdict == Verdict::success) {
    if (status < 200 || status > 299 || error != TransportError::none) __builtin_trap();
    if (!attempt.stream && !has_completion_shape(attempt.body)) __builtin_trap();
    if (attempt.stream &&
        (!attempt.stream->done || attempt.stream->error_event || attempt.stream->chunks == 0)) {
      __builtin_trap();
    }
  }
  if (attempt.stream && attempt.stream->chunks != delivered) __builtin_trap();
  return 0;
}
