// Seeded random scenarios and policies through the real bench (mock + client on one FakeClock):
// whatever the script and the policy, the records keep the rules of docs/records.md and
// docs/policy.md. Each seed builds a few scenarios; a failure names the seed and prints the
// fixture and policy so that the case can be replayed with `cometbench run`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "client/policy.h"
#include "faults/parser.h"
#include "review/review.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

// splitmix64: the same sequence on every standard library (std distributions differ).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool coin() { return below(2) == 0; }

 private:
  std::uint64_t state_;
};

const json kCompletion = {
    {"id", "chatcmpl-1"},
    {"object", "chat.completion"},
    {"created", 1767225600},
    {"model", "gpt-4o-mini"},
    {"choices",
     {{{"index", 0},
       {"message", {{"role", "assistant"}, {"content", "pong"}}},
       {"finish_reason", "stop"}}}},
    {"usage", {{"prompt_tokens", 1}, {"completion_tokens", 1}, {"total_tokens", 2}}}};

json error_body(const std::string& type) {
  return {{"error", {{"message", "scripted"}, {"type", type}, {"param", nullptr}, {"code", type}}}};
}

json random_step(Random& rng) {
  switch (rng.below(11)) {
    case 0:
    case 1:
      return {{"respond", {{"status", 200}, {"body", kCompletion}}}};
    case 2: {
      json headers = json::object();
      if (rng.coin()) headers["Retry-After"] = std::to_string(rng.below(4));
      return {{"respond", {{"status", 429}, {"headers", headers}, {"body", error_body("rate")}}}};
    }
    case 3:
      return {{"respond", {{"status", 500 + rng.below(5)}, {"body", error_body("server")}}}};
    case 4:
      return {{"respond",
               {{"status", 503}, {"delay_ms", rng.below(3000)}, {"body", error_body("busy")}}}};
    case 5:
      return {{"respond", {{"status", rng.coin() ? 400 : 401}, {"body", error_body("caller")}}}};
    case 6:
      return {{"timeout", json::object()}};
    case 7:
      return {{"drop", json::object()}};
    case 8:
      return {{"reset", json::object()}};
    case 9: {
      const std::string body = kCompletion.dump();
      return {{"truncate",
               {{"status", 200},
                {"body", kCompletion},
                {"after_bytes", rng.below(static_cast<int>(body.size()))}}}};
    }
    default:
      return {{"respond", {{"status", 200}, {"body", json::object({{"hello", "world"}})}}}};
  }
}

json random_policy(Random& rng) {
  static const char* const kJitters[] = {"none", "full", "equal", "decorrelated", "openai"};
  json p = {{"max_attempts", 1 + rng.below(6)},
            {"initial_backoff_ms", rng.below(1500)},
            {"jitter", kJitters[rng.below(5)]},
            {"seed", rng.below(1000)},
            {"attempt_timeout_ms", 200 + rng.below(5000)}};
  p["max_backoff_ms"] = p["initial_backoff_ms"].get<int>() + rng.below(10000);
  if (rng.coin()) p["deadline_ms"] = 500 + rng.below(20000);
  if (rng.below(3) == 0) {
    p["retry_budget"] = {{"capacity", rng.below(30)}, {"retry_cost", 5}, {"timeout_cost", 10}};
  }
  if (rng.below(3) == 0) p["honor_retry_after"] = false;
  if (rng.below(3) == 0) p["max_retry_after_ms"] = rng.below(3000);
  if (rng.coin()) p["retry_after_over_cap"] = "use_backoff";
  return p;
}

json random_scenario(Random& rng, const std::string& name) {
  json steps = json::array();
  for (int i = 0, n = 1 + rng.below(7); i < n; ++i) steps.push_back(random_step(rng));
  static const char* const kExhausted[] = {"repeat_last", "cycle", "fail"};
  return {{"name", name},
          {"description", "random"},
          {"script",
           {{"POST /v1/chat/completions",
             {{"steps", steps}, {"when_exhausted", kExhausted[rng.below(3)]}}}}},
          {"client", {{"policy", random_policy(rng)}, {"operations", 1 + rng.below(3)}}}};
}

