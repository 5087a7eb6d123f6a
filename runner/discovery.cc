#include "runner/discovery.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "runner/policy_file.h"

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGoldenSuffix = ".golden.jsonl";

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

// Policies, profiles and scenarios: every fixture a user writes.
bool is_fixture_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".json" && name.front() != '.';
}

bool is_folder(const fs::path& p) {
  std::error_code ec;
  const fs::file_status status = fs::status(p, ec);
  if (status.type() == fs::file_type::not_found) {
    throw std::runtime_error(p.string() + ": no such file or folder");
  }
  // A path whose type cannot be read (a symbolic link loop, no permission) counts as a file: the
  // loader names what is wrong with it, as that file's own error.
  return fs::is_directory(status);
}

// The entries of a folder that `keep` accepts, sorted by name. Every accepted entry is taken,
// also one whose type cannot be read: a bad entry must fail on its own line while the other
// scenarios still run, never stop them all.
std::vector<fs::path> list_folder(const fs::path& folder, bool (*keep)(const fs::path&)) {
  std::vector<fs::path> inside;
  std::error_code ec;
  // increment(ec), not the throwing ++ of a range-for: a folder that cannot be listed is
  // reported as such.
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (keep(it->path())) inside.push_back(it->path());
  }
  if (ec) throw std::runtime_error(folder.string() + ": cannot list folder: " + ec.message());
  if (inside.empty()) {
    throw std::runtime_error(folder.string() + ": no scenario files (*.json) in this folder");
  }
  std::sort(inside.begin(), inside.end());
  return inside;
}

// Keeps the first place a file is named: running it twice would race on its golden with
// --update and count it twice.
class Collector {
 public:
  explicit Collector(std::vector<fs::path>* duplicates) : duplicates_(duplicates) {}
  void add(const fs::path& file) {
    if (seen_.insert(file.lexically_normal()).second) {
      found_.push_back(file);
    } else if (duplicates_ != nullptr &&
               std::find(duplicates_->begin(), duplicates_->end(), file) == duplicates_->end()) {
      duplicates_->push_back(file);
    }
  }
  std::vector<fs::path> take() { return std::move(found_); }

 private:
  std::vector<fs::path>* duplicates_;
  std::vector<fs::path> found_;
  std::set<fs::path> seen_;
};

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

std::vector<fs::path> find_scenarios(const std::vector<fs::path>& paths,
                                     std::vector<fs::path>* duplicates) {
  Collector found(duplicates);
  for (const fs::path& p : paths) {
    if (!is_folder(p)) {
      reject_non_scenario(p);
      found.add(p);
      continue;
    }
    for (const fs::path& file : list_folder(p, is_scenario_file)) found.add(file);
  }
  return found.take();
}

std::vector<fs::path> find_fixture_files(const std::vector<fs::path>& paths) {
  Collector found(nullptr);
  for (const fs::path& p : paths) {
    std::error_code ec;
    // A path that does not exist is checked as a file: its own error names it, and the other
    // files are still checked.
    if (fs::symlink_status(p, ec).type() == fs::file_type::not_found || !is_folder(p)) {
      found.add(p);
      continue;
    }
    for (const fs::path& file : list_folder(p, is_fixture_file)) found.add(file);
  }
  return found.take();
}

std::vector<fs::path> find_stale_goldens(const std::vector<fs::path>& paths) {
  std::vector<fs::path> stale;
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) continue;
    for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!ends_with(name, kGoldenSuffix) || name.size() == kGoldenSuffix.size()) continue;
      const fs::path scenario =
          p / (name.substr(0, name.size() - kGoldenSuffix.size()) + std::string(".json"));
      std::error_code status_ec;
      // symlink_status: a dangling link named x.json still is the scenario (its run reports it).
      if (fs::symlink_status(scenario, status_ec).type() == fs::file_type::not_found) {
        stale.push_back(it->path());
      }
    }
  }
  std::sort(stale.begin(), stale.end());
  stale.erase(std::unique(stale.begin(), stale.end()), stale.end());
  return stale;
}

Shard parse_shard(const std::string& text) {
  const auto bad = [&text] {
    return std::runtime_error("--shard: expected K/N with 1 <= K <= N <= 10000 (e.g. 2/4), got \"" +
                              text + "\"");
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw bad();
  const auto number = [&](std::string_view digits) -> unsigned {
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      throw bad();
    }
    return static_cast<unsigned>(std::stoul(std::string(digits)));
  };
  Shard shard;
  shard.index = number(std::string_view(text).substr(0, slash));
  shard.count = number(std::string_view(text).substr(slash + 1));
  if (shard.count == 0 || shard.count > 10000 || shard.index == 0 || shard.index > shard.count) {
    throw bad();
  }
  return shard;
}

bool in_shard(const fs::path& scenario_file, Shard shard) {
  // FNV-1a, 64 bit: fixed constants, so every machine of a CI matrix computes the same split.
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : scenario_file.filename().string()) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash % shard.count == shard.index - 1;
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
