#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "faults/profile.h"
#include "tune/engine.h"
#include "tune/metrics.h"

namespace cometbench::tune {

enum class TuneFormat { table, json, csv, html };

/// "table", "json", "csv", "html"; nullopt for anything else.
std::optional<TuneFormat> tune_format_from_string(std::string_view text);

/// Everything a report shows: the run, its profile (for the outage windows) and each policy's
/// metrics, in the run's policy order.
struct TuneReport {
  const faults::FaultProfile& profile;
  const TuneRun& run;
  std::vector<PolicyMetrics> metrics;
};

TuneReport make_report(const faults::FaultProfile& profile, const TuneRun& run);

/// The readable comparison: one row per policy with the best value of each column marked `*`,
/// then outcome and retry-reason counts (docs/tuning.md shows one).
void write_table(const TuneReport& report, std::ostream& out);

/// One JSON object with DESIGN.md section 7's keys, in that order, then extra keys
/// (`requests_in_outages`, `peak_in_flight`) after them in each policy. Ends with a newline.
void write_json(const TuneReport& report, std::ostream& out);

/// A header line and one line per policy (RFC 4180 quoting): the table's columns, then one
/// column per outcome class and per retry reason that occurred in any policy.
void write_csv(const TuneReport& report, std::ostream& out);

/// One self-contained HTML page (inline CSS and SVG, nothing fetched): a comparison table,
/// then per policy a latency CDF, an attempts-per-operation histogram, the success rate over
/// virtual time with outage windows shaded, and a short table.
void write_html(const TuneReport& report, std::ostream& out);

/// A step as reports name it: "respond 503", "truncate 200", "stream 200", "timeout", ...
std::string step_label(const faults::Step& step);

/// `value` with exactly `decimals` digits after the point, locale-independent.
std::string fixed(double value, int decimals);

/// The shortest text that reads back as `value` (std::to_chars), locale-independent.
std::string shortest(double value);

}  // namespace cometbench::tune