struct Operation {
  std::vector<client::AttemptRecord> attempts;
  std::optional<client::SummaryRecord> summary;
};

std::map<std::string, Operation> by_operation(const std::vector<Record>& records) {
  std::map<std::string, Operation> ops;
  for (const Record& r : records) {
    if (const auto* a = std::get_if<client::AttemptRecord>(&r)) {
      ops[a->operation_id.str()].attempts.push_back(*a);
    } else {
      const auto& s = std::get<client::SummaryRecord>(r);
      ops[s.operation_id.str()].summary = s;
    }
  }
  return ops;
}

bool terminal(client::Outcome outcome) {
  return outcome == client::Outcome::success || outcome == client::Outcome::caller_error ||
         outcome == client::Outcome::auth_error;
}

void check_run(const json& fixture, const ScenarioRun& run, const client::RetryPolicy& policy) {
  SCOPED_TRACE("fixture: " + fixture.dump());
  std::size_t attempts = 0;
  for (const auto& [id, op] : by_operation(run.records)) {
    SCOPED_TRACE("operation " + id);
    ASSERT_TRUE(op.summary.has_value());
    ASSERT_FALSE(op.attempts.empty());
    attempts += op.attempts.size();
    EXPECT_EQ(op.summary->attempts, static_cast<int>(op.attempts.size()));
    EXPECT_LE(static_cast<int>(op.attempts.size()), policy.max_attempts);
    milliseconds backoff{0};
    for (std::size_t i = 0; i < op.attempts.size(); ++i) {
      const client::AttemptRecord& a = op.attempts[i];
      const bool last = i + 1 == op.attempts.size();
      EXPECT_EQ(a.attempt_index, static_cast<int>(i) + 1);
      EXPECT_EQ(a.retry_decision == client::RetryDecision::retried, !last) << a;
      if (terminal(a.final_outcome)) {
        EXPECT_TRUE(last) << a;
      }
      backoff += a.backoff;
      if (!last) {
        // Virtual time is exact: the next attempt starts when this one ended plus its backoff.
        EXPECT_EQ(op.attempts[i + 1].attempt_start,
                  a.attempt_start + a.attempt_duration + a.backoff);
      } else {
        EXPECT_EQ(a.backoff, milliseconds{0}) << a;
        EXPECT_EQ(op.summary->final_outcome, a.final_outcome);
        EXPECT_EQ(op.summary->final_http_response_status_code, a.http_response_status_code);
        EXPECT_EQ(op.summary->elapsed, a.attempt_start + a.attempt_duration);
      }
    }
    EXPECT_EQ(op.summary->total_backoff, backoff);
    if (policy.deadline) {
      EXPECT_LE(op.summary->elapsed, *policy.deadline);
    }
  }
  // One request on the wire is one attempt record.
  EXPECT_EQ(run.journal.size(), attempts);

  std::string log;
  for (const std::string& line : run.lines) log += line + "\n";
  std::istringstream in(log);
  EXPECT_THAT(review::review_log(in, "records.jsonl"), testing::IsEmpty()) << log;
}

class RandomScenarios : public testing::TestWithParam<int> {};

TEST_P(RandomScenarios, KeepTheRulesOfRecordsAndPolicy) {
  Random rng(std::uint64_t{0x70726f70} + static_cast<std::uint64_t>(GetParam()));
  for (int i = 0; i < 4; ++i) {
    const json fixture = random_scenario(rng, "random-" + std::to_string(i));
    SCOPED_TRACE("seed " + std::to_string(GetParam()) + ", case " + std::to_string(i));
    LoadedScenario loaded{faults::parse_scenario(fixture.dump(), "random.json", "."), {}};
    loaded.policy =
        client::parse_policy(fixture["client"]["policy"], "random.json", "/client/policy");
    const ScenarioRun run = run_scenario(loaded);
    check_run(fixture, run, loaded.policy);
    if (HasFailure()) return;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomScenarios, testing::Range(0, 40));

}  // namespace
}  // namespace cometbench::runner
