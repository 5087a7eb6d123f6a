#include "tune/inputs.h"

#include <set>
#include <stdexcept>

#include "client/policy.h"
#include "faults/json_text.h"
#include "faults/profile_parser.h"

namespace cometbench::tune {
namespace {

constexpr std::string_view kPresetPrefix = "preset:";

bool strip_suffix(std::string& name, std::string_view suffix) {
  if (name.size() <= suffix.size() || !name.ends_with(suffix)) return false;
  name.resize(name.size() - suffix.size());
  return true;
}

}  // namespace

std::string name_for_file(const std::filesystem::path& file) {
  std::string name = file.filename().string();
  if (strip_suffix(name, ".policy.json") || strip_suffix(name, ".profile.json")) return name;
  strip_suffix(name, ".json");
  return name;
}

NamedPolicy load_policy_argument(const std::string& argument) {
  if (argument.starts_with(kPresetPrefix)) {
    const std::string name = argument.substr(kPresetPrefix.size());
    // The policy parser names the presets it knows when this one is not among them.
    return {name,
            client::parse_policy(nlohmann::json{{"preset", name}}, "--policy " + argument, "")};
  }
  const faults::FileText text = faults::read_text_file(argument);
  if (!text.text) throw faults::FixtureError(argument, "", text.error);
  // The fixture reader's strict JSON: line and column for bad syntax, duplicate keys refused.
  nlohmann::json document =
      nlohmann::json::parse(faults::parse_json_text(*text.text, argument).dump());
  if (document.is_object() && document.contains("$schema") && document["$schema"].is_string()) {
    document.erase("$schema");
  }
  return {name_for_file(argument), client::parse_policy(document, argument, "")};
}

std::vector<NamedPolicy> load_policy_arguments(const std::vector<std::string>& arguments) {
  std::vector<NamedPolicy> policies;
  std::set<std::string> names;
  for (const std::string& argument : arguments) {
    NamedPolicy policy = load_policy_argument(argument);
    if (!names.insert(policy.name).second) {
      throw std::invalid_argument("two policies are named \"" + policy.name + "\" (the second is " +
                                  argument + "); rename a file so that the rows can be told apart");
    }
    policies.push_back(std::move(policy));
  }
  return policies;
}

faults::FaultProfile load_profile(const std::filesystem::path& file) {
  faults::FaultProfile profile = faults::load_profile_file(file);
  const std::string expected = name_for_file(file);
  if (profile.name != expected) {
    throw faults::FixtureError(
        file.string(), "/name",
        "expected \"" + expected + "\" (the file's name), got \"" + profile.name + "\"");
  }
  return profile;
}

}  // namespace cometbench::tune
