#include "client/classify.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace cometbench::client {
namespace {

using testing::kCompletion;
using testing::kError503;

struct Row {
  std::string name;
  std::optional<int> status;
  TransportError error;
  Headers headers;
  std::string body;
  Verdict verdict;
  RetryReason reason;
  Outcome outcome;
  std::optional<ErrorType> error_type;
  std::optional<ResponseObjectType> object_type;
};

void PrintTo(const Row& row, std::ostream* out) { *out << row.name; }

Classification classify_row(const Row& row, const RetryPolicy& policy) {
  TransportResult t;
  t.status = row.status;
  t.error = row.error;
  t.headers = row.headers;
  t.body = row.body;
  return classify(t, nlohmann::json::parse(row.body, nullptr, false), nullptr, policy);
}

class ClassifyTableTest : public ::testing::TestWithParam<Row> {};

TEST_P(ClassifyTableTest, ClassifiesAsDocumented) {
  const Row& row = GetParam();
  const Classification c = classify_row(row, RetryPolicy{});
  EXPECT_EQ(c.verdict, row.verdict);
  EXPECT_EQ(c.reason, row.reason);
  EXPECT_EQ(c.outcome, row.outcome);
  EXPECT_EQ(c.error_type, row.error_type);
  EXPECT_EQ(c.response_object_type, row.object_type);
}

constexpr auto kErr = ResponseObjectType::error;

// A row for a response that arrived completely. error_type follows from the status.
Row http(std::string name, int status, std::string body, Headers headers, Verdict verdict,
         RetryReason reason, Outcome outcome,
         std::optional<ResponseObjectType> object_type = std::nullopt,
         std::optional<ErrorKind> kind = std::nullopt) {
  std::optional<ErrorType> error_type;
  if (kind) {
    error_type = ErrorType::of(*kind);
  } else if (status < 200 || status > 299) {
    error_type = ErrorType::http(status);
  }
  return Row{
      std::move(name), status,  TransportError::none, std::move(headers), std::move(body), verdict,
      reason,          outcome, error_type,           object_type};
}

// A row for a transfer that failed.
Row failure(std::string name, TransportError error, Verdict verdict, RetryReason reason,
            ErrorKind kind, std::optional<int> status = std::nullopt,
            Outcome outcome = Outcome::transient_failure) {
  return Row{std::move(name),          status,      error,  {},
             status ? R"({"obj)" : "", verdict,     reason, outcome,
             ErrorType::of(kind),      std::nullopt};
}

