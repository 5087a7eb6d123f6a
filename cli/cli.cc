#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <sstream>

#include "cli/commands.h"

namespace cometbench::cli {

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        bool err_is_terminal) {
  CLI::App app{
      "cometbench: a deterministic fault-injection bench for clients of the CometAPI chat "
      "completions API",
      "cometbench"};
  app.set_version_flag("--version", std::string("cometbench ") + COMETBENCH_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 a check failed, 2 usage or input error.");

  Io io{out, err, err_is_terminal};
  int exit_code = kExitOk;
  add_run_command(app, io, exit_code);
  add_validate_command(app, io, exit_code);
  add_serve_command(app, io, exit_code);
  add_review_command(app, io, exit_code);
  add_smoke_command(app, io, exit_code);
  add_tune_command(app, io, exit_code);

  // CLI11 parses argv from the last element backwards.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << app.version() << '\n';
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::ostringstream help_out;
    std::ostringstream err_out;
    const int code = app.exit(e, help_out, err_out);
    out << help_out.str();
    err << err_out.str();
    return code == 0 ? kExitOk : kExitBadInput;
  }
  return exit_code;
}

}  // namespace cometbench::cli
