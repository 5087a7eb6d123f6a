// Bundled scenarios under the openai-node and openai-python presets, on the embedded mock: the
// exact decisions each SDK's rules give. Backoffs use the default seed: 500 * (1 - 0.25 U1) =
// 480 and 1000 * (1 - 0.25 U2) = 782 ms.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;

std::string text(const std::optional<int>& status) {
  return status ? std::to_string(*status) : "-";
}

// One line per record: `#index status error decision reason backoff start duration` or
// `= attempts outcome status total_backoff elapsed`.
std::vector<std::string> compact(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const Record& record : records) {
    if (const auto* a = std::get_if<client::AttemptRecord>(&record)) {
      out.push_back(
          "#" + std::to_string(a->attempt_index) + " " + text(a->http_response_status_code) + " " +
          (a->error_type ? a->error_type->str() : "-") + " " +
          std::string(client::to_string(a->retry_decision)) + " " +
          std::string(client::to_string(a->retry_reason)) + " " +
          std::to_string(a->backoff.count()) + " " + std::to_string(a->attempt_start.count()) +
          " " + std::to_string(a->attempt_duration.count()));
    } else {
      const auto& s = std::get<client::SummaryRecord>(record);
      out.push_back("= " + std::to_string(s.attempts) + " " +
                    std::string(client::to_string(s.final_outcome)) + " " +
                    text(s.final_http_response_status_code) + " " +
                    std::to_string(s.total_backoff.count()) + " " +
                    std::to_string(s.elapsed.count()));
    }
  }
  return out;
}

std::vector<std::string> run_under(const std::string& scenario, const std::string& preset) {
  LoadedScenario loaded =
      load_scenario(fs::path(COMETBENCH_FIXTURES_DIR) / "scenarios" / (scenario + ".json"));
  loaded.policy = *client::preset_policy(preset);
  return compact(run_scenario(loaded).records);
}

using Lines = std::vector<std::string>;

TEST(PresetScenarioTest, FaultsInARowNodeDoesNotRetryTheCutBody) {
  EXPECT_EQ(run_under("faults-in-a-row", "openai-node"),
            (Lines{"#1 - empty_reply retried retryable_error 480 0 0",
                   "#2 - connection_reset retried retryable_error 782 480 0",
                   "#3 200 truncated_body not_retried response_committed 0 1262 0",
                   "= 3 transient_failure 200 1262 1262"}));
}

TEST(PresetScenarioTest, FaultsInARowPythonRunsOutOfAttempts) {
  EXPECT_EQ(run_under("faults-in-a-row", "openai-python"),
            (Lines{"#1 - empty_reply retried retryable_error 480 0 0",
                   "#2 - connection_reset retried retryable_error 782 480 0",
                   "#3 200 truncated_body final_attempt max_attempts_reached 0 1262 0",
                   "= 3 transient_failure 200 1262 1262"}));
}

TEST(PresetScenarioTest, Overloaded503sBackOffAlikeUnderBoth) {
  const Lines expected{"#1 503 503 retried retryable_status 480 0 0",
                       "#2 503 503 retried retryable_status 782 480 0",
                       "#3 200 - not_retried success 0 1262 0", "= 3 success 200 1262 1262"};
  EXPECT_EQ(run_under("overloaded-503-503-200", "openai-node"), expected);
  EXPECT_EQ(run_under("overloaded-503-503-200", "openai-python"), expected);
}

TEST(PresetScenarioTest, RetryAfterTwoSecondsIsHonouredByBoth) {
  const Lines expected{"#1 429 429 retried retry_after_honored 2000 0 0",
                       "#2 200 - not_retried success 0 2000 0", "= 2 success 200 2000 2000"};
  EXPECT_EQ(run_under("rate-limited-retry-after-seconds", "openai-node"), expected);
  EXPECT_EQ(run_under("rate-limited-retry-after-seconds", "openai-python"), expected);
}

TEST(PresetScenarioTest, BothSdksRetryA500InvalidRequestByItsStatus) {
  const Lines expected{"#1 500 500 retried retryable_status 480 0 0",
                       "#2 200 - not_retried success 0 480 0", "= 2 success 200 480 480"};
  EXPECT_EQ(run_under("invalid-request-500-not-retried", "openai-node"), expected);
  EXPECT_EQ(run_under("invalid-request-500-not-retried", "openai-python"), expected);
}

TEST(PresetScenarioTest, BothSdksCommitAStreamCutBeforeItsFirstEvent) {
  const Lines expected{"#1 200 truncated_body not_retried stream_committed 0 0 0",
                       "= 1 transient_failure 200 0 0"};
  EXPECT_EQ(run_under("stream-dropped-before-first-event", "openai-node"), expected);
  EXPECT_EQ(run_under("stream-dropped-before-first-event", "openai-python"), expected);
}

}  // namespace
}  // namespace cometbench::runner
