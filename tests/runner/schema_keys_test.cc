// The JSON Schemas in schemas/ follow the parser: every object the parser reads with a fixed
// set of keys has a schema definition whose `properties` are exactly those keys (docs/schemas.md).
// The schema test (tests/schema) checks the other direction with files: every bundled file valid,
// every malformed one refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>

#include "client/policy.h"
#include "client/policy_fields.h"
#include "faults/keys.h"
#include "faults/step_kinds.h"

namespace cometbench {
namespace {

nlohmann::json schema(const std::string& name) {
  std::ifstream in(std::string(COMETBENCH_SCHEMAS_DIR) + "/" + name + ".schema.json");
  return nlohmann::json::parse(in);
}

// The keys of `$defs/<definition>/properties` in `schema`, without `$schema`.
std::set<std::string> schema_keys(const nlohmann::json& document, const std::string& definition) {
  std::set<std::string> keys;
  const auto& properties = document.at("$defs").at(definition).at("properties");
  for (const auto& [key, value] : properties.items()) {
    if (key != "$schema") keys.insert(key);
  }
  return keys;
}

std::set<std::string> parser_keys(std::span<const std::string_view> keys) {
  return {keys.begin(), keys.end()};
}

TEST(SchemaKeys, ScenarioDefinitionsHoldExactlyTheParsersKeys) {
  const nlohmann::json scenario = schema("scenario");
  EXPECT_EQ(schema_keys(scenario, "scenario"), parser_keys(faults::keys::kScenario));
  EXPECT_EQ(schema_keys(scenario, "route"), parser_keys(faults::keys::kRoute));
  EXPECT_EQ(schema_keys(scenario, "step"), parser_keys(faults::keys::kStep));
  EXPECT_EQ(schema_keys(scenario, "respond"), parser_keys(faults::keys::kRespond));
  EXPECT_EQ(schema_keys(scenario, "dribble"), parser_keys(faults::keys::kDribble));
  EXPECT_EQ(schema_keys(scenario, "truncate"), parser_keys(faults::keys::kTruncate));
  EXPECT_EQ(schema_keys(scenario, "stream"), parser_keys(faults::keys::kStream));
  EXPECT_EQ(schema_keys(scenario, "client"), parser_keys(faults::keys::kClient));
  EXPECT_EQ(schema_keys(scenario, "tls"), parser_keys(faults::keys::kTls));
}

TEST(SchemaKeys, ProfileDefinitionsHoldExactlyTheParsersKeys) {
  const nlohmann::json profile = schema("profile");
  EXPECT_EQ(schema_keys(profile, "profile"), parser_keys(faults::keys::kProfile));
  EXPECT_EQ(schema_keys(profile, "profileSection"), parser_keys(faults::keys::kProfileSection));
  EXPECT_EQ(schema_keys(profile, "mixEntry"), parser_keys(faults::keys::kMixEntry));
  EXPECT_EQ(schema_keys(profile, "outage"), parser_keys(faults::keys::kOutage));
  EXPECT_EQ(schema_keys(profile, "profileClient"), parser_keys(faults::keys::kProfileClient));
}

TEST(SchemaKeys, PolicyDefinitionHoldsExactlyTheFieldTable) {
  const nlohmann::json policy = schema("policy");
  EXPECT_EQ(schema_keys(policy, "policy"), parser_keys(client::policy_fields::listed_keys()));
  const auto& jitter = policy.at("$defs").at("policy").at("properties").at("jitter").at("enum");
  std::set<std::string> tokens;
  for (const auto& entry : client::policy_fields::kJitterNames)
    tokens.insert(std::string(entry.name));
  EXPECT_EQ(jitter.get<std::set<std::string>>(), tokens);
  const auto& presets = policy.at("$defs").at("policy").at("properties").at("preset").at("enum");
  EXPECT_EQ(presets.get<std::set<std::string>>(), parser_keys(client::preset_names()));
}

TEST(SchemaKeys, EveryStepKindIsAStepKey) {
  std::set<std::string> kinds;
  for (const faults::StepKindInfo& kind : faults::kStepKinds) kinds.insert(std::string(kind.name));
  EXPECT_EQ(kinds, parser_keys(faults::keys::kStep));
}

}  // namespace
}  // namespace cometbench
