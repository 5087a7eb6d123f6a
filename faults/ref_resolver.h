#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "faults/json_cursor.h"
#include "faults/json_text.h"

namespace cometbench::faults {

/// Replaces every `{"$ref": "path"}` object inside a fixture value with the referenced file's
/// JSON, recursively: a referenced file may hold further `$ref`s, resolved against its own
/// folder. Not thread-safe; one resolver serves one fixture parse.
///
/// Errors are reported in the file that holds the problem: a bad `$ref` (not a string, empty,
/// absolute, extra keys, unreadable target, cycle) at the `$ref` member of the file that wrote it;
/// invalid JSON at the referenced file itself.
class RefResolver {
 public:
  /// `fixture_dir`: the folder `$ref`s in the fixture itself resolve against.
  explicit RefResolver(std::filesystem::path fixture_dir) : fixture_dir_(std::move(fixture_dir)) {}

  /// The value at `at` (a place in the fixture) with all `$ref`s replaced.
  Json resolve(const Cursor& at);

 private:
  struct OpenFile {
    std::filesystem::path canonical;  // identity, for cycle detection
    std::string display;              // as errors name it
  };

  Json resolve_in(const Cursor& at, const std::filesystem::path& dir);
  Json load(const Cursor& ref, const std::filesystem::path& dir);

  std::filesystem::path fixture_dir_;
  std::vector<OpenFile> open_files_;  // the chain of files being resolved, outermost first
};

}  // namespace cometbench::faults
