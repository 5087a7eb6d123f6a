// Properties of a whole comparison: exact figures for a small seeded profile (worked out by
// hand from its draws), byte-identical reports, other seeds, and common random numbers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "faults/profile_parser.h"
#include "tune/draws.h"
#include "tune/engine.h"
#include "tune/metrics.h"
#include "tune/report.h"

namespace cometbench::tune {
namespace {

const std::filesystem::path kProfiles = std::filesystem::path(COMETBENCH_FIXTURES_DIR) / "profiles";

faults::FaultProfile profile(const std::string& section) {
  return faults::parse_profile(R"({"name": "t", "description": "d", "profile": )" + section + "}",
                               "t.profile.json", kProfiles);
}

NamedPolicy policy(const std::string& name, const std::string& json) {
  return {name, client::parse_policy(nlohmann::json::parse(json), name, "")};
}

// Ten operations a second apart; each request draws 200 or 503 with equal weight. With seed 7
// the draws (fault_draw(7, op, attempt) % 2; 0 = 200, 1 = 503) for attempts 1, 2, 3 are:
//   op 0: 0 0 0   op 1: 0 1 0   op 2: 0 0 1   op 3: 1 1 0   op 4: 0 0 0
//   op 5: 0 1 0   op 6: 0 1 0   op 7: 1 0 1   op 8: 0 1 0   op 9: 1 0 0
faults::FaultProfile coin_profile() {
  return profile(R"({"operations": 10, "arrival_interval_ms": 1000, "seed": 7, "mix": [
      {"weight": 1, "respond": {"status": 200, "body": {"$ref": "../responses/chat_completion.json"}}},
      {"weight": 1, "respond": {"status": 503}}]})");
}

const std::vector<NamedPolicy>& coin_policies() {
  static const std::vector<NamedPolicy> kPolicies{
      policy("two", R"({"max_attempts": 2, "initial_backoff_ms": 100, "jitter": "none"})"),
      policy("three", R"({"max_attempts": 3, "initial_backoff_ms": 100, "jitter": "none"})")};
  return kPolicies;
}

TEST(TuneRun, DrawsOfTheSmallProfileAreTheOnesWorkedOutByHand) {
  std::string table;
  for (std::uint64_t op = 0; op < 10; ++op) {
    for (std::uint64_t attempt = 1; attempt <= 3; ++attempt) {
      table += std::to_string(fault_draw(7, op, attempt) % 2);
    }
    table += ' ';
  }
  EXPECT_EQ(table, "000 010 001 110 000 010 010 101 010 100 ");
}

// "two" (at most 2 attempts, 100 ms backoff): ops 3, 7 and 9 meet a 503 first; op 3 meets a
// second one and gives up after 100 ms; 7 and 9 succeed at 100 ms. 13 requests, 9 successes,
// latencies 0 x7 and 100 x3, so p50 = rank 5 = 0, p90 = rank 9 = 100, p99 = rank 10 = 100.
// "three" also retries op 3 after 200 ms more, and its third draw is 200: all succeed,
// 14 requests, latencies 0 x7, 100, 100, 300; backoff 100 + 100 + 300.
TEST(TuneRun, SmallSeededProfileGivesTheFiguresWorkedOutByHand) {
  const faults::FaultProfile p = coin_profile();
  const TuneRun run = run_tune(p, coin_policies(), {});
  std::ostringstream out;
  write_json(make_report(p, run), out);
  EXPECT_EQ(nlohmann::json::parse(out.str()), nlohmann::json::parse(R"({
    "profile": "t", "seed": 7, "operations": 10,
    "policies": [
      {"policy": "two", "success_rate": 0.9, "attempts_per_operation": 1.3, "requests": 13,
       "latency_ms": {"p50": 0, "p90": 100, "p99": 100, "max": 100}, "total_backoff_ms": 300,
       "outcomes": {"success": 9, "caller_error": 0, "auth_error": 0, "transient_failure": 1,
                    "cancelled": 0, "unknown": 0},
       "retry_reasons": {"success": 9, "retryable_status": 3, "max_attempts_reached": 1},
       "requests_in_outages": 0, "peak_in_flight": 1},
      {"policy": "three", "success_rate": 1.0, "attempts_per_operation": 1.4, "requests": 14,
       "latency_ms": {"p50": 0, "p90": 100, "p99": 300, "max": 300}, "total_backoff_ms": 500,
       "outcomes": {"success": 10, "caller_error": 0, "auth_error": 0, "transient_failure": 0,
                    "cancelled": 0, "unknown": 0},
       "retry_reasons": {"success": 10, "retryable_status": 4},
       "requests_in_outages": 0, "peak_in_flight": 1}]})"));
}

// Overlapping operations (one every 20 ms, each up to seconds long), jitter, a budget and
// connection faults: everything that could make a run depend on thread timing.
faults::FaultProfile busy_profile() {
  return profile(R"({"operations": 300, "arrival_interval_ms": 20, "seed": 3, "mix": [
      {"weight": 6, "respond": {"status": 200, "delay_ms": 150, "body": {"$ref": "../responses/chat_completion.json"}}},
      {"weight": 2, "respond": {"status": 429, "headers": {"Retry-After": "1"}}},
      {"weight": 1, "drop": {}}, {"weight": 1, "reset": {}}, {"weight": 1, "timeout": {}}],
      "outages": [{"from_ms": 2000, "to_ms": 3000, "respond": {"status": 503}}]})");
}

