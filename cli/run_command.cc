#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "cli/commands.h"
#include "cli/progress.h"
#include "clock/system_clock.h"
#include "json/printable.h"
#include "runner/discovery.h"
#include "runner/policy_compare.h"
#include "runner/policy_file.h"
#include "runner/report.h"
#include "runner/report_html.h"
#include "runner/suite.h"

namespace cometbench::cli {
namespace {

struct RunOptions {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string filter;
  std::string policy;  // --policy: compare instead of judging goldens
  std::string junit;   // --junit FILE: JUnit XML there, beside the normal output
  std::string out;     // --out FILE: where --format html writes its page
  std::string shard;   // --shard K/N
  bool update = false;
  bool prune = false;  // with --update: remove goldens whose scenario is gone
  bool quiet = false;
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
    case runner::ReportFormat::html:
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

// Goldens left behind by a renamed or deleted scenario: reported, removed only with --prune.
// Returns false when one could not be removed.
bool handle_stale_goldens(const RunOptions& options,
                          const std::vector<std::filesystem::path>& paths, std::ostream& out,
                          std::ostream& err) {
  bool ok = true;
  for (const std::filesystem::path& golden : runner::find_stale_goldens(paths)) {
    const std::string shown = json::printable(golden.string());
    if (!options.prune) {
      out << "stale golden " << shown << ": its scenario is gone; remove it with: cometbench run "
          << "--update --prune " << json::printable(golden.parent_path().string()) << '\n';
      continue;
    }
    std::error_code ec;
    if (std::filesystem::remove(golden, ec)) {
      out << "removed stale golden " << shown << '\n';
    } else {
      err << "cometbench run: " << shown << ": cannot remove: " << ec.message() << '\n';
      ok = false;
    }
  }
  return ok;
}

// Whether --quiet still shows a scenario: anything but a pass, and a golden --update changed.
bool worth_showing(const runner::ScenarioOutcome& o, bool quiet) {
  return !quiet || o.verdict != runner::Verdict::pass ||
         o.update == runner::GoldenUpdate::created || o.update == runner::GoldenUpdate::updated;
}

int run_command(const RunOptions& options, Io io) {
  const std::optional<runner::ReportFormat> format =
      runner::report_format_from_string(options.format);
  if (!format) {
    io.err << "cometbench run: --format: expected one of table, jsonl, logfmt, otel, junit, "
              "html, got \""
           << json::printable(options.format) << "\"\n";
    return kExitBadInput;
  }
  if (!options.out.empty() && *format != runner::ReportFormat::html) {
    io.err << "cometbench run: --out is for --format html (other formats go to stdout)\n";
    return kExitBadInput;
  }
  if (options.prune && !options.update) {
    io.err << "cometbench run: --prune removes stale goldens and needs --update\n";
    return kExitBadInput;
  }
  std::vector<std::filesystem::path> paths(options.paths.begin(), options.paths.end());
  if (paths.empty()) paths.emplace_back("fixtures/scenarios");
  std::vector<std::filesystem::path> files;
  std::vector<std::filesystem::path> duplicates;
  std::optional<runner::Shard> shard;
  try {
    if (!options.shard.empty()) shard = runner::parse_shard(options.shard);
    files = runner::find_scenarios(paths, &duplicates);
  } catch (const std::exception& e) {
    io.err << "cometbench run: " << json::printable(e.what()) << '\n';
    return kExitBadInput;
  }
  for (const std::filesystem::path& d : duplicates) {
    io.err << "cometbench run: " << json::printable(d.string())
           << ": named more than once; it runs once\n";
  }
  if (shard) std::erase_if(files, [&](const auto& f) { return !runner::in_shard(f, *shard); });
  if (!options.policy.empty()) {
    if (!options.junit.empty() || options.prune) {
      io.err << "cometbench run: --junit and --prune cannot be used with --policy\n";
      return kExitBadInput;
    }
    return compare_command(options, *format, files, io);
  }
  // Opened before the run, so a path that cannot be written stops it at once.
  std::ofstream junit;
  std::ofstream html;
  for (auto [file, stream, flag] : {std::tuple{&options.junit, &junit, "--junit "},
                                    std::tuple{&options.out, &html, "--out "}}) {
    if (file->empty()) continue;
    stream->open(*file, std::ios::binary | std::ios::trunc);
    if (!*stream) {
      io.err << "cometbench run: " << flag << json::printable(*file) << ": cannot write the file\n";
      return kExitBadInput;
    }
  }

  runner::SuiteOptions suite;
  suite.update = options.update;
  suite.filter = options.filter;
  suite.jobs = options.jobs;
  clock::SystemClock real_time;
  Progress progress(
      io.err, io.err_is_terminal, real_time,
      static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [&](const auto& f) {
        return runner::matches_filter(f.stem().string(), options.filter);
      })));
  suite.on_finished = [&progress](const runner::ScenarioOutcome& o) { progress.done(o.name); };
  const std::vector<runner::ScenarioOutcome> outcomes = runner::run_suite(files, suite);
  progress.finish();
  // Machine formats keep stdout to records or XML; verdicts then go to stderr.
  std::ostream& verdicts = *format == runner::ReportFormat::table ? io.out : io.err;
  if (outcomes.empty() && shard) {
    // A small suite over many machines leaves some shards empty; that is no failure.
    verdicts << "shard " << options.shard << ": no scenario in this shard\n";
  } else if (outcomes.empty()) {
    io.err << "cometbench run: no scenario matches --filter \"" << json::printable(options.filter)
           << "\"\n";
    return kExitBadInput;
  }

