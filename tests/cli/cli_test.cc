#include "cli/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../common/temp_dir.h"
#include "run_cli.h"

namespace cometbench::cli {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kScenarios = std::string(COMETBENCH_FIXTURES_DIR) + "/scenarios";

TEST(CliTest, VersionPrintsTheProjectVersion) {
  const Outcome o = run_cli({"--version"});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, std::string("cometbench ") + COMETBENCH_VERSION + "\n");
}

TEST(CliTest, NoSubcommandIsAUsageError) {
  const Outcome o = run_cli({});
  EXPECT_EQ(o.code, 2);
  EXPECT_THAT(o.err, HasSubstr("A subcommand is required"));
}

TEST(CliTest, HelpListsEveryCommand) {
  const Outcome o = run_cli({"--help"});
  EXPECT_EQ(o.code, 0);
  for (const char* command : {"run", "validate", "serve", "review", "smoke", "tune"}) {
    EXPECT_THAT(o.out, HasSubstr(std::string("  ") + command)) << command;
  }
}

TEST(RunCommandTest, PassingScenarioPrintsItsTableAndTotal) {
  const Outcome o = run_cli({"run", kScenarios + "/overloaded-503-503-200.json"});
  EXPECT_EQ(o.code, 0) << o.out << o.err;
  EXPECT_EQ(o.out,
            "== overloaded-503-503-200: 503, 503, 200: two retries with 500 and 1000 ms backoff.\n"
            "  op-overloaded-503-503-200-0001\n"
            "      #  status  error             decision       reason                     backoff "
            "    start  duration\n"
            "      1     503  503               retried        retryable_status               500 "
            "        0         0\n"
            "      2     503  503               retried        retryable_status              1000 "
            "      500         0\n"
            "      3     200  -                 not_retried    success                          0 "
            "     1500         0\n"
            "    = success after 3 attempts, status 200, backoff 1500 ms, elapsed 1500 ms\n"
            "PASS overloaded-503-503-200 (4 records, 1.5 s virtual)\n"
            "1 passed, 0 failed\n");
}

TEST(RunCommandTest, JsonlFormatPrintsExactlyTheGolden) {
  const std::string scenario = kScenarios + "/timeout-then-ok.json";
  const Outcome o = run_cli({"run", "--format", "jsonl", scenario});
  EXPECT_EQ(o.code, 0);
  std::ifstream golden(kScenarios + "/timeout-then-ok.golden.jsonl");
  std::ostringstream text;
  text << golden.rdbuf();
  EXPECT_EQ(o.out, text.str());
  EXPECT_EQ(o.err, "PASS timeout-then-ok (3 records, 31.0 s virtual)\n1 passed, 0 failed\n");
}

TEST(RunCommandTest, JunitFormatIsXmlWithOneCasePerScenario) {
  const Outcome o = run_cli({"run", "--format", "junit", "--filter", "jitter-*", kScenarios});
  EXPECT_EQ(o.code, 0);
  EXPECT_THAT(o.out,
              HasSubstr("<testsuite name=\"cometbench\" tests=\"5\" failures=\"0\" errors=\"0\""));
  EXPECT_THAT(o.out, HasSubstr("name=\"jitter-decorrelated\""));
}

TEST(RunCommandTest, UnknownFormatIsAUsageError) {
  const Outcome o = run_cli({"run", "--format", "xml", kScenarios});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err,
            "cometbench run: --format: expected one of table, jsonl, logfmt, otel, junit, html, "
            "got \"xml\"\n");
}

TEST(RunCommandTest, MissingPathIsAnInputError) {
  const Outcome o = run_cli({"run", "/nonexistent/scenarios"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "cometbench run: /nonexistent/scenarios: no such file or folder\n");
}

TEST(RunCommandTest, FilterMatchingNothingIsAnInputError) {
  const Outcome o = run_cli({"run", "--filter", "no-such-scenario", kScenarios});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "cometbench run: no scenario matches --filter \"no-such-scenario\"\n");
}

TEST(ValidateCommandTest, BundledScenarioIsValid) {
  const std::string file = kScenarios + "/happy-path.json";
  const Outcome o = run_cli({"validate", file});
  EXPECT_EQ(o.code, 0);
  EXPECT_EQ(o.out, file + ": ok\n");
}

TEST(ValidateCommandTest, EachBadFileGetsOneMessageAndExitTwo) {
  const std::string good = kScenarios + "/happy-path.json";
  const std::string bad = std::string(COMETBENCH_FIXTURES_DIR) + "/malformed/status_600.json";
  const std::string missing = "/nonexistent.json";
  const Outcome o = run_cli({"validate", good, bad, missing});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.out, good + ": ok\n");
  EXPECT_THAT(o.err, HasSubstr(bad + ":17:13: /script/"));
  EXPECT_THAT(o.err, HasSubstr(missing + ": cannot read file: No such file or directory\n"));
  EXPECT_THAT(o.err, HasSubstr("2 of 3 files invalid\n"));
}

TEST(SmokeCommandTest, WithoutAKeyIsAnInputError) {
  ::unsetenv("COMETAPI_KEY");
  const Outcome o = run_cli({"smoke", "--base-url", "http://127.0.0.1:9/v1"});
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "cometbench smoke: COMETAPI_KEY is not set (the key for the happy-path call)\n");
}

TEST(SmokeCommandTest, BadPolicyFileIsAnInputErrorNamingThePlace) {
  const fs::path dir = testing_support::make_temp_dir("cometbench-smoke");
  const fs::path policy = dir / "policy.json";
  std::ofstream(policy) << "{\"max_attempts\": 2,\n \"max_attempts\": 3}";
  ::setenv("COMETAPI_KEY", "smoke-key", 1);
  const Outcome o =
      run_cli({"smoke", "--base-url", "http://127.0.0.1:9/v1", "--policy", policy.string()});
  ::unsetenv("COMETAPI_KEY");
  fs::remove_all(dir);
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.err, "cometbench smoke: " + policy.string() +
                       ":2:2: /max_attempts: duplicate key \"max_attempts\"\n");
}

}  // namespace
}  // namespace cometbench::cli