// One row per line reads as the table it is.
// clang-format off
INSTANTIATE_TEST_SUITE_P(Table, ClassifyTableTest, ::testing::Values(
    http("ok", 200, kCompletion, {}, Verdict::success, RetryReason::success, Outcome::success, ResponseObjectType::chat_completion),
    http("ok_unknown_object", 201, R"({"object":"thing"})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, ResponseObjectType::other, ErrorKind::unexpected_shape),
    http("ok_hello_world", 200, R"({"hello":"world"})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, std::nullopt, ErrorKind::unexpected_shape),
    http("ok_no_choices", 200, R"({"object":"chat.completion","choices":[]})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, ResponseObjectType::chat_completion, ErrorKind::unexpected_shape),
    http("ok_choice_without_message", 200, R"({"object":"chat.completion","choices":[{"index":0,"finish_reason":"stop"}]})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, ResponseObjectType::chat_completion, ErrorKind::unexpected_shape),
    http("ok_second_choice_without_message", 200, R"({"object":"chat.completion","choices":[{"message":{}},{"index":1}]})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, ResponseObjectType::chat_completion, ErrorKind::unexpected_shape),
    http("ok_chunk_object_unstreamed", 200, R"({"object":"chat.completion.chunk","choices":[{"message":{}}]})", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, ResponseObjectType::chat_completion_chunk, ErrorKind::unexpected_shape),
    http("ok_not_json", 200, "<html>", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, std::nullopt, ErrorKind::invalid_json),
    http("ok_json_array", 200, "[]", {}, Verdict::terminal, RetryReason::invalid_response, Outcome::unknown, std::nullopt, ErrorKind::invalid_json),
    http("bad_request", 400, kError503, {}, Verdict::terminal, RetryReason::caller_error_terminal, Outcome::caller_error, kErr),
    http("unauthorized", 401, kError503, {}, Verdict::terminal, RetryReason::auth_error_terminal, Outcome::auth_error, kErr),
    http("forbidden_said_retry", 403, "", {{"x-should-retry", "true"}}, Verdict::terminal, RetryReason::auth_error_terminal, Outcome::auth_error),
    http("bad_request_said_retry", 400, kError503, {{"x-should-retry", "true"}}, Verdict::retryable, RetryReason::server_said_retry, Outcome::caller_error, kErr),
    http("server_error_invalid_request_said_retry", 500, R"({"error":{"message":"m","type":"t","code":"invalid_request"}})", {{"x-should-retry", "true"}}, Verdict::retryable, RetryReason::server_said_retry, Outcome::caller_error, kErr),
    http("not_found", 404, "", {}, Verdict::terminal, RetryReason::caller_error_terminal, Outcome::caller_error),
    http("unprocessable", 422, "", {}, Verdict::terminal, RetryReason::caller_error_terminal, Outcome::caller_error),
    http("request_timeout", 408, "", {}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure),
    http("conflict", 409, "", {}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure),
    http("teapot", 418, "", {}, Verdict::terminal, RetryReason::non_retryable_status, Outcome::caller_error),
    http("teapot_said_retry", 418, "", {{"x-should-retry", "true"}}, Verdict::retryable, RetryReason::server_said_retry, Outcome::caller_error),
    http("rate_limited", 429, kError503, {}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure, kErr),
    http("server_error", 500, kError503, {}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure, kErr),
    http("server_error_invalid_request", 500, R"({"error":{"message":"m","type":"t","code":"invalid_request"}})", {}, Verdict::terminal, RetryReason::caller_error_terminal, Outcome::caller_error, kErr),
    http("unavailable_said_no", 503, kError503, {{"x-should-retry", "false"}}, Verdict::terminal, RetryReason::server_said_no_retry, Outcome::transient_failure, kErr),
    http("unavailable_garbage_should_retry", 503, "", {{"x-should-retry", "maybe"}}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure),
    http("cloudflare_origin_timeout", 524, "", {}, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure),
    http("redirect", 302, "", {}, Verdict::terminal, RetryReason::non_retryable_status, Outcome::unknown),
    failure("timeout", TransportError::timeout, Verdict::retryable, RetryReason::retryable_error, ErrorKind::timeout),
    failure("refused", TransportError::connection_refused, Verdict::retryable, RetryReason::retryable_error, ErrorKind::connection_refused),
    failure("reset", TransportError::connection_reset, Verdict::retryable, RetryReason::retryable_error, ErrorKind::connection_reset),
    failure("empty_reply", TransportError::empty_reply, Verdict::retryable, RetryReason::retryable_error, ErrorKind::empty_reply),
    failure("truncated_keeps_status", TransportError::truncated_body, Verdict::retryable, RetryReason::retryable_error, ErrorKind::truncated_body, 200),
    failure("tls", TransportError::tls_error, Verdict::terminal, RetryReason::non_retryable_error, ErrorKind::tls_error),
    failure("dns", TransportError::dns_error, Verdict::terminal, RetryReason::non_retryable_error, ErrorKind::dns_error),
    failure("other_transport", TransportError::transport_error, Verdict::terminal, RetryReason::non_retryable_error, ErrorKind::transport_error),
    failure("cancelled", TransportError::cancelled, Verdict::terminal, RetryReason::cancelled, ErrorKind::cancelled, std::nullopt, Outcome::cancelled)),
    [](const auto& param_info) { return param_info.param.name; });
// clang-format on

TEST(ClassifyTest, IgnoresXShouldRetryWhenThePolicySaysSo) {
  RetryPolicy policy;
  policy.honor_x_should_retry = false;
  const Row row = http("", 503, "", {{"x-should-retry", "false"}}, Verdict::retryable,
                       RetryReason::retryable_status, Outcome::transient_failure);
  EXPECT_EQ(classify_row(row, policy).verdict, Verdict::retryable);
}

TEST(ClassifyTest, RetriesInvalidJsonWhenThePolicyListsIt) {
  RetryPolicy policy;
  policy.retry_on_errors.insert(ErrorKind::invalid_json);
  const Row row = http("", 200, "not json", {}, Verdict::retryable, RetryReason::retryable_error,
                       Outcome::unknown);
  const Classification c = classify_row(row, policy);
  EXPECT_EQ(c.verdict, Verdict::retryable);
  EXPECT_EQ(c.reason, RetryReason::retryable_error);
  EXPECT_EQ(c.outcome, Outcome::unknown);
}

// cut_body: by_status (openai-node): what arrived with the headers decides.
struct CutRow {
  std::string name;
  int status;
  TransportError error;
  Verdict verdict;
  RetryReason reason;
  Outcome outcome;
  ErrorType error_type;
};

void PrintTo(const CutRow& row, std::ostream* out) { *out << row.name; }

class CutBodyByStatusTest : public ::testing::TestWithParam<CutRow> {};

TEST_P(CutBodyByStatusTest, JudgesTheHeaders) {
  const CutRow& row = GetParam();
  RetryPolicy policy;
  policy.cut_body = CutBody::by_status;
  TransportResult t;
  t.status = row.status;
  t.error = row.error;
  t.body = R"({"error": {"mess)";
  const Classification c =
      classify(t, nlohmann::json::parse(t.body, nullptr, false), nullptr, policy);
  EXPECT_EQ(c.verdict, row.verdict);
  EXPECT_EQ(c.reason, row.reason);
  EXPECT_EQ(c.outcome, row.outcome);
  EXPECT_EQ(c.error_type, row.error_type);
  EXPECT_EQ(c.response_object_type, std::nullopt);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(Table, CutBodyByStatusTest, ::testing::Values(
    CutRow{"cut_503_is_a_503", 503, TransportError::truncated_body, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure, ErrorType::http(503)},
    CutRow{"reset_429_is_a_429", 429, TransportError::connection_reset, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure, ErrorType::http(429)},
    CutRow{"cut_400_is_a_400", 400, TransportError::truncated_body, Verdict::terminal, RetryReason::caller_error_terminal, Outcome::caller_error, ErrorType::http(400)},
    CutRow{"timed_out_503_is_a_503", 503, TransportError::timeout, Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure, ErrorType::http(503)},
    CutRow{"cut_200_is_committed", 200, TransportError::truncated_body, Verdict::terminal, RetryReason::response_committed, Outcome::transient_failure, ErrorType::of(ErrorKind::truncated_body)},
    CutRow{"reset_200_is_committed", 200, TransportError::connection_reset, Verdict::terminal, RetryReason::response_committed, Outcome::transient_failure, ErrorType::of(ErrorKind::connection_reset)},
    CutRow{"timed_out_200_is_retried", 200, TransportError::timeout, Verdict::retryable, RetryReason::retryable_error, Outcome::transient_failure, ErrorType::of(ErrorKind::timeout)},
    CutRow{"cancelled_200_stays_cancelled", 200, TransportError::cancelled, Verdict::terminal, RetryReason::cancelled, Outcome::cancelled, ErrorType::of(ErrorKind::cancelled)}),
    [](const auto& param_info) { return param_info.param.name; });
// clang-format on

TEST(ClassifyTest, CutBodyByStatusLeavesFailuresBeforeTheHeadersAlone) {
  RetryPolicy policy;
  policy.cut_body = CutBody::by_status;
  const Row row = failure("", TransportError::empty_reply, Verdict::retryable,
                          RetryReason::retryable_error, ErrorKind::empty_reply);
  const Classification c = classify_row(row, policy);
  EXPECT_EQ(c.verdict, Verdict::retryable);
  EXPECT_EQ(c.error_type, ErrorType::of(ErrorKind::empty_reply));
}

TEST(ClassifyTest, InvalidRequest500IsJudgedByItsStatusWhenThePolicySaysSo) {
  RetryPolicy policy;
  policy.invalid_request_500_terminal = false;
  const Row row =
      http("", 500, R"({"error":{"message":"m","type":"t","code":"invalid_request"}})", {},
           Verdict::retryable, RetryReason::retryable_status, Outcome::transient_failure);
  const Classification c = classify_row(row, policy);
  EXPECT_EQ(c.verdict, Verdict::retryable);
  EXPECT_EQ(c.reason, RetryReason::retryable_status);
  EXPECT_EQ(c.outcome, Outcome::transient_failure);
}

TEST(ClassifyTest, ReadsFinishReasonAndUsageFromTheBody) {
  const Row row =
      http("", 200, kCompletion, {}, Verdict::success, RetryReason::success, Outcome::success);
  const Classification c = classify_row(row, RetryPolicy{});
  EXPECT_EQ(c.finish_reason, FinishReason::stop);
  EXPECT_TRUE(c.usage_seen);
}

TEST(ClassifyTest, MapsUnknownFinishReasonsToOtherAndNullToAbsent) {
  Row row = http("", 200, R"({"object":"chat.completion","choices":[{"finish_reason":"x"}]})", {},
                 Verdict::success, RetryReason::success, Outcome::success);
  EXPECT_EQ(classify_row(row, RetryPolicy{}).finish_reason, FinishReason::other);
  row.body = R"({"choices":[{"finish_reason":null}],"usage":null})";
  const Classification c = classify_row(row, RetryPolicy{});
  EXPECT_EQ(c.finish_reason, std::nullopt);
  EXPECT_FALSE(c.usage_seen);
  EXPECT_EQ(c.response_object_type, std::nullopt);
}

TEST(ClassifyTest, AStreamWithoutDoneIsTruncated) {
  TransportResult t;
  t.status = 200;
  StreamObservation s;
  s.chunks = 2;
  s.object_type = ResponseObjectType::chat_completion_chunk;
  const Classification c = classify(t, nlohmann::json(), &s, RetryPolicy{});
  EXPECT_EQ(c.error_type, ErrorType::of(ErrorKind::truncated_body));
  EXPECT_EQ(c.response_object_type, ResponseObjectType::chat_completion_chunk);
  s.done = true;
  EXPECT_EQ(classify(t, nlohmann::json(), &s, RetryPolicy{}).verdict, Verdict::success);
}

}  // namespace
}  // namespace cometbench::client
