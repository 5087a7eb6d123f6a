#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "json/printable.h"
#include "runner/discovery.h"
#include "runner/policy_file.h"
#include "runner/scenario_runner.h"
#include "tune/inputs.h"

namespace cometbench::cli {
namespace {

// Each file is checked the way the command that uses it loads it: a scenario as `run` does (the
// fixture parser, the name rule and the client's policy parser), a `*.policy.json` file as the
// policy file it is, a `*.profile.json` file as `tune` reads it. A file that validates also runs.
void validate_file(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  if (name.ends_with(runner::kPolicySuffix)) {
    runner::load_policy_file(file);
  } else if (name.ends_with(runner::kProfileSuffix)) {
    tune::load_profile(file);
  } else {
    runner::load_scenario(file);
  }
}

// Folders are read as `run` reads them (every `*.json` entry, sorted), but their policies and
// profiles are checked too, each by its suffix.
int validate_command(const std::vector<std::string>& args, Io io) {
  std::vector<std::filesystem::path> files;
  try {
    files =
        runner::find_fixture_files(std::vector<std::filesystem::path>(args.begin(), args.end()));
  } catch (const std::exception& e) {
    io.err << "cometbench validate: " << json::printable(e.what()) << '\n';
    return kExitBadInput;
  }
  std::size_t bad = 0;
  for (const std::filesystem::path& file : files) {
    try {
      validate_file(file);
      io.out << json::printable(file.string()) << ": ok\n";
    } catch (const std::exception& e) {
      // A file name, key or value can hold control characters; a terminal must not act on them.
      io.err << json::printable(e.what()) << '\n';
      ++bad;
    }
  }
  if (bad != 0) {
    io.err << bad << " of " << files.size() << (files.size() == 1 ? " file" : " files")
           << " invalid\n";
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace

void add_validate_command(CLI::App& app, Io io, int& exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Check scenario fixtures (format, $refs, policy), policy files and fault profiles without "
      "running them");
  cmd->add_option("paths", *paths,
                  "Files or folders of them: scenarios, policies (*.policy.json) and fault "
                  "profiles (*.profile.json), each checked by its suffix")
      ->required();
  cmd->callback([paths, io, &exit_code] { exit_code = validate_command(*paths, io); });
}

}  // namespace cometbench::cli
