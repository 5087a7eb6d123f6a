#include "runner/discovery.h"

#include <algorithm>
#include <stdexcept>
#include <system_error>

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

bool is_scenario_file(const fs::path& p) {
  return p.extension() == ".json" && p.filename().string().front() != '.';
}

bool glob_match(const char* pattern, const char* text) {
  // Iterative `*`/`?` matching with one backtrack point: linear in practice.
  const char* star = nullptr;
  const char* resume = nullptr;
  while (*text != '\0') {
    if (*pattern == '?' || *pattern == *text) {
      ++pattern;
      ++text;
    } else if (*pattern == '*') {
      star = pattern++;
      resume = text;
    } else if (star != nullptr) {
      pattern = star + 1;
      text = ++resume;
    } else {
      return false;
    }
  }
  while (*pattern == '*') ++pattern;
  return *pattern == '\0';
}

}  // namespace

std::vector<fs::path> find_scenarios(const std::vector<fs::path>& paths) {
  std::vector<fs::path> found;
  for (const fs::path& p : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) {
      throw std::runtime_error(p.string() + ": no such file or folder");
    }
    if (fs::is_directory(status)) {
      std::vector<fs::path> inside;
      for (const auto& entry : fs::directory_iterator(p, ec)) {
        if (entry.is_regular_file() && is_scenario_file(entry.path()))
          inside.push_back(entry.path());
      }
      if (ec) throw std::runtime_error(p.string() + ": cannot list folder: " + ec.message());
      if (inside.empty())
        throw std::runtime_error(p.string() + ": no scenario files (*.json) in this folder");
      found.insert(found.end(), inside.begin(), inside.end());
    } else {
      found.push_back(p);
    }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

bool matches_filter(const std::string& name, const std::string& pattern) {
  if (pattern.empty()) return true;
  if (pattern.find_first_of("*?") == std::string::npos) {
    return name.find(pattern) != std::string::npos;
  }
  return glob_match(pattern.c_str(), name.c_str());
}

fs::path golden_path_for(const fs::path& scenario_file) {
  fs::path golden = scenario_file;
  golden.replace_extension(".golden.jsonl");
  return golden;
}

}  // namespace cometbench::runner
