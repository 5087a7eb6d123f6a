#pragma once

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "client/record_writers.h"
#include "runner/suite.h"

namespace cometbench::runner {

/// How `cometbench run` prints a suite.
enum class ReportFormat { table, jsonl, logfmt, otel, junit, html };

/// Parses "table" | "jsonl" | "logfmt" | "otel" | "junit" | "html".
std::optional<ReportFormat> report_format_from_string(std::string_view name);

/// The readable form: per scenario its records as a table (attempt, status, error, decision,
/// reason, backoff, start, duration), one summary line per operation, then a PASS/FAIL line with
/// the reason when it failed.
void write_table(const ScenarioOutcome& outcome, std::ostream& out);

/// Records as the table `write_table` prints: a header per operation, a row per attempt, a
/// summary line per operation.
void write_record_table(const std::vector<Record>& records, std::ostream& out);

/// The records of every scenario that ran, one line each, in `format`.
void write_records(const ScenarioOutcome& outcome, client::RecordFormat format, std::ostream& out);

/// A PASS/FAIL/ERROR line (and the reason) per scenario, without the tables.
void write_verdict(const ScenarioOutcome& outcome, std::ostream& out);

/// The closing line: `N passed, N failed` (plus `, N errors` when inputs were bad).
void write_total(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);

/// A JUnit XML report: one testsuite, one testcase per scenario; a scenario that did not pass
/// has a <failure> (or <error>) holding the whole explanation: the record diff, the review
/// findings, or for a missing golden the run's records themselves.
void write_junit(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);

}  // namespace cometbench::runner
