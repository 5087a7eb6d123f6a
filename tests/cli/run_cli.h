#pragma once

// cli::run() in process, with what it printed: the way the command tests drive `cometbench`.

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace cometbench::cli {

/// The exit code and the two streams of one run.
struct Outcome {
  int code;
  std::string out;
  std::string err;
};

inline Outcome run_cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace cometbench::cli
