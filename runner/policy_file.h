#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "client/policy.h"
#include "faults/scenario.h"

namespace cometbench::runner {

/// File name suffixes that scenario discovery skips (docs/fixtures.md "Policy files"): retry
/// policies are `NAME.policy.json`, fault profiles `NAME.profile.json`.
inline constexpr std::string_view kPolicySuffix = ".policy.json";
inline constexpr std::string_view kProfileSuffix = ".profile.json";

/// A policy's name in reports: the file name without `.policy.json`, or without `.json` for any
/// other file (`fast.policy.json` -> `fast`, `b.json` -> `b`).
std::string policy_name_for(const std::filesystem::path& file);

/// Reads a policy file (one policy object, DESIGN.md section 7) with the strict JSON reader and
/// the client's policy parser. Throws faults::FixtureError (unreadable file, bad JSON) or
/// client::PolicyError (bad policy), each naming `file` and the JSON pointer in it.
client::RetryPolicy load_policy_file(const std::filesystem::path& file);

/// The policy of a scenario: `client.policy` itself, or the policy file that a
/// `{"$ref": "path"}` there names (relative to the scenario's folder). Errors in the reference
/// name the scenario file and `/client/policy/$ref`; errors inside the policy file name that file.
client::RetryPolicy scenario_policy(const faults::Scenario& scenario,
                                    const std::filesystem::path& scenario_file);

/// A policy named on the command line: `preset:NAME` or a policy file.
struct NamedPolicy {
  std::string argument;  ///< as given
  std::string name;      ///< the preset's name, or policy_name_for(file)
  client::RetryPolicy policy;
};

/// Resolves a `--policy` argument. Throws std::invalid_argument for an unknown preset (listing
/// the presets), and what load_policy_file() throws for a file.
NamedPolicy resolve_policy_argument(const std::string& argument);

/// The hint added to a scenario error when the file holds no `script` and only policy keys:
/// `this looks like a retry policy: name it NAME.policy.json`; empty when it does not apply
/// (the file is unreadable, not JSON, not such an object, or already a policy file name).
std::string policy_file_hint(const std::filesystem::path& file);

}  // namespace cometbench::runner
