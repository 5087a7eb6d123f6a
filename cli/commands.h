#pragma once

#include <CLI/CLI.hpp>
#include <ostream>

namespace cometbench::cli {

/// Where a command writes. `run()` passes the streams it was given, so tests capture them.
struct Io {
  std::ostream& out;
  std::ostream& err;
  /// Whether `err` is a terminal: a progress line is drawn there only then.
  bool err_is_terminal = false;
};

/// Exit codes shared by every command (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;  // a mismatch, review findings, a failed smoke call
inline constexpr int kExitBadInput = 2;     // a usage or input error

// Each function registers one subcommand on `app`. Its callback runs the command and stores the
// exit code in `exit_code`.
void add_serve_command(CLI::App& app, Io io, int& exit_code);
void add_validate_command(CLI::App& app, Io io, int& exit_code);
void add_run_command(CLI::App& app, Io io, int& exit_code);
void add_review_command(CLI::App& app, Io io, int& exit_code);
void add_smoke_command(CLI::App& app, Io io, int& exit_code);
void add_tune_command(CLI::App& app, Io io, int& exit_code);

}  // namespace cometbench::cli
