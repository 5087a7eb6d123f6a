#include "runner/suite.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../common/temp_dir.h"
#include "runner/discovery.h"
#include "runner/report.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;

// 503 then 200 with no jitter: two attempts, 500 ms apart.
std::string scenario_json(const std::string& name,
                          const std::string& policy = R"({"jitter":"none"})") {
  return R"({"name": ")" + name + R"(", "description": "503 then 200", "api_key": "k-1",
  "script": {"POST /v1/chat/completions": {"steps": [
    {"respond": {"status": 503, "body": {"error": {"message": "busy", "type": "server_error"}}}},
    {"respond": {"status": 200, "body": {"id": "c1", "object": "chat.completion", "created": 1,
      "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"},
      "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}}}
  ]}},
  "client": {"policy": )" +
         policy + R"(, "api_key": "k-1"}})";
}

const std::vector<std::string> kExpectedLines = {
    R"({"record":"attempt","operation_id":"op-retry-0001","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":503,"error_type":"503","retry_decision":"retried","retry_reason":"retryable_status","backoff_ms":500,"response_object_type":"error","finish_reason_seen":false,"usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,"attempt_duration_ms":0,"finish_reason":null,"connection_reused":false})",
    R"({"record":"attempt","operation_id":"op-retry-0001","attempt_index":2,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":200,"error_type":null,"retry_decision":"not_retried","retry_reason":"success","backoff_ms":0,"response_object_type":"chat.completion","finish_reason_seen":true,"usage_seen":true,"final_outcome":"success","attempt_start_ms":500,"attempt_duration_ms":0,"finish_reason":"stop","connection_reused":true})",
    R"({"record":"summary","operation_id":"op-retry-0001","attempts":2,"final_outcome":"success","final_http_response_status_code":200,"total_backoff_ms":500,"elapsed_ms":500})",
};

class SuiteTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing_support::make_temp_dir("cometbench-suite"); }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& file, const std::string& text) {
    std::ofstream(dir_ / file, std::ios::binary) << text;
    return dir_ / file;
  }
  std::string read(const std::string& file) {
    std::ifstream in(dir_ / file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  fs::path dir_;
};

TEST_F(SuiteTest, MatchingGoldenPasses) {
  const fs::path file = write("retry.json", scenario_json("retry"));
  write("retry.golden.jsonl", joined(kExpectedLines));
  const auto outcomes = run_suite({file}, {});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].verdict, Verdict::pass) << outcomes[0].detail;
  EXPECT_EQ(outcomes[0].run->lines, kExpectedLines);
  EXPECT_EQ(outcomes[0].run->virtual_elapsed, std::chrono::milliseconds(500));
  EXPECT_EQ(exit_code_for(outcomes), 0);
}

TEST_F(SuiteTest, MissingGoldenFailsAndSaysHowToCreateIt) {
  const fs::path file = write("retry.json", scenario_json("retry"));
  const auto outcomes = run_suite({file}, {});
  EXPECT_EQ(outcomes[0].verdict, Verdict::no_golden);
  EXPECT_EQ(outcomes[0].detail, "no golden file " + (dir_ / "retry.golden.jsonl").string() +
                                    "; check the run's records, then create it with: "
                                    "cometbench run --update " +
                                    file.string());
  EXPECT_EQ(exit_code_for(outcomes), 1);
}

TEST_F(SuiteTest, UpdateCreatesThenLeavesTheGoldenUnchanged) {
  const fs::path file = write("retry.json", scenario_json("retry"));
  SuiteOptions update;
  update.update = true;
  auto outcomes = run_suite({file}, update);
  EXPECT_EQ(outcomes[0].update, GoldenUpdate::created);
  EXPECT_EQ(outcomes[0].verdict, Verdict::pass);
  EXPECT_EQ(read("retry.golden.jsonl"), joined(kExpectedLines));
  outcomes = run_suite({file}, update);
  EXPECT_EQ(outcomes[0].update, GoldenUpdate::unchanged);
}

TEST_F(SuiteTest, PolicyChangeFailsWithEveryDifferingRecord) {
  const fs::path file =
      write("retry.json", scenario_json("retry", R"({"jitter":"none","initial_backoff_ms":750})"));
  write("retry.golden.jsonl", joined(kExpectedLines));
  const auto outcomes = run_suite({file}, {});
  EXPECT_EQ(outcomes[0].verdict, Verdict::fail);
  EXPECT_EQ(outcomes[0].detail,
            "3 records differ (the golden has 3, the run 3):\n"
            "  record 1 (attempt op-retry-0001 #1):\n"
            "    backoff_ms: golden 500, actual 750\n"
            "  record 2 (attempt op-retry-0001 #2):\n"
            "    attempt_start_ms: golden 500, actual 750\n"
            "  record 3 (summary op-retry-0001):\n"
            "    total_backoff_ms: golden 500, actual 750\n"
            "    elapsed_ms: golden 500, actual 750");
}

