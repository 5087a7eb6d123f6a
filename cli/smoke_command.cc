#include "cli/commands.h"

namespace cometbench::cli {

void add_smoke_command(CLI::App& app, Io io, int& exit_code) {
  auto* cmd = app.add_subcommand("smoke", "(under construction)");
  cmd->callback([io, &exit_code] {
    io.err << "cometbench smoke: under construction\n";
    exit_code = kExitBadInput;
  });
}

}  // namespace cometbench::cli
