#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "faults/printable.h"
#include "runner/policy_file.h"
#include "runner/scenario_runner.h"

namespace cometbench::cli {
namespace {

// Each file is checked the way `run` loads it: the fixture parser, the name rule and the
// client's policy parser, so a file that validates also runs. A `*.policy.json` file is checked
// as the policy file it is.
int validate_command(const std::vector<std::string>& files, Io io) {
  std::size_t bad = 0;
  for (const std::string& file : files) {
    try {
      if (file.ends_with(runner::kPolicySuffix)) {
        runner::load_policy_file(file);
      } else {
        runner::load_scenario(file);
      }
      io.out << faults::printable(file) << ": ok\n";
    } catch (const std::exception& e) {
      // A file name, key or value can hold control characters; a terminal must not act on them.
      io.err << faults::printable(e.what()) << '\n';
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
  auto files = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "validate",
      "Check scenario fixtures (format, $refs, policy) and policy files without running them");
  cmd->add_option("files", *files, "Scenario fixture files and policy files (*.policy.json)")
      ->required();
  cmd->callback([files, io, &exit_code] { exit_code = validate_command(*files, io); });
}

}  // namespace cometbench::cli
