#include "client/policy.h"

#include <gtest/gtest.h>

#include <string>

namespace cometbench::client {
namespace {

using Json = nlohmann::json;
using std::chrono::milliseconds;

const std::string kFile = "fixtures/scenarios/x.json";
const std::string kPrefix = "/client/policy";

RetryPolicy parse(const std::string& text) {
  return parse_policy(Json::parse(text), kFile, kPrefix);
}

std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const PolicyError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(PolicyTest, AnEmptyObjectGivesTheDocumentedDefaults) {
  const RetryPolicy p = parse("{}");
  EXPECT_EQ(p, RetryPolicy{});
  EXPECT_EQ(p.max_attempts, 3);
  EXPECT_EQ(p.initial_backoff, milliseconds(500));
  EXPECT_EQ(p.max_backoff, milliseconds(8000));
  EXPECT_EQ(p.multiplier, 2.0);
  EXPECT_EQ(p.jitter, Jitter::full);
  EXPECT_EQ(p.seed, std::nullopt);
  EXPECT_EQ(p.effective_seed(), kDefaultSeed);
  EXPECT_EQ(p.attempt_timeout, milliseconds(60000));
  EXPECT_EQ(p.deadline, std::nullopt);
  EXPECT_EQ(p.retry_on_status, (std::set<int>{408, 409, 429, 500, 502, 503, 504, 524}));
  EXPECT_EQ(p.retry_on_errors,
            (std::set<ErrorKind>{ErrorKind::timeout, ErrorKind::connection_reset,
                                 ErrorKind::empty_reply, ErrorKind::truncated_body,
                                 ErrorKind::connection_refused, ErrorKind::stream_error}));
  EXPECT_TRUE(p.honor_retry_after);
  EXPECT_EQ(p.max_retry_after, milliseconds(120000));
  EXPECT_EQ(p.retry_after_over_cap, RetryAfterOverCap::give_up);
  EXPECT_TRUE(p.honor_x_should_retry);
  EXPECT_EQ(p.retry_budget, std::nullopt);
}

TEST(PolicyTest, EveryFieldIsRead) {
  const RetryPolicy p = parse(R"({
    "max_attempts": 5, "initial_backoff_ms": 100, "max_backoff_ms": 900, "multiplier": 1.5,
    "jitter": "decorrelated", "seed": 18446744073709551615, "attempt_timeout_ms": 2000,
    "deadline_ms": 9000, "retry_on_status": [503, 429, 503], "retry_on_errors": ["timeout", "tls_error"],
    "honor_retry_after": false, "max_retry_after_ms": 0, "retry_after_over_cap": "use_backoff",
    "honor_x_should_retry": false, "retry_budget": {"capacity": 20, "timeout_cost": 7}})");
  RetryPolicy expected;
  expected.max_attempts = 5;
  expected.initial_backoff = milliseconds(100);
  expected.max_backoff = milliseconds(900);
  expected.multiplier = 1.5;
  expected.jitter = Jitter::decorrelated;
  expected.seed = 18446744073709551615ULL;
  expected.attempt_timeout = milliseconds(2000);
  expected.deadline = milliseconds(9000);
  expected.retry_on_status = {429, 503};
  expected.retry_on_errors = {ErrorKind::timeout, ErrorKind::tls_error};
  expected.honor_retry_after = false;
  expected.max_retry_after = milliseconds(0);
  expected.retry_after_over_cap = RetryAfterOverCap::use_backoff;
  expected.honor_x_should_retry = false;
  expected.retry_budget = RetryBudgetConfig{20, 5, 7, 1};
  EXPECT_EQ(p, expected);
}

// What both openai SDKs share (docs/policy.md "Where each openai rule comes from").
RetryPolicy openai_sdk_common() {
  RetryPolicy p;
  p.max_attempts = 3;
  p.initial_backoff = milliseconds(500);
  p.max_backoff = milliseconds(8000);
  p.multiplier = 2.0;
  p.jitter = Jitter::openai;
  p.seed = std::nullopt;
  p.attempt_timeout = milliseconds(600000);
  p.deadline = std::nullopt;
  p.retry_on_status = {408, 409, 429};
  for (int s = 500; s <= 599; ++s) p.retry_on_status.insert(s);
  p.retry_on_errors = {ErrorKind::timeout,          ErrorKind::connection_refused,
                       ErrorKind::connection_reset, ErrorKind::empty_reply,
                       ErrorKind::truncated_body,   ErrorKind::tls_error,
                       ErrorKind::dns_error,        ErrorKind::transport_error};
  p.honor_retry_after = true;
  p.honor_x_should_retry = true;
  p.retry_budget = std::nullopt;
  p.stream_commit = StreamCommit::headers;
  p.invalid_request_500_terminal = false;
  return p;
}

TEST(PolicyTest, OpenaiNodePresetIsOpenaiNode7_59) {
  RetryPolicy expected = openai_sdk_common();
  expected.max_retry_after = milliseconds(60000);
  expected.retry_after_over_cap = RetryAfterOverCap::use_backoff;
  expected.retry_after_zero = RetryAfterZero::immediately;
  expected.cut_body = CutBody::by_status;
  EXPECT_EQ(parse(R"({"preset": "openai-node"})"), expected);
  EXPECT_EQ(expected.retry_on_status.size(), 103u);  // 408, 409, 429 and 500..599
}

TEST(PolicyTest, OpenaiPythonPresetIsOpenaiPython3_3_1) {
  RetryPolicy expected = openai_sdk_common();
  expected.max_retry_after = milliseconds(120000);
  expected.retry_after_over_cap = RetryAfterOverCap::give_up;
  expected.retry_after_zero = RetryAfterZero::use_backoff;
  expected.cut_body = CutBody::transfer_failure;
  EXPECT_EQ(parse(R"({"preset": "openai-python"})"), expected);
}

TEST(PolicyTest, OpenaiIsAnAliasOfOpenaiPython) {
  EXPECT_EQ(parse(R"({"preset": "openai"})"), parse(R"({"preset": "openai-python"})"));
}

TEST(PolicyTest, RetryAfterCapMayBeNone) {
  EXPECT_EQ(parse(R"({"preset": "openai-node", "max_retry_after_ms": null})").max_retry_after,
            std::nullopt);
}

TEST(PolicyTest, AwsStandardPresetHasTheRetryQuota) {
  const RetryPolicy p = parse(R"({"preset": "aws-standard"})");
  EXPECT_EQ(p.max_attempts, 3);
  EXPECT_EQ(p.jitter, Jitter::full);
  EXPECT_EQ(p.initial_backoff, milliseconds(100));
  EXPECT_EQ(p.max_backoff, milliseconds(20000));
  EXPECT_EQ(p.retry_budget, (RetryBudgetConfig{500, 5, 10, 1}));
  EXPECT_EQ(p.retry_on_status, (std::set<int>{429, 500, 502, 503, 504}));
  EXPECT_FALSE(p.honor_retry_after);
  EXPECT_FALSE(p.honor_x_should_retry);
}

TEST(PolicyTest, NonePresetMakesOneAttempt) {
  const RetryPolicy p = parse(R"({"preset": "none"})");
  EXPECT_EQ(p.max_attempts, 1);
  EXPECT_EQ(p.jitter, Jitter::none);
}

TEST(PolicyTest, OtherKeysOverrideThePreset) {
  const RetryPolicy p =
      parse(R"({"max_attempts": 6, "preset": "aws-standard", "retry_budget": null})");
  RetryPolicy expected = *preset_policy("aws-standard");
  expected.max_attempts = 6;
  expected.retry_budget.reset();
  EXPECT_EQ(p, expected);
}

TEST(PolicyTest, RetryBudgetTrueMeansTheDefaults) {
  EXPECT_EQ(parse(R"({"retry_budget": true})").retry_budget, RetryBudgetConfig{});
  EXPECT_EQ(parse(R"({"retry_budget": false})").retry_budget, std::nullopt);
}

TEST(PolicyTest, ToJsonRoundTripsEveryPreset) {
  for (const char* name : {"openai-node", "openai-python", "openai", "aws-standard", "none"}) {
    RetryPolicy p = *preset_policy(name);
    p.seed = 99;
    p.deadline = milliseconds(1234);
    EXPECT_EQ(parse_policy(to_json(p), kFile, kPrefix), p) << name;
  }
  EXPECT_EQ(parse_policy(to_json(RetryPolicy{}), kFile, kPrefix), RetryPolicy{});
}

TEST(PolicyTest, ToJsonPrintsEveryField) {
  EXPECT_EQ(to_json(RetryPolicy{}).dump(),
            R"({"attempt_timeout_ms":60000,"cut_body":"transfer_failure","deadline_ms":null,)"
            R"("honor_retry_after":true,"honor_x_should_retry":true,"initial_backoff_ms":500,)"
            R"("invalid_request_500_terminal":true,"jitter":"full",)"
            R"("max_attempts":3,"max_backoff_ms":8000,"max_retry_after_ms":120000,)"
            R"("multiplier":2.0,"retry_after_over_cap":"give_up","retry_after_zero":"use_backoff",)"
            R"("retry_budget":null,"retry_on_errors":["timeout","connection_refused",)"
            R"("connection_reset","empty_reply","truncated_body","stream_error"],)"
            R"("retry_on_status":[408,409,429,500,502,503,504,524],"seed":null,)"
            R"("stream_commit":"first_chunk"})");
}

struct ErrorRow {
  std::string name;
  std::string document;
  std::string message;
};

void PrintTo(const ErrorRow& row, std::ostream* out) { *out << row.name; }

class PolicyErrorTest : public ::testing::TestWithParam<ErrorRow> {};

TEST_P(PolicyErrorTest, NamesFilePointerAndExpectation) {
  EXPECT_EQ(error_of(GetParam().document), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Messages, PolicyErrorTest,
    ::testing::Values(
        ErrorRow{"unknown_jitter", R"({"jitter": "fullest"})",
                 "fixtures/scenarios/x.json: /client/policy/jitter: expected one of none, full, "
                 "equal, decorrelated, openai, got \"fullest\""},
        ErrorRow{"unknown_key", R"({"max_attempt": 3})",
                 "fixtures/scenarios/x.json: /client/policy/max_attempt: unknown key "
                 "\"max_attempt\", did you mean \"max_attempts\"? (expected one of: preset, "
                 "max_attempts, initial_backoff_ms, "
                 "max_backoff_ms, multiplier, jitter, seed, attempt_timeout_ms, deadline_ms, "
                 "retry_on_status, retry_on_errors, honor_retry_after, max_retry_after_ms, "
                 "retry_after_over_cap, retry_after_zero, honor_x_should_retry, retry_budget, "
                 "stream_commit, cut_body, invalid_request_500_terminal)"},
        ErrorRow{"key_needing_escapes", R"({"a/b~c": 1})",
                 "fixtures/scenarios/x.json: /client/policy/a~1b~0c: unknown key \"a/b~c\" "
                 "(expected one of: preset, max_attempts, initial_backoff_ms, max_backoff_ms, "
                 "multiplier, jitter, seed, attempt_timeout_ms, deadline_ms, retry_on_status, "
                 "retry_on_errors, honor_retry_after, max_retry_after_ms, retry_after_over_cap, "
                 "retry_after_zero, honor_x_should_retry, retry_budget, stream_commit, cut_body, "
                 "invalid_request_500_terminal)"},
        ErrorRow{"zero_attempts", R"({"max_attempts": 0})",
                 "fixtures/scenarios/x.json: /client/policy/max_attempts: expected an integer "
                 "from 1 to 100, got 0"},
        ErrorRow{"attempts_as_string", R"({"max_attempts": "3"})",
                 "fixtures/scenarios/x.json: /client/policy/max_attempts: expected an integer "
                 "from 1 to 100, got a string"},
        ErrorRow{"fractional_attempts", R"({"max_attempts": 2.5})",
                 "fixtures/scenarios/x.json: /client/policy/max_attempts: expected an integer "
                 "from 1 to 100, got 2.5"},
        ErrorRow{"negative_backoff", R"({"initial_backoff_ms": -5})",
                 "fixtures/scenarios/x.json: /client/policy/initial_backoff_ms: expected an "
                 "integer from 0 to 31536000000, got -5"},
        ErrorRow{"multiplier_below_one", R"({"multiplier": 0.5})",
                 "fixtures/scenarios/x.json: /client/policy/multiplier: expected a number from 1 "
                 "to 1000, got 0.5"},
        ErrorRow{"status_out_of_range", R"({"retry_on_status": [503, 600]})",
                 "fixtures/scenarios/x.json: /client/policy/retry_on_status/1: expected an integer "
                 "from 100 to 599 (an HTTP status), got 600"},
        ErrorRow{"status_list_not_array", R"({"retry_on_status": 503})",
                 "fixtures/scenarios/x.json: /client/policy/retry_on_status: expected an array "
                 "of HTTP statuses, got 503"},
        ErrorRow{"unknown_error_class", R"({"retry_on_errors": ["timeout", "cancelled"]})",
                 "fixtures/scenarios/x.json: /client/policy/retry_on_errors/1: expected one of "
                 "timeout, connection_refused, connection_reset, empty_reply, truncated_body, "
                 "invalid_json, unexpected_shape, stream_error, tls_error, dns_error, "
                 "transport_error, got \"cancelled\""},
        ErrorRow{"boolean_as_string", R"({"honor_retry_after": "yes"})",
                 "fixtures/scenarios/x.json: /client/policy/honor_retry_after: expected true or "
                 "false, got a string"},
        ErrorRow{"unknown_preset", R"({"preset": "aws"})",
                 "fixtures/scenarios/x.json: /client/policy/preset: expected one of openai-node, "
                 "openai-python, openai, aws-standard, none, got \"aws\""},
        ErrorRow{"unknown_zero_rule", R"({"retry_after_zero": "now"})",
                 "fixtures/scenarios/x.json: /client/policy/retry_after_zero: expected one of "
                 "use_backoff, immediately, got \"now\""},
        ErrorRow{"unknown_stream_commit", R"({"stream_commit": 1})",
                 "fixtures/scenarios/x.json: /client/policy/stream_commit: expected one of "
                 "first_chunk, headers, got 1"},
        ErrorRow{"unknown_cut_body", R"({"cut_body": "retry"})",
                 "fixtures/scenarios/x.json: /client/policy/cut_body: expected one of "
                 "transfer_failure, by_status, got \"retry\""},
        ErrorRow{"negative_retry_after_cap", R"({"max_retry_after_ms": -1})",
                 "fixtures/scenarios/x.json: /client/policy/max_retry_after_ms: expected an "
                 "integer from 0 to 31536000000 (or null), got -1"},
        ErrorRow{"unknown_over_cap", R"({"retry_after_over_cap": "wait"})",
                 "fixtures/scenarios/x.json: /client/policy/retry_after_over_cap: expected one of "
                 "give_up, use_backoff, got \"wait\""},
        ErrorRow{"negative_seed", R"({"seed": -1})",
                 "fixtures/scenarios/x.json: /client/policy/seed: expected an integer from 0 to "
                 "18446744073709551615 or null, got -1"},
        ErrorRow{"zero_attempt_timeout", R"({"attempt_timeout_ms": 0})",
                 "fixtures/scenarios/x.json: /client/policy/attempt_timeout_ms: expected an "
                 "integer from 1 to 31536000000, got 0"},
        ErrorRow{"budget_unknown_key", R"({"retry_budget": {"size": 3}})",
                 "fixtures/scenarios/x.json: /client/policy/retry_budget/size: unknown key "
                 "\"size\" (expected one of: capacity, retry_cost, timeout_cost, "
                 "success_refund)"},
        ErrorRow{"budget_negative_cost", R"({"retry_budget": {"retry_cost": -1}})",
                 "fixtures/scenarios/x.json: /client/policy/retry_budget/retry_cost: expected "
                 "an integer from 0 to 1000000, got -1"},
        ErrorRow{"budget_wrong_type", R"({"retry_budget": 5})",
                 "fixtures/scenarios/x.json: /client/policy/retry_budget: expected an object, "
                 "true, false or null, got 5"},
        ErrorRow{"cap_below_base", R"({"initial_backoff_ms": 1000, "max_backoff_ms": 100})",
                 "fixtures/scenarios/x.json: /client/policy/max_backoff_ms: expected at least "
                 "initial_backoff_ms (1000), got 100"},
        ErrorRow{"base_above_default_cap", R"({"initial_backoff_ms": 9000})",
                 "fixtures/scenarios/x.json: /client/policy/initial_backoff_ms: expected at most "
                 "max_backoff_ms (8000), got 9000"},
        ErrorRow{"not_an_object", R"([1, 2])",
                 "fixtures/scenarios/x.json: /client/policy: expected an object, got an array"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(PolicyErrorTest, ExposesItsParts) {
  try {
    parse(R"({"jitter": 3})");
    FAIL() << "no error";
  } catch (const PolicyError& e) {
    EXPECT_EQ(e.file(), kFile);
    EXPECT_EQ(e.pointer(), "/client/policy/jitter");
    EXPECT_EQ(e.message(), "expected one of none, full, equal, decorrelated, openai, got 3");
  }
}

TEST(PolicyErrorTest, AnEmptyPrefixAddressesTheDocumentRoot) {
  try {
    parse_policy(Json("x"), "p.json", "");
    FAIL() << "no error";
  } catch (const PolicyError& e) {
    EXPECT_STREQ(e.what(), "p.json: expected an object, got a string");
  }
}

}  // namespace
}  // namespace cometbench::client