  for (const runner::ScenarioOutcome& o : outcomes) {
    const bool shown = worth_showing(o, options.quiet);
    if (*format == runner::ReportFormat::table) {
      if (shown) runner::write_table(o, io.out);
      continue;
    }
    if (const auto records = record_format_for(*format)) {
      runner::write_records(o, *records, io.out);
    }
    if (shown) runner::write_verdict(o, verdicts);
  }
  if (*format == runner::ReportFormat::junit) runner::write_junit(outcomes, io.out);
  if (*format == runner::ReportFormat::html) {
    runner::write_html(outcomes, html.is_open() ? html : io.out);
  }
  if (junit.is_open()) runner::write_junit(outcomes, junit);
  for (auto [file, stream, flag] : {std::tuple{&options.junit, &junit, "--junit "},
                                    std::tuple{&options.out, &html, "--out "}}) {
    if (stream->is_open() && !stream->flush()) {
      io.err << "cometbench run: " << flag << json::printable(*file) << ": cannot write the file\n";
      return kExitBadInput;
    }
  }
  const bool pruned = handle_stale_goldens(options, paths, verdicts, io.err);
  if (options.update) write_update_totals(outcomes, verdicts);
  runner::write_total(outcomes, verdicts);
  return pruned ? runner::exit_code_for(outcomes) : kExitBadInput;
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
                  "stderr), junit (XML on stdout) or html (a page with timelines, to --out FILE "
                  "or stdout)")
      ->type_name("table|jsonl|logfmt|otel|junit|html");
  cmd->add_option("--out", options->out, "With --format html: write the page to FILE")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", options->quiet,
                "Print only scenarios that did not pass (and goldens --update changed), then the "
                "totals");
  cmd->add_option("--junit", options->junit,
                  "Also write a JUnit XML report to FILE, beside the normal output")
      ->type_name("FILE");
  cmd->add_flag("--update", options->update,
                "Write goldens that are missing or differ, and say which changed");
  cmd->add_flag("--prune", options->prune,
                "With --update: remove goldens whose scenario is gone (reported otherwise)");
  cmd->add_option("--shard", options->shard,
                  "Run only shard K of N (e.g. 2/4); the N shards split the suite by file name, "
                  "each scenario in exactly one")
      ->type_name("K/N");
  cmd->add_option("--filter", options->filter,
                  "Only scenarios whose name matches: a glob with * and ?, else a substring");
  cmd->add_option("-j,--jobs", options->jobs, "Scenarios run in parallel (default: one per core)");
  cmd->add_option("--policy", options->policy,
                  "FILE or preset:NAME: run every scenario with this policy instead of its own "
                  "and compare the two runs (goldens are not compared)");
  cmd->callback([options, io, &exit_code] { exit_code = run_command(*options, io); });
}

}  // namespace cometbench::cli
