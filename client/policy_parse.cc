// Strict parsing of a retry policy object (DESIGN.md section 6, docs/policy.md). The keys and
// their shapes come from the field table in client/policy_fields.cc.
#include <string>

#include "client/policy.h"
#include "client/policy_fields.h"

namespace cometbench::client {
namespace {

using Json = nlohmann::json;
using policy_fields::FieldReader;

// DESIGN.md section 7: a policy file may name its JSON schema. It is not a setting.
constexpr std::string_view kSchemaKey = "$schema";

void check_known_keys(const FieldReader& reader, const Json& document, const std::string& prefix) {
  Json settings = document;
  settings.erase(std::string(kSchemaKey));
  reader.known_keys(settings, policy_fields::listed_keys(), prefix);
}

RetryPolicy starting_policy(const FieldReader& reader, const Json& document) {
  const auto it = document.find("preset");
  if (it == document.end()) return RetryPolicy{};
  std::optional<RetryPolicy> preset =
      it->is_string() ? preset_policy(it->get<std::string>()) : std::nullopt;
  if (!preset) {
    std::string names;
    for (std::string_view name : preset_names()) {
      names += (names.empty() ? "" : ", ") + std::string(name);
    }
    reader.fail(reader.at("preset"),
                "expected one of " + names + ", got " + policy_fields::describe(*it));
  }
  return *preset;
}

}  // namespace

RetryPolicy parse_policy(const nlohmann::json& document, const std::string& file,
                         const std::string& pointer_prefix) {
  const FieldReader reader(file, pointer_prefix);
  reader.expect_object(document, pointer_prefix);
  check_known_keys(reader, document, pointer_prefix);
  if (const auto schema = document.find(kSchemaKey);
      schema != document.end() && !schema->is_string()) {
    reader.fail(reader.at(kSchemaKey), "expected a string (the policy's JSON schema), got " +
                                           policy_fields::describe(*schema));
  }

  // The preset applies first, whatever the key order, so that the other keys override it.
  RetryPolicy policy = starting_policy(reader, document);
  for (const auto& [key, value] : document.items()) {
    if (const policy_fields::PolicyField* field = policy_fields::find(key)) {
      field->read(reader, value, reader.at(key), policy);
    }
  }
  if (policy.max_backoff < policy.initial_backoff) {
    if (document.contains("max_backoff_ms")) {
      reader.fail(reader.at("max_backoff_ms"), "expected at least initial_backoff_ms (" +
                                                   std::to_string(policy.initial_backoff.count()) +
                                                   "), got " +
                                                   std::to_string(policy.max_backoff.count()));
    }
    reader.fail(reader.at("initial_backoff_ms"),
                "expected at most max_backoff_ms (" + std::to_string(policy.max_backoff.count()) +
                    "), got " + std::to_string(policy.initial_backoff.count()));
  }
  return policy;
}

bool is_policy_key(std::string_view key) {
  if (key == kSchemaKey) return true;
  for (std::string_view listed : policy_fields::listed_keys()) {
    if (listed == key) return true;
  }
  return false;
}

}  // namespace cometbench::client
