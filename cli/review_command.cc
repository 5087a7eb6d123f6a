#include "cli/review_command.h"

#include <memory>

#include "review/review.h"
#include "review/text.h"

namespace cometbench::cli {

int review_command(const std::vector<std::string>& files, const std::string& format, Io io) {
  if (format != "text" && format != "json") {
    io.err << "cometbench review: --format must be text or json, got \"" << format << "\"\n";
    return kExitBadInput;
  }
  if (files.empty()) {
    io.err << "cometbench review: no log given (usage: cometbench review LOG.jsonl...)\n";
    return kExitBadInput;
  }
  std::vector<review::Finding> findings;
  std::size_t records = 0;
  std::size_t operations = 0;
  std::size_t read = 0;
  for (const auto& file : files) {
    try {
      auto report = review::review_file(file);
      findings.insert(findings.end(), report.findings.begin(), report.findings.end());
      records += report.records;
      operations += report.operations;  // ids are per log: "op-1" in two logs is two operations
      ++read;
    } catch (const review::ReadError& e) {
      io.err << "cometbench review: " << e.what() << '\n';
    }
  }

  if (format == "json") {
    io.out << review::format_json(findings) << '\n';
  } else {
    for (const auto& f : findings) io.out << review::format_text(f) << '\n';
    if (read > 0) {
      const std::string in_records = review::count_of(records, "record", "records");
      if (findings.empty()) {
        io.out << "clean: " << in_records << ", "
               << review::count_of(operations, "operation", "operations") << '\n';
      } else {
        io.out << review::count_of(findings.size(), "finding", "findings") << " in " << in_records
               << '\n';
      }
    }
  }
  if (read < files.size()) return kExitBadInput;
  return findings.empty() ? kExitOk : kExitCheckFailed;
}

void add_review_command(CLI::App& app, Io io, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "review",
      "Check attempt logs (JSON Lines of attempt and summary records) against the record "
      "checklist in docs/review.md");
  cmd->footer("Exit codes: 0 clean, 1 findings, 2 a log could not be read.");
  // Owned by the callback: the subcommand outlives this function.
  auto files = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  cmd->add_option("logs", *files, "Attempt logs to check (LOG.jsonl ...)")->required();
  cmd->add_option("--format", *format, "Output: text (one finding per line) or json (an array)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback(
      [io, &exit_code, files, format] { exit_code = review_command(*files, *format, io); });
}

}  // namespace cometbench::cli
