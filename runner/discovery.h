#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cometbench::runner {

/// Scenario fixture files named by `paths`: a file stands for itself, a folder for every
/// `*.json` entry directly inside it whose name does not start with `.`, except retry policies
/// (`*.policy.json`) and fault profiles (`*.profile.json`); goldens end in `.golden.jsonl` and
/// are never picked up. Entries are taken by name alone, without looking at
/// what they are: a directory, a special file, a dangling or looping symbolic link or an
/// unreadable file named `x.json` is returned too, so that loading it reports the problem as
/// that scenario's error while the others run. The result is sorted and free of duplicates.
/// Throws std::runtime_error naming a path that does not exist, a folder that cannot be listed,
/// a folder without scenarios, or a policy or profile file named directly.
std::vector<std::filesystem::path> find_scenarios(const std::vector<std::filesystem::path>& paths);

/// True when `name` matches `pattern`: a glob with `*` and `?`, or, when the pattern has
/// neither, a substring. An empty pattern matches everything.
bool matches_filter(const std::string& name, const std::string& pattern);

/// The golden file beside a scenario: `dir/NAME.json` -> `dir/NAME.golden.jsonl`.
std::filesystem::path golden_path_for(const std::filesystem::path& scenario_file);

}  // namespace cometbench::runner
