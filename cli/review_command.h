#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace cometbench::cli {

/// `cometbench review FILE... [--format text|json]`, callable without CLI11 parsing so tests
/// can drive it. Reads every file even after one fails. Text output: one finding per line,
/// then `N findings in M records` or `clean: M records, K operations`; json output: one array
/// of findings. Unreadable files are reported on `io.err`.
/// Returns 0 when clean, 1 with findings, 2 when a file could not be read or the arguments
/// are wrong.
int review_command(const std::vector<std::string>& files, const std::string& format, Io io);

}  // namespace cometbench::cli
