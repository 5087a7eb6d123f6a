// `cometbench run --policy`: every scenario under its own policy and under a candidate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli.h"
#include "run_cli.h"

namespace cometbench::cli {
namespace {
using ::testing::HasSubstr;

const std::string kFolder = std::string(COMETBENCH_TEST_DATA_DIR) + "/policy-compare";
const std::string kFailFast =
    std::string(COMETBENCH_FIXTURES_DIR) + "/policies/fail-fast.policy.json";

// held-then-429: timeout, 429 with Retry-After: 30, 200. Baseline (no jitter, 30 s attempt
// timeout): 30000 + 500 backoff + 30000 Retry-After = 60500 ms. fail-fast: the timeout at
// 10000 ms, a full-jitter backoff of 30 ms (default seed: U = 0.154... of 200 ms), then the
// 30 s Retry-After is above its 2 s cap: given up. retry-503: 500 + 1000 without jitter
// against 30 + 348 (U = 0.87... of 400 ms).
const std::string kTable =
    "scenario       attempts  outcome                       status      backoff ms   elapsed "
    "ms      first difference\n"
    "held-then-429  3 -> 2    success -> transient_failure  200 -> 429  30500 -> 30  60500 -> "
    "10030  #1 backoff_ms: 500 -> 30\n"
    "retry-503      3         success                       200         1500 -> 378  1500 -> "
    "378     #1 backoff_ms: 500 -> 30\n"
    "2 scenarios compared, 2 differ; operations 2, successes 2 -> 1, attempts 6 -> 5, backoff "
    "32000 -> 408 ms, elapsed 62000 -> 10408 ms\n";

TEST(RunPolicyTest, TablePerScenarioThenTotalsAndTheFolderPolicyIsNotAScenario) {
  const Outcome o = run_cli({"run", "--policy", kFailFast, "-j", "1", kFolder});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "policy comparison: baseline = each scenario's own policy, candidate = " +
                       kFailFast + " (goldens are not compared in this mode)\n" + kTable);
  EXPECT_EQ(o.err, "");
}

TEST(RunPolicyTest, JsonlPrintsTheCandidateRecordsAndTheTableOnStderr) {
  const Outcome o = run_cli({"run", "--policy", kFolder + "/local.policy.json", "--format", "jsonl",
                             "-j", "1", "--filter", "retry-*", kFolder});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(
      o.out,
      R"({"record":"attempt","operation_id":"op-retry-503-0001","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":503,"error_type":"503","retry_decision":"final_attempt","retry_reason":"max_attempts_reached","backoff_ms":0,"response_object_type":"error","finish_reason_seen":false,"usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":null,"connection_reused":false})"
      "\n"
      R"({"record":"summary","operation_id":"op-retry-503-0001","attempts":1,"final_outcome":"transient_failure","final_http_response_status_code":503,"total_backoff_ms":0,"elapsed_ms":0})"
      "\n");
  EXPECT_THAT(o.err, HasSubstr("retry-503  3 -> 1    success -> transient_failure  200 -> 503  "
                               "1500 -> 0   1500 -> 0   #1 retry_decision: \"retried\" -> "
                               "\"final_attempt\"\n"));
}

TEST(RunPolicyTest, PresetsAreNamedWithAPrefix) {
  const Outcome o =
      run_cli({"run", "--policy", "preset:none", "-j", "1", "--filter", "retry-*", kFolder});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("candidate = preset:none (goldens"));
}

TEST(RunPolicyTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{"run", "--policy", "preset:nope", kFolder},
       "cometbench run: --policy: unknown preset \"nope\" (expected one of preset:openai-node, "
       "preset:openai-python, preset:openai, preset:aws-standard, preset:none)\n"},
      {{"run", "--policy", kFolder + "/missing.policy.json", kFolder},
       "cometbench run: --policy: " + kFolder +
           "/missing.policy.json: cannot read file: No such file or directory\n"},
      {{"run", "--policy", "preset:none", "--update", kFolder},
       "cometbench run: --update cannot be used with --policy (goldens are not compared in that "
       "mode)\n"},
      {{"run", "--policy", "preset:none", "--format", "junit", kFolder},
       "cometbench run: --format junit cannot be used with --policy (expected table, jsonl, "
       "logfmt or otel)\n"},
      {{"run", "--policy", "preset:none", kFolder + "/local.policy.json"},
       "cometbench run: " + kFolder +
           "/local.policy.json: a retry policy (*.policy.json), not a scenario; use it with "
           "cometbench run --policy " +
           kFolder + "/local.policy.json\n"},
  };
  for (const Case& c : cases) {
    const Outcome o = run_cli(c.args);
    EXPECT_EQ(o.code, 2) << c.err;
    EXPECT_EQ(o.err, c.err);
    EXPECT_EQ(o.out, "");
  }
}

TEST(ValidatePolicyTest, PolicyFilesAreCheckedAsPolicies) {
  const std::string policies = std::string(COMETBENCH_FIXTURES_DIR) + "/policies";
  const Outcome good =
      run_cli({"validate", policies + "/fail-fast.policy.json", policies + "/patient.policy.json",
               policies + "/budgeted.policy.json"});
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_EQ(good.out, policies + "/fail-fast.policy.json: ok\n" + policies +
                          "/patient.policy.json: ok\n" + policies + "/budgeted.policy.json: ok\n");
  const Outcome bad = run_cli({"validate", kFolder + "/bad.policy.json"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err, kFolder +
                         "/bad.policy.json:2:28: /retry_on_status/1: expected an integer from "
                         "100 to 599 (an HTTP status), got 600\n1 of 1 file invalid\n");
}

}  // namespace
}  // namespace cometbench::cli
