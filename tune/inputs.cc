#include "tune/inputs.h"

#include <set>
#include <stdexcept>

#include "client/policy.h"
#include "faults/profile_parser.h"
#include "json/text.h"

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
  return {name_for_file(argument), client::load_policy_file(argument)};
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
