#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "faults/fixture_error.h"
#include "faults/scenario.h"

namespace cometbench::faults {

/// Parses a scenario fixture (format v1, docs/fixtures.md) strictly: unknown keys, wrong types,
/// missing required fields, bad `$ref`s and impossible values all throw FixtureError naming
/// `file`, the JSON pointer and what was expected. `$ref` paths resolve against `base_dir`.
Scenario parse_scenario(std::string_view text, const std::string& file,
                        const std::filesystem::path& base_dir);

/// Reads and parses one fixture file; `$ref`s resolve against its folder.
Scenario load_scenario_file(const std::filesystem::path& path);

}  // namespace cometbench::faults
