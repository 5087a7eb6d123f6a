#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "faults/fixture_error.h"
#include "faults/scenario.h"

namespace cometbench::faults {

/// How a fixture's `$ref`s may reach other files.
struct ParseOptions {
  /// When set, every `$ref` (and every `$ref` inside a referenced file) must resolve, after `..`
  /// and symbolic links, to a file inside this folder; one that does not fails with
  /// `"PATH": outside the root ROOT`, the same message whether the target exists or not (nothing
  /// outside the root is looked up). For fixtures that arrive over the network. Unset (the
  /// default, for files an operator runs from disk): `$ref`s go wherever their relative paths
  /// lead, as the fixture format has always allowed (`../responses/x.json`).
  std::optional<std::filesystem::path> ref_root;
  /// The name of a scenario that has no `name` key. load_scenario_file() sets it to the file's
  /// name without `.json`, so a copied scenario needs no edit; unset, `name` is required.
  std::optional<std::string> default_name;
};

/// Parses a scenario fixture (format v1, docs/fixtures.md) strictly: unknown keys, wrong types,
/// missing required fields, bad `$ref`s and impossible values all throw FixtureError naming
/// `file`, the JSON pointer and what was expected. `$ref` paths resolve against `base_dir`.
/// Finishes in bounded time and memory: at most kMaxFixtureBytes of JSON text (the fixture and
/// every file its `$ref`s read), kMaxRefs `$ref`s and kMaxJsonDepth levels of nesting across
/// `$ref`s.
Scenario parse_scenario(std::string_view text, const std::string& file,
                        const std::filesystem::path& base_dir, const ParseOptions& options = {});

/// Reads and parses one fixture file; `$ref`s resolve against its folder. A file larger than
/// kMaxFixtureBytes is refused before it is read whole.
Scenario load_scenario_file(const std::filesystem::path& path, const ParseOptions& options = {});

}  // namespace cometbench::faults
