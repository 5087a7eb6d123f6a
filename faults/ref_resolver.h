#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "faults/fixture_error.h"
#include "json/cursor.h"
#include "json/text.h"

namespace cometbench::faults {

/// At most this many `$ref`s are resolved for one fixture, counting a file each time it is
/// referenced. The bundled scenarios use at most 11; the bound stops a chain of files that
/// each refer to the next one twice, whose expansion doubles with every file.
inline constexpr std::size_t kMaxRefs = 10'000;

/// At most this many bytes of JSON text per fixture: the fixture itself plus the text of every
/// file its `$ref`s read, counted each time it is referenced (4 MiB; the largest canned body is
/// 481 bytes). Bounds the memory and time a parse can take: the parsed form of dense JSON such
/// as `[0,0,...]` takes about 20 times its text (measured: a 90 MB peak for `validate` at the
/// limit).
inline constexpr std::size_t kMaxFixtureBytes = 4 * 1024 * 1024;

/// Replaces every `{"$ref": "path"}` object inside a fixture value with the referenced file's
/// JSON, recursively: a referenced file may hold further `$ref`s, resolved against its own
/// folder. Not thread-safe; one resolver serves one fixture parse, and its limits add up over
/// every `resolve()` call.
///
/// Errors are reported in the file that holds the problem: a bad `$ref` (not a string, empty,
/// absolute, extra keys, unreadable target, cycle, outside the root, over kMaxRefs or
/// kMaxFixtureBytes) at the `$ref` member of the file that wrote it; invalid JSON at the
/// referenced file itself; nesting deeper than kMaxJsonDepth at the place in the referenced file
/// where it happens. Nesting is counted across files, each `{"$ref": ...}` object as one level,
/// from the fixture's root: a chain of files each a little under the limit cannot add up to
/// more, and recursion stays bounded.
class RefResolver {
 public:
  /// `fixture_dir`: the folder the fixture's own `$ref`s resolve against. `fixture_bytes`: the
  /// size of the fixture's text, the first part of kMaxFixtureBytes. `root`: when set, every
  /// `$ref` must resolve (after `..` and symbolic links) to a file inside this folder, else it
  /// fails with `"PATH": outside the root ROOT`, and nothing outside the root is ever looked
  /// up, so the message is the same whether the target exists or not. Unset: `$ref`s go
  /// wherever their relative paths lead.
  explicit RefResolver(std::filesystem::path fixture_dir, std::size_t fixture_bytes = 0,
                       std::optional<std::filesystem::path> root = std::nullopt);

  /// The value at `at` (a place in the fixture) with all `$ref`s replaced.
  json::Json resolve(const json::Cursor& at);

 private:
  // Where a file's `$ref`s resolve: `dir` is looked up, `display_dir` names files in errors.
  // Without a root they are the same; with one, `dir` is canonical.
  struct Place {
    std::filesystem::path dir;
    std::filesystem::path display_dir;
  };
  struct OpenFile {
    std::filesystem::path canonical;  // identity, for cycle detection
    std::string display;              // as errors name it
    std::size_t depth = 0;            // containers around its top-level value, across files
  };

  void expand(json::Json& value, const json::Cursor& at, const Place& place, std::size_t depth);
  json::Json load(const json::Cursor& ref, const Place& place, std::size_t depth);
  // The file `relative` names and its identity; fails at `ref` when it is outside the root.
  std::filesystem::path locate(const json::Cursor& ref, const std::string& relative,
                               const Place& place, std::filesystem::path& canonical) const;

  Place fixture_place_;
  std::optional<std::filesystem::path> root_;  // canonical
  std::string root_display_;                   // as the caller gave it
  std::size_t bytes_ = 0;                      // the fixture's text plus every file read so far
  std::size_t refs_ = 0;                       // `$ref`s resolved so far
  std::vector<OpenFile> open_files_;           // the chain of files being resolved, outermost first
};

}  // namespace cometbench::faults
