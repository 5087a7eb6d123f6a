#include "runner/policy_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "../common/temp_dir.h"
#include "faults/fixture_error.h"
#include "runner/discovery.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;

// A scenario whose client.policy is `policy` (JSON text).
std::string scenario_json(const std::string& name, const std::string& policy) {
  return R"({"name": ")" + name + R"(", "description": "d",
  "script": {"POST /v1/chat/completions": {"steps": [{"respond": {"status": 503}}]}},
  "client": {"policy": )" +
         policy + "}}";
}

class PolicyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing_support::make_temp_dir("cometbench-policy-file");
    fs::create_directories(dir_ / "policies");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  // The message of the exception load_scenario() throws.
  std::string load_error(const fs::path& file) {
    try {
      load_scenario(file);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST(PolicyNameTest, IsTheFileNameWithoutItsSuffix) {
  EXPECT_EQ(policy_name_for("fixtures/policies/fail-fast.policy.json"), "fail-fast");
  EXPECT_EQ(policy_name_for("/tmp/b.json"), "b");
  EXPECT_EQ(policy_name_for("b.policy.json.bak"), "b.policy.json.bak");
  EXPECT_EQ(policy_name_for(".policy.json"), ".policy");
}

TEST_F(PolicyFileTest, PolicyFileIsReadStrictly) {
  const fs::path file = write("policies/fast.policy.json",
                              R"({"$schema": "x", "max_attempts": 2, "jitter": "none"})");
  client::RetryPolicy expected;
  expected.max_attempts = 2;
  expected.jitter = client::Jitter::none;
  EXPECT_EQ(load_policy_file(file), expected);
}

TEST_F(PolicyFileTest, PolicyFileErrorsNameTheFileAndPointer) {
  const fs::path bad = write("policies/bad.policy.json", R"({"max_attempts": 0})");
  try {
    load_policy_file(bad);
    FAIL() << "no error";
  } catch (const client::PolicyError& e) {
    EXPECT_EQ(std::string(e.what()),
              bad.string() + ":1:2: /max_attempts: expected an integer from 1 to 100, got 0");
  }
  const fs::path twice = write("policies/twice.policy.json", R"({"seed": 1, "seed": 2})");
  try {
    load_policy_file(twice);
    FAIL() << "no error";
  } catch (const faults::FixtureError& e) {
    EXPECT_EQ(std::string(e.what()), twice.string() + ":1:13: /seed: duplicate key \"seed\"");
  }
}

TEST_F(PolicyFileTest, ScenarioPolicyMayReferToAPolicyFile) {
  write("policies/fast.policy.json", R"({"max_attempts": 2, "jitter": "none"})");
  const fs::path scenario =
      write("fast.json", scenario_json("fast", R"({"$ref": "policies/fast.policy.json"})"));
  const LoadedScenario loaded = load_scenario(scenario);
  EXPECT_EQ(loaded.policy.max_attempts, 2);
  EXPECT_EQ(loaded.policy.jitter, client::Jitter::none);
}

TEST_F(PolicyFileTest, ErrorsInsideTheReferencedFileNameThatFile) {
  write("policies/slow.policy.json", "{\n  \"jitter\": \"fullest\"\n}\n");
  const fs::path scenario =
      write("slow.json", scenario_json("slow", R"({"$ref": "./policies/slow.policy.json"})"));
  EXPECT_EQ(load_error(scenario),
            path("policies/slow.policy.json") +
                ":2:3: /jitter: expected one of none, full, equal, decorrelated, openai, got "
                "\"fullest\"");
}

TEST_F(PolicyFileTest, BadReferencesAreReportedAtTheRefInTheScenario) {
  struct Case {
    std::string policy;
    std::string message;  // at line 3 of the scenario, column 25 (`"$ref"`) unless it says
    int column = 25;
  };
  const std::vector<Case> cases = {
      {R"({"$ref": 3})", "/client/policy/$ref: expected a string, got a number"},
      {R"({"$ref": ""})",
       "/client/policy/$ref: expected a relative file path, got an empty string"},
      {R"({"$ref": "/etc/passwd"})",
       "/client/policy/$ref: expected a path relative to the folder of this file, got an "
       "absolute path"},
      {R"({"$ref": "p.policy.json", "max_attempts": 2})",
       "/client/policy/max_attempts: unknown key \"max_attempts\" (a {\"$ref\": ...} object "
       "holds nothing else)",
       50},
      {R"({"$ref": "missing.policy.json"})",
       "/client/policy/$ref: \"missing.policy.json\": cannot read file: No such file or "
       "directory"},
      {R"({"$ref": "policies"})",
       "/client/policy/$ref: \"policies\": expected a JSON file, got a directory"},
  };
  for (const Case& c : cases) {
    const fs::path scenario = write("s.json", scenario_json("s", c.policy));
    EXPECT_EQ(load_error(scenario),
              scenario.string() + ":3:" + std::to_string(c.column) + ": " + c.message)
        << c.policy;
  }
}

TEST_F(PolicyFileTest, APolicySavedAsAScenarioGetsAHint) {
  const fs::path file = write("fast.json", R"({"preset": "none", "max_attempts": 1})");
  EXPECT_EQ(load_error(file),
            file.string() +
                ": /preset: unknown key \"preset\" (expected one of: name, description, "
                "api_key, script, client); this looks like a retry policy: name it "
                "fast.policy.json");
}

TEST_F(PolicyFileTest, NoHintForAnythingElse) {
  EXPECT_EQ(policy_file_hint(write("a.json", R"({"max_attempts": 1, "script": {}})")), "");
  EXPECT_EQ(policy_file_hint(write("b.json", R"({"max_attempts": 1, "steps": []})")), "");
  EXPECT_EQ(policy_file_hint(write("c.json", "{}")), "");
  EXPECT_EQ(policy_file_hint(write("d.json", "[1]")), "");
  EXPECT_EQ(policy_file_hint(write("e.json", "{not json")), "");
  EXPECT_EQ(policy_file_hint(dir_ / "missing.json"), "");
  EXPECT_EQ(policy_file_hint(write("f.json", R"({"$schema": "s", "jitter": "none"})")),
            "this looks like a retry policy: name it f.policy.json");
}

TEST_F(PolicyFileTest, DiscoverySkipsPolicyAndProfileFiles) {
  const fs::path scenario = write("a.json", "{}");
  write("fast.policy.json", "{}");
  write("steady.profile.json", "{}");
  EXPECT_THAT(find_scenarios({dir_}), ElementsAre(scenario));
}

TEST_F(PolicyFileTest, NamingAPolicyOrProfileAsAScenarioIsAnError) {
  const fs::path policy = write("fast.policy.json", "{}");
  const fs::path profile = write("steady.profile.json", "{}");
  try {
    find_scenarios({policy});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              policy.string() +
                  ": a retry policy (*.policy.json), not a scenario; use it with cometbench run "
                  "--policy " +
                  policy.string());
  }
  try {
    find_scenarios({profile});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              profile.string() + ": a fault profile (*.profile.json), not a scenario");
  }
}

TEST_F(PolicyFileTest, PolicyArgumentIsAPresetOrAFile) {
  const NamedPolicy preset = resolve_policy_argument("preset:none");
  EXPECT_EQ(preset.name, "none");
  EXPECT_EQ(preset.policy, *client::preset_policy("none"));
  const fs::path file = write("policies/two.policy.json", R"({"max_attempts": 2})");
  const NamedPolicy named = resolve_policy_argument(file.string());
  EXPECT_EQ(named.argument, file.string());
  EXPECT_EQ(named.name, "two");
  EXPECT_EQ(named.policy.max_attempts, 2);
}

TEST(PolicyArgumentTest, UnknownPresetListsTheKnownOnes) {
  try {
    resolve_policy_argument("preset:openai-rust");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown preset \"openai-rust\" (expected one of preset:openai-node, "
              "preset:openai-python, preset:openai, preset:aws-standard, preset:none)");
  }
}

}  // namespace
}  // namespace cometbench::runner
