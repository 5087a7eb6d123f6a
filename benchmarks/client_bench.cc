// The client's per-attempt overhead: classification, the retry decision and the JSONL record.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "client/backoff.h"
#include "client/chat_client.h"
#include "client/classify.h"
#include "client/record_writers.h"
#include "client/retry_decider.h"
#include "clock/fake_clock.h"

namespace cometbench::client {
namespace {

using namespace std::chrono_literals;

const char* const kError503 =
    R"({"error":{"message":"Service temporarily unavailable","type":"server_error","code":"service_unavailable"}})";
const char* const kCompletion =
    R"({"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})";

// Policy decision + record write for one failed attempt (503 with Retry-After), body already
// parsed: what the client adds on top of the transfer and the JSON parse.
void BM_DecisionAndJsonlRecord(benchmark::State& state) {
  RetryPolicy policy;
  policy.max_attempts = 1000000;
  SplitMix64 random(42);
  BackoffStrategy backoff(policy, random);
  RetryDecider decider(policy, backoff, nullptr);
  TransportResult t;
  t.status = 503;
  t.headers = {{"content-type", "application/json"}, {"retry-after", "2"}};
  t.body = kError503;
  const nlohmann::json body = nlohmann::json::parse(t.body);
  const OperationId id("op-0001");
  const RequestRoute route("/v1/chat/completions");
  const clock::WallTime wall{std::chrono::seconds(clock::FakeClock::kDefaultEpochSeconds)};
  std::size_t bytes = 0;
  for (auto _ : state) {
    const Classification c = classify(t, body, nullptr, policy);
    DecisionInput in;
    in.attempt_index = 1;
    in.now = clock::TimePoint{} + 10ms;
    in.wall_now = wall;
    in.headers = &t.headers;
    const Decision d = decider.decide(c, in);
    const AttemptRecord record{.operation_id = id,
                               .attempt_index = 1,
                               .request_route = route,
                               .http_response_status_code = t.status,
                               .error_type = c.error_type,
                               .retry_decision = d.decision,
                               .retry_reason = d.reason,
                               .backoff = d.backoff,
                               .response_object_type = c.response_object_type,
                               .finish_reason_seen = c.finish_reason.has_value(),
                               .usage_seen = c.usage_seen,
                               .final_outcome = c.outcome,
                               .attempt_start = 0ms,
                               .attempt_duration = 10ms,
                               .finish_reason = c.finish_reason,
                               .connection_reused = std::nullopt};
    std::string line = to_jsonl(record);
    bytes += line.size();
    benchmark::DoNotOptimize(line);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_DecisionAndJsonlRecord);

void BM_JsonlRecordOnly(benchmark::State& state) {
  AttemptRecord record;
  record.http_response_status_code = 503;
  record.error_type = ErrorType::http(503);
  record.retry_decision = RetryDecision::retried;
  record.retry_reason = RetryReason::retry_after_honored;
  record.backoff = 2000ms;
  record.response_object_type = ResponseObjectType::error;
  record.final_outcome = Outcome::transient_failure;
  for (auto _ : state) {
    std::string line = to_jsonl(record);
    benchmark::DoNotOptimize(line);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JsonlRecordOnly);

// A canned in-process transport: 503, then 200, forever. No network, no real waiting.
class CannedTransport final : public Transport {
 public:
  explicit CannedTransport(clock::FakeClock& clock) : clock_(clock) {}
  TransportResult perform(const TransportRequest&) override {
    clock_.advance(10ms);
    TransportResult r;
    r.status = (calls_++ % 2 == 0) ? 503 : 200;
    r.body = *r.status == 503 ? kError503 : kCompletion;
    r.end_time = clock_.now();
    return r;
  }
  void wake() override {}

 private:
  clock::FakeClock& clock_;
  std::uint64_t calls_ = 0;
};

// Whole-client overhead per attempt (request build, body parse, classify, decide, virtual
// backoff, records into a JSONL sink that discards), two attempts per operation.
void BM_CompletePerAttempt(benchmark::State& state) {
  clock::FakeClock clock;
  CannedTransport transport(clock);
  std::ostringstream out;
  StreamRecordSink sink(out, RecordFormat::jsonl);
  ClientConfig config;
  config.api_key = "bench-key";
  ChatClient client(config, transport, clock, sink, empty_environment());
  const nlohmann::json request = {{"model", "gpt-4o-mini"},
                                  {"messages", {{{"role", "user"}, {"content", "ping"}}}}};
  std::int64_t attempts = 0;
  for (auto _ : state) {
    const Result r = client.complete(request);
    attempts += static_cast<std::int64_t>(r.attempts.size());
    if (out.tellp() > (1 << 20)) out.str("");
  }
  state.SetItemsProcessed(attempts);
  state.counters["ns_per_attempt"] = benchmark::Counter(
      static_cast<double>(attempts), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_CompletePerAttempt);

}  // namespace
}  // namespace cometbench::client

BENCHMARK_MAIN();
