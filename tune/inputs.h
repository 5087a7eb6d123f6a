#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "faults/profile.h"
#include "tune/engine.h"

namespace cometbench::tune {

/// The name a file's report row or profile goes by: the file name without `.policy.json` or
/// `.profile.json`, else without `.json`, else the whole file name.
std::string name_for_file(const std::filesystem::path& file);

/// A `--policy` argument: `preset:NAME` (a preset, named NAME) or a policy file (one policy
/// object, what a scenario's `client.policy` holds, optionally with a string `$schema`), named
/// by name_for_file. Throws faults::FixtureError for a file that cannot be read or is not
/// valid JSON, client::PolicyError for a bad policy; both read `FILE: POINTER: MESSAGE`.
NamedPolicy load_policy_argument(const std::string& argument);

/// Loads every argument; throws std::invalid_argument when two share a name (their rows could
/// not be told apart).
std::vector<NamedPolicy> load_policy_arguments(const std::vector<std::string>& arguments);

/// Loads a fault profile (faults::load_profile_file) and checks that its `name` equals
/// name_for_file(file). Throws faults::FixtureError.
faults::FaultProfile load_profile(const std::filesystem::path& file);

}  // namespace cometbench::tune
