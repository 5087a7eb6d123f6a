// libFuzzer target: the scenario parser with `$ref`s across files. The input is split at NUL
// bytes: the first part is the scenario, the next (up to three) are written as 1.json, 2.json
// and 3.json beside it, so `$ref`s can chain, nest and cycle through them. The parser must
// either return a scenario or throw FixtureError at a line and column inside the text; anything
// else (another exception, a crash, a hang, unbounded memory) is a finding.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "faults/fixture_error.h"
#include "faults/parser.h"

namespace {

namespace fs = std::filesystem;

// One folder per process, made once: libFuzzer runs inputs one after another in a process.
const fs::path& tree() {
  static const fs::path dir = [] {
    std::string pattern = (fs::temp_directory_path() / "cometbench-fuzz-fixture-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return fs::path(pattern);
  }();
  return dir;
}

std::vector<std::string_view> split_at_nul(std::string_view bytes) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (parts.size() < 3) {
    const std::size_t nul = bytes.find('\0', start);
    if (nul == std::string_view::npos) break;
    parts.push_back(bytes.substr(start, nul - start));
    start = nul + 1;
  }
  parts.push_back(bytes.substr(start));
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> parts =
      split_at_nul(std::string_view(reinterpret_cast<const char*>(data), size));
  for (std::size_t i = 1; i <= 3; ++i) {
    const fs::path file = tree() / (std::to_string(i) + ".json");
    if (i < parts.size()) {
      std::ofstream(file, std::ios::binary | std::ios::trunc) << parts[i];
    } else {
      std::error_code ignored;
      fs::remove(file, ignored);
    }
  }
  try {
    (void)cometbench::faults::parse_scenario(parts[0], "fuzz.json", tree());
  } catch (const cometbench::faults::FixtureError& error) {
    // The expected answer to bad input. Its line and column, when it has them, are inside the
    // text of the fixture (the other files are read by the parser, not known here).
    if (error.file() == "fuzz.json" && error.has_position()) {
      const auto lines =
          static_cast<std::size_t>(std::count(parts[0].begin(), parts[0].end(), '\n') + 1);
      if (error.line() > lines || error.column() == 0 || error.column() > parts[0].size() + 1) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
