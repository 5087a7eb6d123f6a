#include "cli/commands.h"

namespace cometbench::cli {

void add_review_command(CLI::App& app, Io io, int& exit_code) {
  auto* cmd = app.add_subcommand("review", "(under construction)");
  cmd->callback([io, &exit_code] {
    io.err << "cometbench review: under construction\n";
    exit_code = kExitBadInput;
  });
}

}  // namespace cometbench::cli
