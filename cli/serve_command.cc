#include "cli/commands.h"

namespace cometbench::cli {

void add_serve_command(CLI::App& app, Io io, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "(under construction)");
  cmd->callback([io, &exit_code] {
    io.err << "cometbench serve: under construction\n";
    exit_code = kExitBadInput;
  });
}

}  // namespace cometbench::cli
