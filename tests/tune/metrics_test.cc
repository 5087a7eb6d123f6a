#include "tune/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cometbench::tune {
namespace {

using client::Outcome;
using client::RetryReason;

TEST(NearestRank, IsTheValueAtRankCeilPTimesNOver100) {
  const std::vector<std::int64_t> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(nearest_rank(ten, 50), 5);   // rank ceil(5.0) = 5
  EXPECT_EQ(nearest_rank(ten, 90), 9);   // rank 9
  EXPECT_EQ(nearest_rank(ten, 99), 10);  // rank ceil(9.9) = 10
  EXPECT_EQ(nearest_rank(ten, 100), 10);
  EXPECT_EQ(nearest_rank(ten, 1), 1);  // rank ceil(0.1) = 1
  const std::vector<std::int64_t> three{10, 20, 30};
  EXPECT_EQ(nearest_rank(three, 50), 20);  // rank ceil(1.5) = 2
  EXPECT_EQ(nearest_rank(three, 34), 20);  // rank ceil(1.02) = 2
  EXPECT_EQ(nearest_rank(three, 33), 10);  // rank ceil(0.99) = 1
  EXPECT_EQ(nearest_rank({42}, 99), 42);
  EXPECT_EQ(nearest_rank({}, 50), 0);
  // 200 values 1..200: p99 is rank 198, never an interpolated value.
  std::vector<std::int64_t> many;
  for (std::int64_t v = 1; v <= 200; ++v) many.push_back(v);
  EXPECT_EQ(nearest_rank(many, 99), 198);
  EXPECT_EQ(nearest_rank(many, 90), 180);
}

OperationResult op(Outcome outcome, std::int64_t latency, std::vector<RetryReason> reasons,
                   std::int64_t backoff = 0, int in_outage = 0) {
  OperationResult r;
  r.outcome = outcome;
  r.attempts = static_cast<int>(reasons.size());
  r.latency_ms = latency;
  r.backoff_ms = backoff;
  r.requests_in_outages = in_outage;
  r.reasons = std::move(reasons);
  return r;
}

TEST(MetricsOf, CountsEverythingFromTheOperations) {
  PolicyRun run;
  run.policy = "p";
  run.peak_in_flight = 2;
  run.operations = {
      op(Outcome::success, 0, {RetryReason::success}),
      op(Outcome::success, 1500, {RetryReason::retryable_status, RetryReason::success}, 1500, 1),
      op(Outcome::transient_failure, 3000,
         {RetryReason::retry_after_honored, RetryReason::max_attempts_reached}, 2000, 2),
      op(Outcome::auth_error, 0, {RetryReason::auth_error_terminal}),
  };
  PolicyMetrics expected;
  expected.policy = "p";
  expected.operations = 4;
  expected.successes = 2;
  expected.success_rate = 0.5;
  expected.attempts_per_operation = 1.5;
  expected.requests = 6;
  expected.latency_ms = {0, 3000, 3000, 3000};  // sorted 0, 0, 1500, 3000: ranks 2, 4, 4
  expected.total_backoff_ms = 3500;
  expected.outcomes = {{Outcome::success, 2},    {Outcome::caller_error, 0},
                       {Outcome::auth_error, 1}, {Outcome::transient_failure, 1},
                       {Outcome::cancelled, 0},  {Outcome::unknown, 0}};
  expected.retry_reasons = {{RetryReason::success, 2},
                            {RetryReason::retryable_status, 1},
                            {RetryReason::retry_after_honored, 1},
                            {RetryReason::auth_error_terminal, 1},
                            {RetryReason::max_attempts_reached, 1}};
  expected.requests_in_outages = 3;
  expected.peak_in_flight = 2;
  EXPECT_EQ(metrics_of(run), expected);
}

TEST(MetricsOf, AnEmptyRunHasZeros) {
  PolicyRun run;
  run.policy = "empty";
  const PolicyMetrics m = metrics_of(run);
  EXPECT_EQ(m.operations, 0);
  EXPECT_EQ(m.success_rate, 0.0);
  EXPECT_EQ(m.latency_ms, LatencySummary{});
}

}  // namespace
}  // namespace cometbench::tune
