#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "faults/printable.h"
#include "runner/discovery.h"
#include "runner/policy_compare.h"
#include "runner/policy_file.h"
#include "runner/report.h"
#include "runner/suite.h"

namespace cometbench::cli {
namespace {

struct RunOptions {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string filter;
  std::string policy;  // --policy: compare instead of judging goldens
  bool update = false;
  unsigned jobs = 0;
};

void write_update_totals(const std::vector<runner::ScenarioOutcome>& outcomes, std::ostream& out) {
  std::size_t created = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  for (const auto& o : outcomes) {
    created += o.update == runner::GoldenUpdate::created;
    updated += o.update == runner::GoldenUpdate::updated;
    unchanged += o.update == runner::GoldenUpdate::unchanged;
  }
  out << "goldens: " << created << " created, " << updated << " updated, " << unchanged
      << " unchanged\n";
}

// The record line format a report format prints, if it prints records.
std::optional<client::RecordFormat> record_format_for(runner::ReportFormat format) {
  switch (format) {
    case runner::ReportFormat::jsonl:
      return client::RecordFormat::jsonl;
    case runner::ReportFormat::logfmt:
      return client::RecordFormat::logfmt;
    case runner::ReportFormat::otel:
      return client::RecordFormat::otel;
    case runner::ReportFormat::table:
    case runner::ReportFormat::junit:
      break;
  }
  return std::nullopt;
}

// `run --policy`: every scenario under its own policy and under the candidate, side by side.
int compare_command(const RunOptions& options, runner::ReportFormat format,
                    const std::vector<std::filesystem::path>& files, Io io) {
  if (options.update) {
    io.err << "cometbench run: --update cannot be used with --policy (goldens are not compared "
              "in that mode)\n";
    return kExitBadInput;
  }
  const std::optional<client::RecordFormat> records = record_format_for(format);
  if (format != runner::ReportFormat::table && !records) {
    io.err << "cometbench run: --format " << options.format
           << " cannot be used with --policy (expected table, jsonl, logfmt or otel)\n";
    return kExitBadInput;
  }
  runner::NamedPolicy candidate;
  try {
    candidate = runner::resolve_policy_argument(options.policy);
  } catch (const std::exception& e) {
    io.err << "cometbench run: --policy: " << e.what() << '\n';
    return kExitBadInput;
  }
  runner::CompareOptions compare;
  compare.filter = options.filter;
  compare.jobs = options.jobs;
  const std::vector<runner::PolicyComparison> comparisons =
      runner::compare_policies(files, candidate.policy, compare);
  if (comparisons.empty()) {
    io.err << "cometbench run: no scenario matches --filter \"" << options.filter << "\"\n";
    return kExitBadInput;
  }
  if (records) {
    // The candidate's records on stdout, so they can be diffed against a plain run's.
    for (const runner::PolicyComparison& c : comparisons) {
      if (!c.candidate) continue;
      for (const runner::Record& record : c.candidate->records) {
        io.out << std::visit([&](const auto& r) { return client::format_record(r, *records); },
                             record)
               << '\n';
      }
    }
  }
  runner::write_comparison(comparisons, candidate.argument, records ? io.err : io.out);
  return runner::exit_code_for(comparisons);
}

int run_command(const RunOptions& options, Io io) {
  const std::optional<runner::ReportFormat> format =
      runner::report_format_from_string(options.format);
  if (!format) {
    io.err << "cometbench run: --format: expected one of table, jsonl, logfmt, otel, junit, got \""
           << faults::printable(options.format) << "\"\n";
    return kExitBadInput;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  if (paths.empty()) paths.emplace_back("fixtures/scenarios");
  std::vector<std::filesystem::path> files;
  try {
    files = runner::find_scenarios(paths);
  } catch (const std::exception& e) {
    io.err << "cometbench run: " << faults::printable(e.what()) << '\n';
    return kExitBadInput;
  }
  if (!options.policy.empty()) return compare_command(options, *format, files, io);

  runner::SuiteOptions suite;
  suite.update = options.update;
  suite.filter = options.filter;
  suite.jobs = options.jobs;
  const std::vector<runner::ScenarioOutcome> outcomes = runner::run_suite(files, suite);
  if (outcomes.empty()) {
    io.err << "cometbench run: no scenario matches --filter \"" << faults::printable(options.filter)
           << "\"\n";
    return kExitBadInput;
  }

  // Machine formats keep stdout to records or XML; verdicts then go to stderr.
  std::ostream& verdicts = *format == runner::ReportFormat::table ? io.out : io.err;
  for (const runner::ScenarioOutcome& o : outcomes) {
    if (*format == runner::ReportFormat::table) {
      runner::write_table(o, io.out);
      continue;
    }
    if (const auto records = record_format_for(*format)) {
      runner::write_records(o, *records, io.out);
    }
    runner::write_verdict(o, verdicts);
  }
  if (*format == runner::ReportFormat::junit) runner::write_junit(outcomes, io.out);
  if (options.update) write_update_totals(outcomes, verdicts);
  runner::write_total(outcomes, verdicts);
  return runner::exit_code_for(outcomes);
}

}  // namespace

void add_run_command(CLI::App& app, Io io, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand(
      "run",
      "Run scenarios against the embedded mock on a virtual clock and compare their records with "
      "the golden files beside them");
  cmd->add_option("paths", options->paths,
                  "Scenario files or folders of them (default: fixtures/scenarios)");
  cmd->add_option("--format", options->format,
                  "Output: table (default), jsonl, logfmt, otel (records on stdout, verdicts on "
                  "stderr) or junit (XML on stdout)");
  cmd->add_flag("--update", options->update,
                "Write goldens that are missing or differ, and say which changed");
  cmd->add_option("--filter", options->filter,
                  "Only scenarios whose name matches: a glob with * and ?, else a substring");
  cmd->add_option("-j,--jobs", options->jobs, "Scenarios run in parallel (default: one per core)");
  cmd->add_option("--policy", options->policy,
                  "FILE or preset:NAME: run every scenario with this policy instead of its own "
                  "and compare the two runs (goldens are not compared)");
  cmd->callback([options, io, &exit_code] { exit_code = run_command(*options, io); });
}

}  // namespace cometbench::cli
