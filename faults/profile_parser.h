#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "faults/fixture_error.h"
#include "faults/profile.h"

namespace cometbench::faults {

/// Parses a fault profile (docs/tuning.md) strictly: the scenario format's top level with a
/// `profile` instead of a `script`, and a `client` without `policy` or `operations`. Mix and
/// outage steps go through the scenario step parser, so every step kind works with bodies,
/// headers and `$ref`s. Unknown keys, wrong types, zero weights, empty mixes and outage windows
/// that are empty, out of order or overlapping throw FixtureError naming `file`, the JSON
/// pointer and what was expected. `$ref` paths resolve against `base_dir`. The same bounds as a
/// scenario's hold: at most kMaxFixtureBytes of text with every file the `$ref`s read.
FaultProfile parse_profile(std::string_view text, const std::string& file,
                           const std::filesystem::path& base_dir);

/// Reads and parses one profile file; `$ref`s resolve against its folder. A file larger than
/// kMaxFixtureBytes is refused before it is read whole.
FaultProfile load_profile_file(const std::filesystem::path& path);

}  // namespace cometbench::faults
