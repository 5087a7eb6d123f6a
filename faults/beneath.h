#pragma once

#include <filesystem>

namespace cometbench::faults {

/// Where resolve_beneath() led.
struct BeneathResult {
  enum class Kind {
    inside,   // `path` is the canonical path of the target, inside the root
    outside,  // the path leaves the root (by `..` or through a symbolic link)
    error,    // a lookup inside the root failed with `error` (ENOENT, ENOTDIR, EACCES, ELOOP)
  };
  Kind kind = Kind::error;
  std::filesystem::path path;
  int error = 0;
};

/// Resolves `relative` from the folder `dir` as the kernel would (`..` applies after the
/// symbolic links before it are followed), but one component at a time and following symbolic
/// links itself, so that nothing outside `root` is ever looked up: whether a file outside the
/// root exists can never change the answer.
///
/// - `root` and `dir` are canonical absolute paths (no symbolic links, no `.` or `..`).
/// - A path whose text alone climbs above the root (`a/../../x` from the root) is `outside`,
///   whatever exists.
/// - A symbolic link inside the root is followed when its target stays inside: a relative target
///   from the link's folder, an absolute one only when it is spelled under `root` itself.
/// - `dir` outside `root` makes every path `outside`.
/// - More than 40 symbolic links (Linux's limit) give `error` ELOOP.
BeneathResult resolve_beneath(const std::filesystem::path& root, const std::filesystem::path& dir,
                              const std::filesystem::path& relative);

/// True when the canonical absolute `path` is `root` or lies under it.
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace cometbench::faults
