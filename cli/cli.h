#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cometbench::cli {

/// Runs the `cometbench` command line. `args` excludes the program name. Returns the process
/// exit code (0 ok, 1 a check failed, 2 usage or input error).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace cometbench::cli
