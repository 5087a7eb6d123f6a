#include "runner/policy_file.h"

#include <stdexcept>

#include "faults/fixture_error.h"
#include "faults/ref_resolver.h"
#include "json/cursor.h"
#include "json/text.h"

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kRef = "$ref";
constexpr std::string_view kPresetPrefix = "preset:";

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The policy file a `{"$ref": ...}` names, checked as the fixture parser checks body `$ref`s
// (same messages): the only key, a non-empty relative path to a readable file.
client::RetryPolicy load_referenced_policy(const json::Json& policy,
                                           const std::string& scenario_file,
                                           const fs::path& folder) {
  const json::Cursor at(policy, scenario_file, "/client/policy");
  for (const auto& [key, value] : policy.items()) {
    if (key != kRef) {
      at.child(key).fail("unknown key \"" + key +
                         "\" (a {\"$ref\": ...} object holds nothing else)");
    }
  }
  const json::Cursor ref = at.child(kRef);
  const std::string relative = ref.as_string();
  if (relative.empty()) ref.fail("expected a relative file path, got an empty string");
  // Absolute paths would tie a scenario to one machine's layout.
  if (fs::path(relative).is_absolute()) {
    ref.fail("expected a path relative to the folder of this file, got an absolute path");
  }
  const fs::path path = (folder / relative).lexically_normal();
  // The file is read once here, so that an unreadable one fails at the `$ref` that names it.
  const json::FileText file = json::read_text_file(path, client::kMaxPolicyFileBytes);
  if (!file.text) ref.fail("\"" + relative + "\": " + file.error);
  return client::parse_policy_text(*file.text, path.string());
}

}  // namespace

std::string policy_name_for(const fs::path& file) {
  const std::string name = file.filename().string();
  for (std::string_view suffix : {kPolicySuffix, std::string_view(".json")}) {
    if (ends_with(name, suffix) && name.size() > suffix.size()) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

client::RetryPolicy load_policy_file(const fs::path& file) {
  return client::load_policy_file(file);
}

client::RetryPolicy scenario_policy(const faults::Scenario& scenario,
                                    const fs::path& scenario_file) {
  const nlohmann::json& policy = scenario.client.policy;
  try {
    if (!policy.is_object() || !policy.contains(kRef)) {
      return client::parse_policy(policy, scenario_file.string(), "/client/policy");
    }
    return load_referenced_policy(json::Json(policy), scenario_file.string(),
                                  scenario_file.parent_path());
  } catch (const json::InputError& error) {
    // The scenario's text is gone by now: an error in it is located in the file read again.
    throw json::with_position_from_file(error, faults::kMaxFixtureBytes);
  }
}

NamedPolicy resolve_policy_argument(const std::string& argument) {
  if (argument.starts_with(kPresetPrefix)) {
    const std::string name = argument.substr(kPresetPrefix.size());
    std::optional<client::RetryPolicy> preset = client::preset_policy(name);
    if (!preset) {
      std::string names;
      for (std::string_view known : client::preset_names()) {
        names += (names.empty() ? "preset:" : ", preset:") + std::string(known);
      }
      throw std::invalid_argument("unknown preset \"" + name + "\" (expected one of " + names +
                                  ")");
    }
    return {argument, name, std::move(*preset)};
  }
  return {argument, policy_name_for(argument), load_policy_file(argument)};
}

std::string policy_file_hint(const fs::path& file) {
  if (ends_with(file.filename().string(), kPolicySuffix)) return "";
  const json::FileText text = json::read_text_file(file, client::kMaxPolicyFileBytes);
  if (!text.text) return "";
  json::Json document;
  try {
    document = json::parse_text(*text.text, file.string());
  } catch (const faults::FixtureError&) {
    return "";
  }
  if (!document.is_object() || document.empty() || document.contains("script")) return "";
  for (const auto& [key, value] : document.items()) {
    if (!client::is_policy_key(key)) return "";
  }
  return "this looks like a retry policy: name it " + policy_name_for(file) +
         std::string(kPolicySuffix);
}

}  // namespace cometbench::runner
