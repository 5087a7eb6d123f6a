#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cometbench::cli {

/// Runs the `cometbench` command line. `args` excludes the program name. Returns the process
/// exit code (0 ok, 1 a check failed, 2 usage or input error).
/// `err_is_terminal` says whether `err` is a terminal (main() asks isatty); a terminal gets
/// progress lines that a log file must not.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool err_is_terminal = false);

}  // namespace cometbench::cli
