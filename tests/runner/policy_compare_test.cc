#include "runner/policy_compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "../common/temp_dir.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;
using client::AttemptRecord;
using client::SummaryRecord;
using std::chrono::milliseconds;

AttemptRecord attempt(const std::string& op, int index, int status, client::RetryDecision decision,
                      client::RetryReason reason, int backoff_ms) {
  AttemptRecord r;
  r.operation_id = client::OperationId(op);
  r.attempt_index = index;
  r.http_response_status_code = status;
  r.error_type = status == 200 ? std::nullopt : std::optional(client::ErrorType::http(status));
  r.retry_decision = decision;
  r.retry_reason = reason;
  r.backoff = milliseconds(backoff_ms);
  r.final_outcome = status == 200 ? client::Outcome::success : client::Outcome::transient_failure;
  return r;
}

SummaryRecord summary(const std::string& op, int attempts, int status, int backoff_ms) {
  SummaryRecord s;
  s.operation_id = client::OperationId(op);
  s.attempts = attempts;
  s.final_outcome = status == 200 ? client::Outcome::success : client::Outcome::transient_failure;
  s.final_http_response_status_code = status;
  s.total_backoff = milliseconds(backoff_ms);
  s.elapsed = milliseconds(backoff_ms);
  return s;
}

using client::RetryDecision;
using client::RetryReason;

// 503 (backoff b1), 200.
std::vector<Record> retried_once(int b1) {
  return {attempt("op-a", 1, 503, RetryDecision::retried, RetryReason::retryable_status, b1),
          attempt("op-a", 2, 200, RetryDecision::not_retried, RetryReason::success, 0),
          summary("op-a", 2, 200, b1)};
}

TEST(FirstDifferenceTest, EqualRunsHaveNone) {
  EXPECT_EQ(first_difference(retried_once(500), retried_once(500)), std::nullopt);
}

TEST(FirstDifferenceTest, NamesTheAttemptFieldAndBothValues) {
  EXPECT_EQ(first_difference(retried_once(500), retried_once(407)),
            (Difference{"op-a", 1, "backoff_ms", "500", "407"}));
}

TEST(FirstDifferenceTest, DecisionsReadAsTheRecordsWriteThem) {
  const std::vector<Record> gave_up = {
      attempt("op-a", 1, 503, RetryDecision::final_attempt, RetryReason::max_attempts_reached, 0),
      summary("op-a", 1, 503, 0)};
  EXPECT_EQ(first_difference(gave_up, retried_once(500)),
            (Difference{"op-a", 1, "retry_decision", "\"final_attempt\"", "\"retried\""}));
}

TEST(FirstDifferenceTest, AnAttemptOnlyOneRunMadeIsADifference) {
  std::vector<Record> longer = retried_once(500);
  std::vector<Record> shorter(longer.begin(), longer.begin() + 1);
  EXPECT_EQ(first_difference(shorter, longer),
            (Difference{"op-a", 2, "attempt", "(none)", "made"}));
}

TEST(RunTotalsTest, AddUpTheSummaries) {
  std::vector<Record> records = retried_once(500);
  records.push_back(
      attempt("op-b", 1, 503, RetryDecision::final_attempt, RetryReason::max_attempts_reached, 0));
  records.push_back(summary("op-b", 1, 503, 0));
  const RunTotals t = totals_of(records);
  EXPECT_EQ(t.operations, 2);
  EXPECT_EQ(t.attempts, 3);
  EXPECT_EQ(t.successes, 1);
  EXPECT_EQ(t.outcomes,
            (std::vector{client::Outcome::success, client::Outcome::transient_failure}));
  EXPECT_EQ(t.statuses, (std::vector<std::optional<int>>{200, 503}));
  EXPECT_EQ(t.total_backoff, milliseconds(500));
  EXPECT_EQ(t.elapsed, milliseconds(500));
}

class PolicyCompareTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing_support::make_temp_dir("cometbench-compare"); }
  void TearDown() override { fs::remove_all(dir_); }

  // Statuses in order, then 200 for ever; the scenario's policy is `policy`.
  fs::path scenario(const std::string& name, const std::vector<int>& statuses,
                    const std::string& policy) {
    std::string steps;
    for (int s : statuses) steps += R"({"respond": {"status": )" + std::to_string(s) + "}},";
    steps += R"({"respond": {"status": 200, "body": {"object": "chat.completion", "choices": [
      {"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}]}}})";
    const fs::path file = dir_ / (name + ".json");
    std::ofstream(file) << R"({"name": ")" + name + R"(", "description": "d",
      "script": {"POST /v1/chat/completions": {"steps": [)" +
                               steps + R"(]}},
      "client": {"policy": )" + policy +
                               "}}";
    return file;
  }
  fs::path dir_;
};

TEST_F(PolicyCompareTest, ReportsEachScenarioItsFirstDifferenceAndTotals) {
  const std::vector<fs::path> files = {
      scenario("a-retry", {503, 503}, R"({"jitter": "none"})"),
      scenario("b-happy", {}, R"({"jitter": "none"})"),
      scenario("c-broken", {}, R"({"max_attempts": 0})"),
  };
  client::RetryPolicy candidate;
  candidate.max_attempts = 2;
  candidate.jitter = client::Jitter::none;
  candidate.initial_backoff = milliseconds(100);
  const std::vector<PolicyComparison> comparisons = compare_policies(files, candidate, {"", 1});
  ASSERT_EQ(comparisons.size(), 3u);
  EXPECT_EQ(exit_code_for(comparisons), 2);

  std::ostringstream out;
  write_comparison(comparisons, "cand.policy.json", out);
  EXPECT_EQ(out.str(),
            "policy comparison: baseline = each scenario's own policy, candidate = "
            "cand.policy.json (goldens are not compared in this mode)\n"
            "scenario  attempts  outcome                       status      backoff ms   "
            "elapsed ms   first difference\n"
            "a-retry   3 -> 2    success -> transient_failure  200 -> 503  1500 -> 100  "
            "1500 -> 100  #1 backoff_ms: 500 -> 100\n"
            "b-happy   1         success                       200         0            "
            "0            -\n"
            "c-broken  -         -                             -           -            "
            "-            (did not load)\n"
            "ERROR c-broken: " +
                files[2].string() +
                ":4:29: /client/policy/max_attempts: expected an integer from 1 to 100, got 0\n"
                "2 scenarios compared, 1 differ; operations 2, successes 2 -> 1, attempts "
                "4 -> 3, backoff 1500 -> 100 ms, elapsed 1500 -> 100 ms; 1 error\n");
}

TEST_F(PolicyCompareTest, CandidateRunKeepsTheOperationIds) {
  const std::vector<fs::path> files = {scenario("ids", {503}, R"({"jitter": "none"})")};
  const std::vector<PolicyComparison> comparisons =
      compare_policies(files, *client::preset_policy("none"), {"", 1});
  ASSERT_EQ(comparisons.size(), 1u);
  ASSERT_TRUE(comparisons[0].candidate);
  EXPECT_EQ(
      comparisons[0].candidate->lines,
      (std::vector<std::string>{
          R"({"record":"attempt","operation_id":"op-ids-0001","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":503,"error_type":"503","retry_decision":"final_attempt","retry_reason":"max_attempts_reached","backoff_ms":0,"response_object_type":null,"finish_reason_seen":false,"usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":null,"connection_reused":false})",
          R"({"record":"summary","operation_id":"op-ids-0001","attempts":1,"final_outcome":"transient_failure","final_http_response_status_code":503,"total_backoff_ms":0,"elapsed_ms":0})"}));
  EXPECT_EQ(exit_code_for(comparisons), 0);
}

TEST_F(PolicyCompareTest, FilterPicksScenariosByName) {
  const std::vector<fs::path> files = {scenario("alpha", {}, "{}"), scenario("beta", {}, "{}")};
  const std::vector<PolicyComparison> comparisons =
      compare_policies(files, client::RetryPolicy{}, {"bet*", 1});
  ASSERT_EQ(comparisons.size(), 1u);
  EXPECT_EQ(comparisons[0].name, "beta");
  EXPECT_EQ(comparisons[0].difference, std::nullopt);
}

TEST(PolicyCompareExitTest, ReviewFindingsOnTheCandidateFailTheCheck) {
  PolicyComparison reviewed;
  reviewed.review_findings = "x records:1: ...";
  PolicyComparison broken;
  broken.error = "x.json: bad";
  EXPECT_EQ(exit_code_for({PolicyComparison{}}), 0);
  EXPECT_EQ(exit_code_for({PolicyComparison{}, reviewed}), 1);
  EXPECT_EQ(exit_code_for({reviewed, broken}), 2);
}

}  // namespace
}  // namespace cometbench::runner
