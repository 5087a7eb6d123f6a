#include "tune/inputs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "faults/fixture_error.h"

namespace cometbench::tune {
namespace {

namespace fs = std::filesystem;
const fs::path kData = COMETBENCH_TUNE_TEST_DATA;
const fs::path kFixtures = COMETBENCH_FIXTURES_DIR;

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(NameForFile, DropsThePolicyOrProfileSuffixElseJson) {
  EXPECT_EQ(name_for_file("dir/fast.policy.json"), "fast");
  EXPECT_EQ(name_for_file("dir/steady-429.profile.json"), "steady-429");
  EXPECT_EQ(name_for_file("dir/plain.json"), "plain");
  EXPECT_EQ(name_for_file("dir/noext"), "noext");
  EXPECT_EQ(name_for_file(".json"), ".json");
}

TEST(LoadPolicyArgument, ReadsAPolicyFileNamedAfterIt) {
  const NamedPolicy p = load_policy_argument((kData / "two-attempts.policy.json").string());
  EXPECT_EQ(p.name, "two-attempts");
  EXPECT_EQ(p.policy.max_attempts, 2);
  EXPECT_EQ(p.policy.jitter, client::Jitter::none);
}

TEST(LoadPolicyArgument, APresetIsNamedAfterThePreset) {
  const NamedPolicy p = load_policy_argument("preset:none");
  EXPECT_EQ(p.name, "none");
  EXPECT_EQ(p.policy, *client::preset_policy("none"));
}

TEST(LoadPolicyArgument, ErrorsNameTheFileAndThePlace) {
  const std::string bad = (kData / "bad-jitter.policy.json").string();
  EXPECT_EQ(error_of([&] { load_policy_argument(bad); }),
            bad +
                ":1:2: /jitter: expected one of none, full, equal, decorrelated, openai, got "
                "\"fullest\"");
  const std::string missing = (kData / "missing.policy.json").string();
  EXPECT_EQ(error_of([&] { load_policy_argument(missing); }),
            missing + ": cannot read file: No such file or directory");
  const std::string dup = (kData / "duplicate-key.policy.json").string();
  EXPECT_EQ(error_of([&] { load_policy_argument(dup); }),
            dup + ":3:3: /max_attempts: duplicate key \"max_attempts\"");
  EXPECT_THAT(error_of([] { load_policy_argument("preset:nope"); }),
              testing::StartsWith("--policy preset:nope: /preset: expected one of "));
}

TEST(LoadPolicyArguments, RefusesTwoPoliciesWithOneName) {
  const std::string file = (kData / "two-attempts.policy.json").string();
  EXPECT_EQ(error_of([&] {
              load_policy_arguments({file, "preset:none", file});
            }),
            "two policies are named \"two-attempts\" (the second is " + file +
                "); rename a file so that the rows can be told apart");
}

TEST(LoadProfile, TheNameMustBeTheFilesName) {
  const std::string file = (kData / "misnamed.profile.json").string();
  EXPECT_EQ(error_of([&] { load_profile(file); }),
            file + ": /name: expected \"misnamed\" (the file's name), got \"other\"");
}

TEST(LoadProfile, EveryBundledProfileAndPolicyLoads) {
  int profiles = 0;
  for (const auto& entry : fs::directory_iterator(kFixtures / "profiles")) {
    EXPECT_NO_THROW(load_profile(entry.path())) << entry.path();
    ++profiles;
  }
  EXPECT_GE(profiles, 4);
  int policies = 0;
  for (const auto& entry : fs::directory_iterator(kFixtures / "policies")) {
    EXPECT_NO_THROW(load_policy_argument(entry.path().string())) << entry.path();
    ++policies;
  }
  EXPECT_GE(policies, 3);
}

}  // namespace
}  // namespace cometbench::tune
