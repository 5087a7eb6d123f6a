#include "cli/review_command.h"

#include <iostream>
#include <memory>
#include <optional>

#include "cli/review_journal.h"
#include "review/review.h"
#include "review/text.h"

namespace cometbench::cli {

namespace {

constexpr std::string_view kStdin = "<stdin>";

struct Totals {
  std::vector<review::Finding> findings;
  std::size_t total_findings = 0;
  std::size_t records = 0;
  std::size_t operations = 0;
  std::size_t reviewed = 0;
  bool incomplete = false;  // a log or the journal could not be read in full
};

std::optional<std::string> usage_error(const ReviewArgs& args) {
  if (args.format != "text" && args.format != "json") {
    return "--format must be text or json, got \"" + args.format + "\"";
  }
  if (args.logs.empty()) return "no log given (usage: cometbench review LOG.jsonl... or -)";
  if (!args.journal.empty() && args.logs.size() != 1) {
    return "--journal compares one log with the journal, got " + std::to_string(args.logs.size());
  }
  if (args.max_line_bytes == 0) return "--max-line-bytes must be 1 or more";
  return std::nullopt;
}

void review_one(const std::string& log, const review::ReviewOptions& options, Io io,
                std::istream& in, Totals& totals) {
  review::ReviewReport report;
  std::string name = log;
  try {
    if (log == "-") {
      name = kStdin;
      report = review::review_stream(in, name, options);
    } else {
      report = review::review_file(log, options);
    }
  } catch (const review::ReadError& e) {
    io.err << "cometbench review: " << e.what() << '\n';
    totals.incomplete = true;
    return;
  }
  ++totals.reviewed;
  totals.findings.insert(totals.findings.end(), report.findings.begin(), report.findings.end());
  totals.total_findings += report.total_findings;
  totals.records += report.records;
  totals.operations += report.operations;  // ids are per log: "op-1" in two logs is two
  if (report.total_findings > report.findings.size()) {
    io.err << "cometbench review: " << name << ": "
           << review::count_of(report.total_findings - report.findings.size(), "more finding",
                               "more findings")
           << " not shown (--max-findings " << options.max_findings << ")\n";
  }
  if (report.stopped_at_input_limit) {
    io.err << "cometbench review: " << name << ": stopped after " << report.bytes_read
           << " bytes (--max-input-bytes); the rest was not reviewed\n";
    totals.incomplete = true;
  }
}

}  // namespace

int review_command(const ReviewArgs& args, Io io, std::istream& in) {
  if (const auto error = usage_error(args)) {
    io.err << "cometbench review: " << *error << '\n';
    return kExitBadInput;
  }
  std::vector<review::JournalRequest> journal;
  review::ReviewOptions options;
  options.limits.max_line_bytes = args.max_line_bytes;
  options.limits.max_input_bytes = args.max_input_bytes;
  options.max_findings = args.max_findings;
  if (!args.journal.empty()) {
    try {
      journal = load_journal(args.journal);
    } catch (const review::JournalError& e) {
      // Without the journal the comparison asked for cannot happen at all.
      io.err << "cometbench review: " << e.what() << '\n';
      return kExitBadInput;
    }
    options.journal = &journal;
  }

  Totals totals;
  for (const auto& log : args.logs) review_one(log, options, io, in, totals);

  if (args.format == "json") {
    io.out << review::format_json(totals.findings) << '\n';
  } else {
    for (const auto& f : totals.findings) io.out << review::format_text(f) << '\n';
    if (totals.reviewed > 0) {
      const std::string in_records = review::count_of(totals.records, "record", "records");
      if (totals.total_findings == 0) {
        io.out << "clean: " << in_records << ", "
               << review::count_of(totals.operations, "operation", "operations") << '\n';
      } else {
        io.out << review::count_of(totals.total_findings, "finding", "findings") << " in "
               << in_records << '\n';
      }
    }
  }
  if (totals.incomplete) return kExitBadInput;
  return totals.total_findings == 0 ? kExitOk : kExitCheckFailed;
}

void add_review_command(CLI::App& app, Io io, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "review",
      "Check attempt logs (attempt and summary records as JSON Lines, OpenTelemetry-named JSON "
      "or logfmt) against the review guide's checklist in docs/review.md");
  cmd->footer(
      "Exit codes: 0 clean, 1 findings, 2 a log or the journal could not be read in full, or a "
      "usage error.");
  // Owned by the callback: the subcommand outlives this function.
  auto args = std::make_shared<ReviewArgs>();
  cmd->add_option("logs", args->logs, "Attempt logs to check (LOG.jsonl ...; - for stdin)")
      ->required();
  cmd->add_option("--format", args->format,
                  "Output: text (one finding per line) or json (an array)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--journal", args->journal,
                  "Compare the log with what cometbench serve received: a saved "
                  "GET /__admin/journal or its http:// URL");
  cmd->add_option("--max-line-bytes", args->max_line_bytes,
                  "A longer line is one finding and is skipped unread")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40U))
      ->capture_default_str();
  cmd->add_option("--max-input-bytes", args->max_input_bytes,
                  "Stop reading a log after this many bytes (exit 2); 0 for no limit")
      ->capture_default_str();
  cmd->add_option("--max-findings", args->max_findings,
                  "Findings shown per log (the lowest lines); the rest are counted")
      ->capture_default_str();
  cmd->callback([io, &exit_code, args] { exit_code = review_command(*args, io, std::cin); });
}

}  // namespace cometbench::cli
