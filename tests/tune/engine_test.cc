// The tune runner end to end: the real client against the real mock, on per-operation virtual
// clocks. Expected figures are worked out by hand in the comments.
#include "tune/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "faults/profile_parser.h"
#include "tune/metrics.h"
#include "tune/report.h"

namespace cometbench::tune {
namespace {

using client::Outcome;
using client::RetryReason;

const std::filesystem::path kProfiles = std::filesystem::path(COMETBENCH_FIXTURES_DIR) / "profiles";
constexpr const char* kOk =
    R"({"status": 200, "body": {"$ref": "../responses/chat_completion.json"}})";

faults::FaultProfile profile(const std::string& section) {
  return faults::parse_profile(R"({"name": "t", "description": "d", "profile": )" + section + "}",
                               "t.profile.json", kProfiles);
}

NamedPolicy policy(const std::string& name, const std::string& json) {
  return {name, client::parse_policy(nlohmann::json::parse(json), name, "")};
}

OperationResult op(Outcome outcome, std::int64_t arrival, std::int64_t latency,
                   std::vector<RetryReason> reasons, std::int64_t backoff = 0, int in_outage = 0) {
  OperationResult r;
  r.outcome = outcome;
  r.attempts = static_cast<int>(reasons.size());
  r.arrival_ms = arrival;
  r.latency_ms = latency;
  r.backoff_ms = backoff;
  r.requests_in_outages = in_outage;
  r.reasons = std::move(reasons);
  return r;
}

PolicyRun run(const faults::FaultProfile& p, const NamedPolicy& named, bool keep_served = false,
              std::optional<std::uint64_t> seed = std::nullopt) {
  TuneOptions options;
  options.keep_served = keep_served;
  return run_policy(p, named, seed.value_or(p.seed), p.operations, options);
}

constexpr RetryReason kOkReason = RetryReason::success;
constexpr RetryReason kStatus = RetryReason::retryable_status;

// Ten operations one second apart; every request gets 200, except inside the outage window
// [2000, 5000), where it gets 503. Backoff 1000 ms, then 2000 ms (no jitter).
faults::FaultProfile outage_profile() {
  return profile(
      R"({"operations": 10, "arrival_interval_ms": 1000, "mix": [{"weight": 1, "respond": )" +
      std::string(kOk) +
      R"(}], "outages": [{"from_ms": 2000, "to_ms": 5000, "respond": {"status": 503}}]})");
}

TEST(RunPolicy, OutageWindowWithThreeAttempts) {
  const PolicyRun r =
      run(outage_profile(),
          policy("three", R"({"max_attempts": 3, "initial_backoff_ms": 1000, "jitter": "none"})"));
  // op 2: 503 at 2000, 503 at 3000, 200 at 5000 (the window is half-open).
  // op 3: 503 at 3000, 503 at 4000, 200 at 6000. op 4: 503 at 4000, 200 at 5000.
  const std::vector<OperationResult> expected{
      op(Outcome::success, 0, 0, {kOkReason}),
      op(Outcome::success, 1000, 0, {kOkReason}),
      op(Outcome::success, 2000, 3000, {kStatus, kStatus, kOkReason}, 3000, 2),
      op(Outcome::success, 3000, 3000, {kStatus, kStatus, kOkReason}, 3000, 2),
      op(Outcome::success, 4000, 1000, {kStatus, kOkReason}, 1000, 1),
      op(Outcome::success, 5000, 0, {kOkReason}),
      op(Outcome::success, 6000, 0, {kOkReason}),
      op(Outcome::success, 7000, 0, {kOkReason}),
      op(Outcome::success, 8000, 0, {kOkReason}),
      op(Outcome::success, 9000, 0, {kOkReason}),
  };
  EXPECT_EQ(r.operations, expected);
  const PolicyMetrics m = metrics_of(r);
  EXPECT_EQ(m.success_rate, 1.0);
  EXPECT_EQ(m.requests, 15);
  EXPECT_EQ(m.attempts_per_operation, 1.5);
  // Latencies sorted: 0 x7, 1000, 3000, 3000. p50: rank 5; p90: rank 9; p99: rank 10.
  EXPECT_EQ(m.latency_ms, (LatencySummary{0, 3000, 3000, 3000}));
  EXPECT_EQ(m.total_backoff_ms, 7000);
  EXPECT_EQ(m.requests_in_outages, 5);
  EXPECT_EQ(m.retry_reasons,
            (std::vector<std::pair<RetryReason, std::int64_t>>{{kOkReason, 10}, {kStatus, 5}}));
}

TEST(RunPolicy, OutageWindowWithTwoAttempts) {
  const PolicyRun r =
      run(outage_profile(),
          policy("two", R"({"max_attempts": 2, "initial_backoff_ms": 1000, "jitter": "none"})"));
  const PolicyMetrics m = metrics_of(r);
  // op 2: 503 at 2000 and 3000, gives up; op 3: 503 at 3000 and 4000, gives up; op 4: 503 at
  // 4000, 200 at 5000.
  EXPECT_EQ(r.operations[2], op(Outcome::transient_failure, 2000, 1000,
                                {kStatus, RetryReason::max_attempts_reached}, 1000, 2));
  EXPECT_EQ(r.operations[3], op(Outcome::transient_failure, 3000, 1000,
                                {kStatus, RetryReason::max_attempts_reached}, 1000, 2));
  EXPECT_EQ(r.operations[4], op(Outcome::success, 4000, 1000, {kStatus, kOkReason}, 1000, 1));
  EXPECT_EQ(m.successes, 8);
  EXPECT_EQ(m.success_rate, 0.8);
  EXPECT_EQ(m.requests, 13);
  EXPECT_EQ(m.attempts_per_operation, 1.3);
  EXPECT_EQ(m.latency_ms, (LatencySummary{0, 1000, 1000, 1000}));
  EXPECT_EQ(m.total_backoff_ms, 3000);
  EXPECT_EQ(m.requests_in_outages, 5);
  EXPECT_EQ(m.outcomes[0], std::make_pair(Outcome::success, std::int64_t{8}));
  EXPECT_EQ(m.outcomes[3], std::make_pair(Outcome::transient_failure, std::int64_t{2}));
}

TEST(RunPolicy, TheServerCountsTheSameRequestsInOutagesAsTheRecords) {
  const PolicyRun r =
      run(outage_profile(),
          policy("three", R"({"max_attempts": 3, "initial_backoff_ms": 1000, "jitter": "none"})"),
          true);
  std::vector<ServedStep> served = r.served;
  std::sort(served.begin(), served.end(), [](const ServedStep& a, const ServedStep& b) {
    return std::tie(a.operation, a.attempt) < std::tie(b.operation, b.attempt);
  });
  std::vector<ServedStep> expected;
  for (std::size_t i = 0; i < 10; ++i) {
    const int attempts = i == 2 || i == 3 ? 3 : i == 4 ? 2 : 1;
    for (int a = 1; a <= attempts; ++a) {
      const bool outage = (i == 2 && a < 3) || (i == 3 && a < 3) || (i == 4 && a == 1);
      expected.push_back(ServedStep{i, a, outage ? 1u : 0u, outage});
    }
  }
  EXPECT_EQ(served, expected);
}

// Three overlapping operations share one retry budget of 10 tokens at 5 per retry. Decisions
// are taken in virtual-time order: op 0 at 0 and op 1 at 100 take the two retries, op 2 at 200
// finds the budget empty, and so do ops 0 and 1 on their second attempts at 1000 and 1100.
// Run one after another, op 0 would have taken both retries instead.
TEST(RunPolicy, OverlappingOperationsUseTheSharedBudgetInTimeOrder) {
  const auto p = profile(
      R"({"operations": 3, "arrival_interval_ms": 100, "mix": [{"weight": 1, "respond": {"status": 503}}]})");
  const PolicyRun r =
      run(p, policy("budget", R"({"max_attempts": 3, "initial_backoff_ms": 1000, "jitter": "none",
      "retry_budget": {"capacity": 10, "retry_cost": 5, "timeout_cost": 10, "success_refund": 0}})"));
  const auto t = Outcome::transient_failure;
  const auto empty = RetryReason::retry_budget_exhausted;
  EXPECT_EQ(r.operations, (std::vector<OperationResult>{op(t, 0, 1000, {kStatus, empty}, 1000),
                                                        op(t, 100, 1000, {kStatus, empty}, 1000),
                                                        op(t, 200, 0, {empty})}));
  EXPECT_EQ(r.peak_in_flight, 3u);
}

// A held request ends at each operation's own attempt timeout, however the operations overlap:
// 5000 ms, 1000 ms backoff, 5000 ms again.
TEST(RunPolicy, HeldRequestsTimeOutOnEachOperationsOwnClock) {
  const auto p = profile(
      R"({"operations": 4, "arrival_interval_ms": 300, "mix": [{"weight": 1, "timeout": {}}]})");
  const PolicyRun r = run(
      p,
      policy(
          "held",
          R"({"max_attempts": 2, "initial_backoff_ms": 1000, "jitter": "none", "attempt_timeout_ms": 5000})"));
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.operations[i],
              op(Outcome::transient_failure, static_cast<std::int64_t>(i) * 300, 11000,
                 {RetryReason::retryable_error, RetryReason::max_attempts_reached}, 1000))
        << i;
  }
}

}  // namespace
}  // namespace cometbench::tune
