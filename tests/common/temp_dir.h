#pragma once

// Temporary folders for tests: unique for every call (mkdtemp), so that tests running at once,
// in one process or in several builds (normal and sanitizer runs of the same suite), never
// share one.

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cometbench::testing_support {

/// Creates a new, empty folder `PREFIX-XXXXXX` under the system's temporary folder and returns
/// its path. The caller removes it (std::filesystem::remove_all). Throws std::runtime_error
/// when it cannot be made.
inline std::filesystem::path make_temp_dir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot make a temporary folder like " + pattern);
  }
  return pattern;
}

}  // namespace cometbench::testing_support
