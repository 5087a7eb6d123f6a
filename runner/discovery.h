#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cometbench::runner {

/// Scenario fixture files named by `paths`, in the order of the arguments: a file stands for
/// itself, a folder for every `*.json` entry directly inside it (sorted by name) whose name does
/// not start with `.`, except retry policies (`*.policy.json`) and fault profiles
/// (`*.profile.json`); goldens end in `.golden.jsonl` and are never picked up. Entries are taken
/// by name alone, without looking at what they are: a directory, a special file, a dangling or
/// looping symbolic link or an unreadable file named `x.json` is returned too, so that loading
/// it reports the problem as that scenario's error while the others run. A file named twice
/// (directly or through its folder) is returned once, where it first appears; when `duplicates`
/// is given, each such file is added to it once, so the caller can say so.
/// Throws std::runtime_error naming a path that does not exist, a folder that cannot be listed,
/// a folder without scenarios, or a policy or profile file named directly.
std::vector<std::filesystem::path> find_scenarios(
    const std::vector<std::filesystem::path>& paths,
    std::vector<std::filesystem::path>* duplicates = nullptr);

/// Every fixture file named by `paths` for `cometbench validate`: a file stands for itself
/// (whatever its suffix), a folder for every `*.json` entry directly inside it (sorted by name,
/// not starting with `.`): scenarios, policies and profiles alike, goldens never. Argument order
/// is kept and a file named twice appears once; a path that does not exist is returned as a file
/// (loading it reports the problem). Throws like find_scenarios() for a folder that cannot be
/// listed or one without `*.json` files.
std::vector<std::filesystem::path> find_fixture_files(
    const std::vector<std::filesystem::path>& paths);

/// Golden files (`NAME.golden.jsonl`) directly inside the folders among `paths` whose scenario
/// (`NAME.json`) is gone, sorted. Files among `paths` are skipped; a folder that cannot be listed
/// yields nothing (find_scenarios() has already reported it).
std::vector<std::filesystem::path> find_stale_goldens(
    const std::vector<std::filesystem::path>& paths);

/// One part of a suite split across CI machines: `index` of `count`, from 1.
struct Shard {
  unsigned index = 1;
  unsigned count = 1;
};

/// Parses `K/N` (1 <= K <= N <= 10000). Throws std::runtime_error saying what was expected.
Shard parse_shard(const std::string& text);

/// True when the scenario file belongs to `shard`. Decided by a hash (64-bit FNV-1a) of the
/// file's name alone, so a scenario stays in its shard whatever the order of discovery, the
/// folder it sits in or the other scenarios: every file is in exactly one of the N shards.
bool in_shard(const std::filesystem::path& scenario_file, Shard shard);

/// True when `name` matches `pattern`: a glob with `*` and `?`, or, when the pattern has
/// neither, a substring. An empty pattern matches everything.
bool matches_filter(const std::string& name, const std::string& pattern);

/// The golden file beside a scenario: `dir/NAME.json` -> `dir/NAME.golden.jsonl`.
std::filesystem::path golden_path_for(const std::filesystem::path& scenario_file);

}  // namespace cometbench::runner
