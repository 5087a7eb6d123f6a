#include "client/records.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "client/record_sink.h"
#include "client/record_writers.h"
#include "test_support.h"

namespace cometbench::client {
namespace {

using testing::Rec;

AttemptRecord failed_attempt() {
  return Rec(2, "op-7")
      .http_error(503)
      .retried(RetryReason::retry_after_honored, 2000)
      .object(ResponseObjectType::error)
      .outcome(Outcome::transient_failure)
      .at(510, 12)
      .connection(true);
}

AttemptRecord timed_out_attempt() {
  return Rec(1, "op-7")
      .error(ErrorKind::timeout)
      .decided(RetryDecision::final_attempt, RetryReason::max_attempts_reached)
      .outcome(Outcome::transient_failure)
      .at(0, 30000);
}

AttemptRecord streamed_attempt() {
  return Rec(3, "op-7")
      .status(200)
      .object(ResponseObjectType::chat_completion_chunk)
      .finish(FinishReason::length)
      .usage()
      .at(2522, 40)
      .connection(false);
}

TEST(JsonlWriterTest, WritesAnAttemptWithKeysInDesignOrder) {
  EXPECT_EQ(
      to_jsonl(failed_attempt()),
      R"({"record":"attempt","operation_id":"op-7","attempt_index":2,)"
      R"("request_route":"/v1/chat/completions","http_request_method":"POST",)"
      R"("http_response_status_code":503,"error_type":"503","retry_decision":"retried",)"
      R"("retry_reason":"retry_after_honored","backoff_ms":2000,)"
      R"("response_object_type":"error","finish_reason_seen":false,"usage_seen":false,)"
      R"("final_outcome":"transient_failure","attempt_start_ms":510,"attempt_duration_ms":12,)"
      R"("finish_reason":null,"connection_reused":true})");
}

TEST(JsonlWriterTest, WritesNullForAbsentValues) {
  EXPECT_EQ(to_jsonl(timed_out_attempt()),
            R"({"record":"attempt","operation_id":"op-7","attempt_index":1,)"
            R"("request_route":"/v1/chat/completions","http_request_method":"POST",)"
            R"("http_response_status_code":null,"error_type":"timeout",)"
            R"("retry_decision":"final_attempt","retry_reason":"max_attempts_reached",)"
            R"("backoff_ms":0,"response_object_type":null,"finish_reason_seen":false,)"
            R"("usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,)"
            R"("attempt_duration_ms":30000,"finish_reason":null,"connection_reused":null})");
}

TEST(JsonlWriterTest, WritesASuccessfulStreamedAttempt) {
  EXPECT_EQ(to_jsonl(streamed_attempt()),
            R"({"record":"attempt","operation_id":"op-7","attempt_index":3,)"
            R"("request_route":"/v1/chat/completions","http_request_method":"POST",)"
            R"("http_response_status_code":200,"error_type":null,"retry_decision":"not_retried",)"
            R"("retry_reason":"success","backoff_ms":0,)"
            R"("response_object_type":"chat.completion.chunk","finish_reason_seen":true,)"
            R"("usage_seen":true,"final_outcome":"success","attempt_start_ms":2522,)"
            R"("attempt_duration_ms":40,"finish_reason":"length","connection_reused":false})");
}

TEST(JsonlWriterTest, WritesASummary) {
  EXPECT_EQ(to_jsonl(testing::summary(3, Outcome::success, 200, 2500, 2562, "op-7")),
            R"({"record":"summary","operation_id":"op-7","attempts":3,"final_outcome":"success",)"
            R"("final_http_response_status_code":200,"total_backoff_ms":2500,"elapsed_ms":2562})");
  EXPECT_EQ(to_jsonl(testing::summary(0, Outcome::cancelled, std::nullopt, 0, 0, "op-7")),
            R"({"record":"summary","operation_id":"op-7","attempts":0,"final_outcome":"cancelled",)"
            R"("final_http_response_status_code":null,"total_backoff_ms":0,"elapsed_ms":0})");
}

TEST(JsonlWriterTest, EveryLineIsValidJsonWithTheDesignKeys) {
  for (const AttemptRecord& r : {failed_attempt(), timed_out_attempt(), streamed_attempt()}) {
    const auto j = nlohmann::ordered_json::parse(to_jsonl(r));
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.push_back(k);
    EXPECT_EQ(keys, (std::vector<std::string>{
                        "record", "operation_id", "attempt_index", "request_route",
                        "http_request_method", "http_response_status_code", "error_type",
                        "retry_decision", "retry_reason", "backoff_ms", "response_object_type",
                        "finish_reason_seen", "usage_seen", "final_outcome", "attempt_start_ms",
                        "attempt_duration_ms", "finish_reason", "connection_reused"}));
  }
}

TEST(LogfmtWriterTest, QuotesEveryValueAndWritesBareNull) {
  EXPECT_EQ(to_logfmt(timed_out_attempt()),
            R"(record="attempt" operation_id="op-7" attempt_index="1" )"
            R"(request_route="/v1/chat/completions" http_request_method="POST" )"
            R"(http_response_status_code=null error_type="timeout" retry_decision="final_attempt" )"
            R"(retry_reason="max_attempts_reached" backoff_ms="0" response_object_type=null )"
            R"(finish_reason_seen="false" usage_seen="false" final_outcome="transient_failure" )"
            R"(attempt_start_ms="0" attempt_duration_ms="30000" finish_reason=null )"
            R"(connection_reused=null)");
  EXPECT_EQ(to_logfmt(testing::summary(2, Outcome::auth_error, 401, 500, 520, "op-7")),
            R"(record="summary" operation_id="op-7" attempts="2" final_outcome="auth_error" )"
            R"(final_http_response_status_code="401" total_backoff_ms="500" elapsed_ms="520")");
}

TEST(OtelWriterTest, UsesSemanticConventionNamesAndOmitsAbsentValues) {
  EXPECT_EQ(
      to_otel(failed_attempt()),
      R"({"cometbench.record":"attempt","cometbench.operation_id":"op-7",)"
      R"("http.request.resend_count":1,"url.template":"/v1/chat/completions",)"
      R"("http.request.method":"POST","http.response.status_code":503,"error.type":"503",)"
      R"("cometbench.retry_decision":"retried","cometbench.retry_reason":"retry_after_honored",)"
      R"("cometbench.backoff_ms":2000,"cometbench.response_object_type":"error",)"
      R"("cometbench.finish_reason_seen":false,"cometbench.usage_seen":false,)"
      R"("cometbench.final_outcome":"transient_failure",)"
      R"("cometbench.attempt_start_ms":510,"cometbench.attempt_duration_ms":12,)"
      R"("cometbench.connection_reused":true})");
  EXPECT_EQ(to_otel(timed_out_attempt()),
            R"({"cometbench.record":"attempt","cometbench.operation_id":"op-7",)"
            R"("http.request.resend_count":0,"url.template":"/v1/chat/completions",)"
            R"("http.request.method":"POST","error.type":"timeout",)"
            R"("cometbench.retry_decision":"final_attempt",)"
            R"("cometbench.retry_reason":"max_attempts_reached","cometbench.backoff_ms":0,)"
            R"("cometbench.finish_reason_seen":false,"cometbench.usage_seen":false,)"
            R"("cometbench.final_outcome":"transient_failure",)"
            R"("cometbench.attempt_start_ms":0,"cometbench.attempt_duration_ms":30000})");
  EXPECT_EQ(to_otel(testing::summary(3, Outcome::success, 200, 2500, 2562, "op-7")),
            R"({"cometbench.record":"summary","cometbench.operation_id":"op-7",)"
            R"("cometbench.attempts":3,"cometbench.final_outcome":"success",)"
            R"("http.response.status_code":200,"cometbench.total_backoff_ms":2500,)"
            R"("cometbench.elapsed_ms":2562})");
}

TEST(RecordFormatTest, ParsesItsNames) {
  EXPECT_EQ(record_format_from_string("jsonl"), RecordFormat::jsonl);
  EXPECT_EQ(record_format_from_string("logfmt"), RecordFormat::logfmt);
  EXPECT_EQ(record_format_from_string("otel"), RecordFormat::otel);
  EXPECT_EQ(record_format_from_string("json"), std::nullopt);
}

TEST(OperationIdTest, AcceptsOnlyTheSafeAlphabet) {
  EXPECT_TRUE(OperationId::is_valid("op-0001"));
  EXPECT_TRUE(OperationId::is_valid("rate-limited.v2:run_3"));
  EXPECT_TRUE(OperationId::is_valid(std::string(128, 'a')));
  EXPECT_FALSE(OperationId::is_valid(std::string(129, 'a')));
  EXPECT_FALSE(OperationId::is_valid(""));
  EXPECT_FALSE(OperationId::is_valid("has space"));
  EXPECT_FALSE(OperationId::is_valid("quote\""));
  EXPECT_FALSE(OperationId::is_valid("slash/"));
  EXPECT_FALSE(OperationId::is_valid("caf\xc3\xa9"));
  EXPECT_THROW(OperationId("sk-secret key"), std::invalid_argument);
  try {
    OperationId("sk-secret key");
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("sk-secret"), std::string::npos);
  }
}