const std::vector<NamedPolicy>& busy_policies() {
  static const std::vector<NamedPolicy> kPolicies{
      policy(
          "few",
          R"({"max_attempts": 2, "initial_backoff_ms": 100, "jitter": "none", "attempt_timeout_ms": 2000})"),
      policy(
          "many",
          R"({"max_attempts": 6, "initial_backoff_ms": 10, "jitter": "full", "attempt_timeout_ms": 500,
                        "honor_retry_after": false, "retry_budget": {"capacity": 60, "retry_cost": 5, "timeout_cost": 10, "success_refund": 1}})")};
  return kPolicies;
}

std::string every_format(const faults::FaultProfile& p, const TuneRun& run) {
  const TuneReport report = make_report(p, run);
  std::ostringstream out;
  write_table(report, out);
  write_json(report, out);
  write_csv(report, out);
  write_html(report, out);
  return out.str();
}

TEST(TuneRun, TheSameProfilePoliciesAndSeedGiveByteIdenticalReports) {
  const faults::FaultProfile p = busy_profile();
  const TuneRun first = run_tune(p, busy_policies(), {});
  const TuneRun second = run_tune(p, busy_policies(), {});
  EXPECT_EQ(every_format(p, first), every_format(p, second));
  for (std::size_t i = 0; i < first.policies.size(); ++i) {
    EXPECT_EQ(first.policies[i].operations, second.policies[i].operations) << i;
  }
  // The run did overlap, and the faults did fire.
  EXPECT_GT(first.policies[0].peak_in_flight, 5u);
  const PolicyMetrics m = metrics_of(first.policies[1]);
  EXPECT_GT(m.requests_in_outages, 0);
  EXPECT_LT(m.successes, m.operations);
}

// What each (operation, attempt) got. The client puts each attempt on the wire once (it refuses
// libcurl's own resends), so each appears once.
std::map<std::pair<std::size_t, int>, ServedStep> steps_of(const PolicyRun& run) {
  std::map<std::pair<std::size_t, int>, ServedStep> steps;
  for (const ServedStep& s : run.served) {
    const bool fresh = steps.emplace(std::make_pair(s.operation, s.attempt), s).second;
    EXPECT_TRUE(fresh) << s.operation << "/" << s.attempt;
  }
  return steps;
}

// The mix draw of an attempt is the same under every policy; only an outage window, which
// depends on when the attempt happens, replaces it.
TEST(TuneRun, EveryPolicyMeetsTheSameFaultOnTheSameAttempt) {
  const faults::FaultProfile p = busy_profile();
  TuneOptions options;
  options.keep_served = true;
  const TuneRun run = run_tune(p, busy_policies(), options);
  const auto few = steps_of(run.policies[0]);
  const auto many = steps_of(run.policies[1]);
  const WeightedPicker picker({6, 2, 1, 1, 1});
  for (const auto* steps : {&few, &many}) {
    for (const auto& [key, served] : *steps) {
      const std::size_t drawn =
          picker.pick(fault_draw(3, key.first, static_cast<std::uint64_t>(key.second)));
      EXPECT_EQ(served.step, served.in_outage ? 5u : drawn) << key.first << "/" << key.second;
    }
  }
  std::size_t compared = 0;
  for (const auto& [key, served] : many) {
    const auto it = few.find(key);
    if (it == few.end() || served.in_outage || it->second.in_outage) continue;
    EXPECT_EQ(it->second.step, served.step) << key.first << "/" << key.second;
    ++compared;
  }
  EXPECT_GT(compared, 250u);
  // "many" went on to attempts "few" never made, and its draws there changed nothing above.
  EXPECT_TRUE(
      std::any_of(many.begin(), many.end(), [](const auto& e) { return e.first.second > 2; }));
}

TEST(TuneRun, AnotherSeedGivesOtherDraws) {
  const faults::FaultProfile p = coin_profile();
  TuneOptions options;
  options.keep_served = true;
  options.seed = 8;
  const TuneRun run = run_tune(p, {coin_policies()[0]}, options);
  EXPECT_EQ(run.seed, 8u);
  std::string firsts;
  for (const auto& [key, served] : steps_of(run.policies[0])) {
    if (key.second == 1) firsts += std::to_string(served.step);
  }
  std::string expected;
  for (std::uint64_t op = 0; op < 10; ++op) expected += std::to_string(fault_draw(8, op, 1) % 2);
  EXPECT_EQ(firsts, expected);
  EXPECT_NE(firsts, "0001000111");  // seed 7's first attempts
}

TEST(TuneRun, OperationsOverrideTheProfile) {
  TuneOptions options;
  options.operations = 3;
  const TuneRun run = run_tune(coin_profile(), {coin_policies()[0]}, options);
  EXPECT_EQ(run.operations, 3);
  EXPECT_EQ(run.policies[0].operations.size(), 3u);
}

}  // namespace
}  // namespace cometbench::tune
