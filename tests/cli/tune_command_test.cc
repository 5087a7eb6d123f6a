#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"
#include "run_cli.h"

namespace cometbench::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kFixtures = COMETBENCH_FIXTURES_DIR;
const std::string kProfile = kFixtures + "/profiles/full-outage.profile.json";
const std::string kHasty = kFixtures + "/policies/hasty.policy.json";
const std::string kBudgeted = kFixtures + "/policies/budgeted.policy.json";

std::vector<std::string> tune(std::vector<std::string> extra) {
  std::vector<std::string> args{"tune",     "--profile", kProfile,       "--policy", kHasty,
                                "--policy", kBudgeted,   "--operations", "40"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(TuneCommandTest, PrintsTheComparisonTable) {
  const Outcome o = run_cli(tune({}));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_THAT(o.out,
              StartsWith("profile full-outage: 40 operations, one every 100 ms of virtual "
                         "time, seed 1; outages: [120000, 180000) ms respond 503\n\npolicy "));
  EXPECT_THAT(o.out, HasSubstr("\nhasty "));
  EXPECT_THAT(o.out, HasSubstr("\nbudgeted "));
  EXPECT_EQ(o.err, "");
}

TEST(TuneCommandTest, JsonNamesProfileSeedOperationsAndEachPolicy) {
  const Outcome o = run_cli(tune({"--format", "json", "--seed", "5"}));
  ASSERT_EQ(o.code, 0) << o.err;
  const nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["profile"], "full-outage");
  EXPECT_EQ(j["seed"], 5);
  EXPECT_EQ(j["operations"], 40);
  ASSERT_EQ(j["policies"].size(), 2u);
  EXPECT_EQ(j["policies"][0]["policy"], "hasty");
  EXPECT_EQ(j["policies"][1]["policy"], "budgeted");
  std::vector<std::string> keys;
  for (const auto& [key, value] : j["policies"][0].items()) keys.push_back(key);
  // nlohmann::json sorts keys; the order on the wire is checked by the report tests.
  EXPECT_THAT(keys, ::testing::IsSupersetOf({"policy", "success_rate", "attempts_per_operation",
                                             "requests", "latency_ms", "total_backoff_ms",
                                             "outcomes", "retry_reasons"}));
}

TEST(TuneCommandTest, OutWritesTheReportToAFile) {
  const fs::path file =
      fs::temp_directory_path() / ("tune-out-" + std::to_string(::getpid()) + ".html");
  const Outcome o = run_cli(tune({"--format", "html", "--out", file.string()}));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), StartsWith("<!DOCTYPE html>"));
  fs::remove(file);
}

TEST(TuneCommandTest, CsvHasAHeaderAndARowPerPolicy) {
  const Outcome o = run_cli(tune({"--format", "csv"}));
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 3);
  EXPECT_THAT(o.out, StartsWith("policy,operations,success_rate,"));
}

TEST(TuneCommandTest, InputErrorsNameTheFileAndThePlaceAndExitWith2) {
  const auto error_of = [](const std::vector<std::string>& args) {
    const Outcome o = run_cli(args);
    EXPECT_EQ(o.code, 2) << o.out;
    return o.err;
  };
  EXPECT_EQ(error_of(tune({"--format", "xml"})),
            "cometbench tune: --format: expected one of table, json, csv, html, got \"xml\"\n");
  EXPECT_EQ(error_of({"tune", "--profile", kProfile, "--policy", kHasty, "--operations", "0"}),
            "cometbench tune: --operations: expected an integer from 1 to 1000000, got 0\n");
  EXPECT_EQ(error_of({"tune", "--profile", kHasty, "--policy", kHasty}),
            "cometbench tune: " + kHasty +
                ":2:3: /max_attempts: unknown key \"max_attempts\" (expected one of: name, "
                "description, api_key, profile, client)\n");
  EXPECT_THAT(error_of({"tune", "--profile", kProfile, "--policy", "preset:nope"}),
              StartsWith("cometbench tune: --policy preset:nope: /preset: expected one of "));
  EXPECT_EQ(error_of({"tune", "--profile", kProfile, "--policy", kHasty, "--policy", kHasty}),
            "cometbench tune: two policies are named \"hasty\" (the second is " + kHasty +
                "); rename a file so that the rows can be told apart\n");
  EXPECT_THAT(error_of({"tune", "--policy", kHasty}), HasSubstr("--profile is required"));
  EXPECT_THAT(error_of({"tune", "--profile", kProfile}), HasSubstr("--policy is required"));
  EXPECT_EQ(error_of(tune({"--out", "/nonexistent-dir/x.txt"})),
            "cometbench tune: /nonexistent-dir/x.txt: cannot write the report\n");
}

}  // namespace
}  // namespace cometbench::cli
