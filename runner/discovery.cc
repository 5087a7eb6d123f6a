#include "runner/discovery.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "runner/policy_file.h"

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(),
                                                      suffix.data(), suffix.size()) == 0;
}

// Policies and fault profiles share the `.json` extension; their suffixes keep them apart.
bool is_scenario_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".json" && name.front() != '.' && !ends_with(name, kPolicySuffix) &&
         !ends_with(name, kProfileSuffix);
}

// A policy or profile named on the command line is a mistake worth its own message.
void reject_non_scenario(const fs::path& p) {
  const std::string name = p.filename().string();
  if (ends_with(name, kPolicySuffix)) {
    throw std::runtime_error(p.string() +
                             ": a retry policy (*.policy.json), not a scenario; use it with "
                             "cometbench run --policy " +
                             p.string());
  }
  if (ends_with(name, kProfileSuffix)) {
    throw std::runtime_error(p.string() + ": a fault profile (*.profile.json), not a scenario");
  }
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
    if (status.type() == fs::file_type::not_found) {
      throw std::runtime_error(p.string() + ": no such file or folder");
    }
    if (!fs::is_directory(status)) {
      // A file, or a path whose type cannot be read (a symbolic link loop, no permission): the
      // loader names what is wrong with it, as the scenario's own error.
      reject_non_scenario(p);
      found.push_back(p);
      continue;
    }
    std::vector<fs::path> inside;
    // increment(ec), not the throwing ++ of a range-for: a folder that cannot be listed is
    // reported as such.
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      // Every `*.json` entry is a scenario, also one whose type cannot be read: a bad entry
      // must fail on its own line while the other scenarios still run, never stop them all.
      if (is_scenario_file(it->path())) inside.push_back(it->path());
    }
    if (ec) throw std::runtime_error(p.string() + ": cannot list folder: " + ec.message());
    if (inside.empty()) {
      throw std::runtime_error(p.string() + ": no scenario files (*.json) in this folder");
    }
    found.insert(found.end(), inside.begin(), inside.end());
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
