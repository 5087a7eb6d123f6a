// The forms a record line may take: JSON with record names, JSON with OpenTelemetry names
// (`cometbench run --format otel`) and logfmt (`--format logfmt` and other loggers).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/review_command.h"
#include "review/logfmt.h"
#include "review/otel_names.h"
#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::HasSubstr;

nlohmann::json logfmt(const std::string& line) {
  auto result = parse_logfmt(line);
  EXPECT_TRUE(result.object) << result.error;
  return result.object.value_or(nlohmann::json());
}

TEST(Logfmt, ValuesAreTypedTheWayTheRecordNeedsThem) {
  EXPECT_EQ(logfmt(R"(attempt_index="2" http_response_status_code=null error_type="503" )"
                   R"(usage_seen="false" finish_reason_seen="true" backoff_ms="0")"),
            (nlohmann::json{{"attempt_index", 2},
                            {"http_response_status_code", nullptr},
                            {"error_type", "503"},
                            {"usage_seen", false},
                            {"finish_reason_seen", true},
                            {"backoff_ms", 0}}));
}

TEST(Logfmt, BareValuesAreTypedForAnyKeyAndQuotedOnesStayStrings) {
  EXPECT_EQ(logfmt("a=1 b=true c=null d=x e=\"7\" f=\"null\" g= h=-3"),
            (nlohmann::json{{"a", 1},
                            {"b", true},
                            {"c", nullptr},
                            {"d", "x"},
                            {"e", "7"},
                            {"f", "null"},
                            {"g", ""},
                            {"h", -3}}));
}

TEST(Logfmt, QuotedValuesTakeJsonEscapesAndCrLfIsFine) {
  EXPECT_EQ(logfmt("msg=\"said \\\"hi\\\"\\n\\u00e9\" url=a=b\r"),
            (nlohmann::json{{"msg", "said \"hi\"\n\xC3\xA9"}, {"url", "a=b"}}));
}

TEST(Logfmt, WhatIsNotLogfmtSaysWhereAndWhat) {
  const auto expect_error = [](const std::string& line, std::size_t byte, const char* what) {
    const auto result = parse_logfmt(line);
    EXPECT_FALSE(result.object) << line;
    EXPECT_EQ(result.error_byte, byte) << line;
    EXPECT_EQ(result.error, what) << line;
  };
  expect_error("hello world", 6, "'=' after the key");
  expect_error("a=\"open", 8, "a closing quote");
  expect_error("a=\"x\"b=1", 6, "a space after the value");
  expect_error("a=x\"y", 4, "a space before the quote");
  expect_error("a=\"\\q\"", 4, "a JSON escape (\\\" \\\\ \\n \\t \\uXXXX ...)");
  expect_error(std::string("a=b\x01"), 4, "a value without control characters");
  expect_error("\xC3\xA9=1", 1, "a key");
  expect_error("   ", 1, "a key=value pair");
}

TEST(OtelNames, CometbenchOtelRecordsReadAsRecords) {
  const auto attempt = nlohmann::json::parse(
      R"({"cometbench.record":"attempt","cometbench.operation_id":"op-1",)"
      R"("http.request.resend_count":1,"url.template":"/v1/chat/completions",)"
      R"("http.request.method":"POST","cometbench.retry_decision":"retried"})");
  ASSERT_TRUE(uses_otel_names(attempt));
  EXPECT_EQ(with_record_names(attempt), (nlohmann::json{{"record", "attempt"},
                                                        {"operation_id", "op-1"},
                                                        {"attempt_index", 1},
                                                        {"request_route", "/v1/chat/completions"},
                                                        {"http_request_method", "POST"},
                                                        {"retry_decision", "retried"},
                                                        {"http_response_status_code", nullptr},
                                                        {"error_type", nullptr}}));
  const auto summary = nlohmann::json::parse(
      R"({"cometbench.record":"summary","http.response.status_code":200,"cometbench.attempts":1})");
  EXPECT_EQ(with_record_names(summary),
            (nlohmann::json{
                {"record", "summary"}, {"final_http_response_status_code", 200}, {"attempts", 1}}));
}

TEST(OtelNames, AForeignSpanWithoutResendCountIsTheFirstAttempt) {
  const auto span = nlohmann::json::parse(
      R"({"http.request.method":"POST","error.type":"timeout","http_request_method":"GET"})");
  ASSERT_TRUE(uses_otel_names(span));
  // A record name already present wins; the OpenTelemetry one stays as an extra field.
  EXPECT_EQ(with_record_names(span), (nlohmann::json{{"http_request_method", "GET"},
                                                     {"http.request.method", "POST"},
                                                     {"error_type", "timeout"},
                                                     {"http_response_status_code", nullptr},
                                                     {"attempt_index", 0}}));
}

TEST(OtelNames, RecordNamesWinOverExtraOtelFields) {
  EXPECT_FALSE(uses_otel_names(nlohmann::json::parse(
      R"({"attempt_index":1,"http.request.resend_count":0,"http.request.method":"POST"})")));
}

TEST(ReviewForms, StandardInputIsReadForADash) {
  std::ifstream file(testing::fixture_path("clean_cometbench.logfmt"));
  std::stringstream in;
  in << file.rdbuf();
  std::ostringstream out;
  std::ostringstream err;
  cli::ReviewArgs args;
  args.logs = {"-"};
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitOk);
  EXPECT_EQ(out.str(), "clean: 4 records, 1 operation\n");

  std::istringstream bad("{\"a\":1e400}\n");
  std::ostringstream out2;
  EXPECT_EQ(cli::review_command(args, cli::Io{out2, err}, bad), cli::kExitCheckFailed);
  EXPECT_THAT(out2.str(), HasSubstr("<stdin>:1: not_json: "));
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace cometbench::review
