#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "client/policy.h"
#include "faults/fixture_error.h"
#include "tune/engine.h"
#include "tune/inputs.h"
#include "tune/report.h"

namespace cometbench::cli {
namespace {

struct TuneArgs {
  std::string profile;
  std::vector<std::string> policies;
  std::uint64_t seed = 0;
  std::int64_t operations = 0;
  std::string format = "table";
  std::string out;
  std::size_t max_in_flight = 4096;
  CLI::Option* seed_option = nullptr;
  CLI::Option* operations_option = nullptr;
};

int tune_command(const TuneArgs& args, Io io) {
  const auto fail = [&io](const std::string& message) {
    io.err << "cometbench tune: " << message << '\n';
    return kExitBadInput;
  };
  const std::optional<tune::TuneFormat> format = tune::tune_format_from_string(args.format);
  if (!format)
    return fail("--format: expected one of table, json, csv, html, got \"" + args.format + "\"");
  tune::TuneOptions options;
  if (args.seed_option->count() > 0) options.seed = args.seed;
  if (args.operations_option->count() > 0) {
    if (args.operations < 1 || args.operations > faults::kMaxProfileOperations) {
      return fail("--operations: expected an integer from 1 to " +
                  std::to_string(faults::kMaxProfileOperations) + ", got " +
                  std::to_string(args.operations));
    }
    options.operations = args.operations;
  }
  if (args.max_in_flight < 1) return fail("--max-in-flight: expected at least 1, got 0");
  options.max_in_flight = args.max_in_flight;

  faults::FaultProfile profile;
  std::vector<tune::NamedPolicy> policies;
  try {
    profile = tune::load_profile(args.profile);
    policies = tune::load_policy_arguments(args.policies);
  } catch (const std::exception& e) {  // FixtureError, PolicyError: FILE: POINTER: MESSAGE
    return fail(e.what());
  }

  tune::TuneRun run;
  try {
    run = tune::run_tune(profile, policies, options);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  const tune::TuneReport report = tune::make_report(profile, run);
  std::ostringstream text;
  switch (*format) {
    case tune::TuneFormat::table:
      tune::write_table(report, text);
      break;
    case tune::TuneFormat::json:
      tune::write_json(report, text);
      break;
    case tune::TuneFormat::csv:
      tune::write_csv(report, text);
      break;
    case tune::TuneFormat::html:
      tune::write_html(report, text);
      break;
  }
  if (args.out.empty()) {
    io.out << text.str();
    return kExitOk;
  }
  std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
  file << text.str();
  if (!file.flush()) return fail(args.out + ": cannot write the report");
  return kExitOk;
}

}  // namespace

void add_tune_command(CLI::App& app, Io io, int& exit_code) {
  auto args = std::make_shared<TuneArgs>();
  auto* cmd = app.add_subcommand(
      "tune",
      "Compare retry policies over a fault profile: the same operations and the same drawn "
      "faults for each policy, on the embedded mock and a virtual clock");
  cmd->add_option("--profile", args->profile, "A fault profile file (NAME.profile.json)")
      ->required();
  cmd->add_option("--policy", args->policies,
                  "A policy file (NAME.policy.json or NAME.json) or preset:NAME; repeat to compare")
      ->required();
  args->seed_option =
      cmd->add_option("--seed", args->seed, "Seed for the fault draws (default: the profile's)");
  args->operations_option = cmd->add_option("--operations", args->operations,
                                            "Operations to run (default: the profile's)");
  cmd->add_option("--format", args->format, "Output: table (default), json, csv or html");
  cmd->add_option("--out", args->out, "Write the report to this file instead of stdout");
  cmd->add_option("--max-in-flight", args->max_in_flight,
                  "Most operations in flight at once, each on a thread (default 4096)");
  cmd->callback([args, io, &exit_code] { exit_code = tune_command(*args, io); });
}

}  // namespace cometbench::cli