TEST(RequestRouteTest, RejectsQueriesAndStrangeCharacters) {
  EXPECT_TRUE(RequestRoute::is_valid("/v1/chat/completions"));
  EXPECT_FALSE(RequestRoute::is_valid("v1/chat"));
  EXPECT_FALSE(RequestRoute::is_valid("/v1/chat?key=sk"));
  EXPECT_FALSE(RequestRoute::is_valid("/v1/%20"));
}

TEST(ErrorTypeTest, RendersStatusesAndClasses) {
  EXPECT_EQ(ErrorType::http(503).str(), "503");
  EXPECT_EQ(ErrorType::http(503).status(), 503);
  EXPECT_EQ(ErrorType::of(ErrorKind::empty_reply).str(), "empty_reply");
  EXPECT_EQ(ErrorType::of(ErrorKind::empty_reply).status(), std::nullopt);
  EXPECT_THROW(ErrorType::http(99), std::invalid_argument);
  EXPECT_THROW(ErrorType::of(ErrorKind::http_status), std::invalid_argument);
}

TEST(RecordPrinterTest, PrintsTheJsonlLine) {
  EXPECT_EQ(::testing::PrintToString(timed_out_attempt()), to_jsonl(timed_out_attempt()));
}

TEST(StreamRecordSinkTest, WritesOneTerminatedLinePerRecord) {
  std::ostringstream out;
  StreamRecordSink sink(out, RecordFormat::logfmt);
  sink.on_attempt(timed_out_attempt());
  sink.on_summary(testing::summary(1, Outcome::transient_failure, std::nullopt, 0, 30000, "op-7"));
  EXPECT_EQ(out.str(), to_logfmt(timed_out_attempt()) + "\n" +
                           to_logfmt(testing::summary(1, Outcome::transient_failure, std::nullopt,
                                                      0, 30000, "op-7")) +
                           "\n");
}

TEST(InMemorySinkTest, KeepsRecordsAndLinesInArrivalOrder) {
  InMemorySink sink;
  sink.on_attempt(failed_attempt());
  sink.on_attempt(streamed_attempt());
  const SummaryRecord s = testing::summary(3, Outcome::success, 200, 2500, 2562, "op-7");
  sink.on_summary(s);
  EXPECT_EQ(sink.attempts(), (std::vector<AttemptRecord>{failed_attempt(), streamed_attempt()}));
  EXPECT_EQ(sink.summaries(), std::vector<SummaryRecord>{s});
  EXPECT_EQ(sink.lines(), (std::vector<std::string>{to_jsonl(failed_attempt()),
                                                    to_jsonl(streamed_attempt()), to_jsonl(s)}));
  sink.clear();
  EXPECT_TRUE(sink.lines().empty());
}

}  // namespace
}  // namespace cometbench::client