TEST_F(SuiteTest, UpdateRewritesAChangedGoldenAndExplainsTheChange) {
  const fs::path file =
      write("retry.json", scenario_json("retry", R"({"jitter":"none","initial_backoff_ms":750})"));
  write("retry.golden.jsonl", joined(kExpectedLines));
  SuiteOptions update;
  update.update = true;
  const auto outcomes = run_suite({file}, update);
  EXPECT_EQ(outcomes[0].update, GoldenUpdate::updated);
  EXPECT_EQ(outcomes[0].verdict, Verdict::pass);
  EXPECT_EQ(outcomes[0].detail,
            "3 records differ (the golden has 3, the run 3):\n"
            "  record 1 (attempt op-retry-0001 #1):\n"
            "    backoff_ms: golden 500, actual 750\n"
            "  record 2 (attempt op-retry-0001 #2):\n"
            "    attempt_start_ms: golden 500, actual 750\n"
            "  record 3 (summary op-retry-0001):\n"
            "    total_backoff_ms: golden 500, actual 750\n"
            "    elapsed_ms: golden 500, actual 750");
  EXPECT_EQ(outcomes[0].run->lines[0].find("\"backoff_ms\":750") != std::string::npos, true);
}

TEST_F(SuiteTest, BadPolicyIsAnInputErrorNamingFileAndPointer) {
  const fs::path file = write("retry.json", scenario_json("retry", R"({"jitter":"fullest"})"));
  const auto outcomes = run_suite({file}, {});
  EXPECT_EQ(outcomes[0].verdict, Verdict::error);
  EXPECT_EQ(outcomes[0].detail,
            file.string() +
                ":8:25: /client/policy/jitter: expected one of none, full, equal, decorrelated, "
                "openai, got \"fullest\"");
  EXPECT_EQ(exit_code_for(outcomes), 2);
}

TEST_F(SuiteTest, NameThatIsNotTheFileNameIsAnInputError) {
  const fs::path file = write("retry.json", scenario_json("other"));
  const auto outcomes = run_suite({file}, {});
  EXPECT_EQ(outcomes[0].verdict, Verdict::error);
  EXPECT_EQ(outcomes[0].detail,
            file.string() + R"(: /name: expected "retry" (the file's name), got "other")");
}

TEST_F(SuiteTest, FilterLeavesOtherScenariosOut) {
  const fs::path a = write("retry.json", scenario_json("retry"));
  const fs::path b = write("broken.json", "{");
  SuiteOptions options;
  options.filter = "ret*";
  const auto outcomes = run_suite({a, b}, options);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].name, "retry");
}

TEST_F(SuiteTest, ParallelRunsKeepInputOrderAndIdenticalRecords) {
  std::vector<fs::path> files;
  for (int i = 0; i < 6; ++i) {
    const std::string name = "s" + std::to_string(i);
    files.push_back(write(name + ".json", scenario_json(name)));
  }
  SuiteOptions options;
  options.jobs = 3;
  options.update = true;
  const auto outcomes = run_suite(files, options);
  ASSERT_EQ(outcomes.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(outcomes[static_cast<std::size_t>(i)].name, "s" + std::to_string(i));
    EXPECT_EQ(outcomes[static_cast<std::size_t>(i)].run->lines.size(), 3u);
  }
}

TEST_F(SuiteTest, ABadEntryInAFolderFailsOnItsOwnWhileTheOthersRun) {
  write("retry.json", scenario_json("retry"));
  write("retry.golden.jsonl", joined(kExpectedLines));
  write("zfail.json", scenario_json("zfail"));  // no golden: fails with exit code 1 alone
  fs::create_symlink("loop.json", dir_ / "loop.json");
  const auto outcomes = run_suite(find_scenarios({dir_}), {});
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[0].name, "loop");
  EXPECT_EQ(outcomes[0].verdict, Verdict::error);
  EXPECT_EQ(outcomes[0].detail, (dir_ / "loop.json").string() +
                                    ": cannot read file: Too many levels of symbolic links");
  EXPECT_EQ(outcomes[1].verdict, Verdict::pass) << outcomes[1].detail;
  EXPECT_EQ(outcomes[2].verdict, Verdict::no_golden);
  // An input error outranks failed goldens: exit code 2, after every scenario ran.
  EXPECT_EQ(exit_code_for(outcomes), 2);
  std::ostringstream total;
  write_total(outcomes, total);
  EXPECT_EQ(total.str(), "1 passed, 2 failed (1 error)\n");
}

TEST_F(SuiteTest, TotalLineCountsErrorsAsFailures) {
  std::vector<ScenarioOutcome> outcomes(3);
  outcomes[0].verdict = Verdict::pass;
  outcomes[1].verdict = Verdict::fail;
  outcomes[2].verdict = Verdict::error;
  std::ostringstream out;
  write_total(outcomes, out);
  EXPECT_EQ(out.str(), "1 passed, 2 failed (1 error)\n");
}

}  // namespace
}  // namespace cometbench::runner
