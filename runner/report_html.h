#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runner/scenario_runner.h"
#include "runner/suite.h"

namespace cometbench::runner {

/// A self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched) for a suite: the
/// totals, then per scenario its verdict, a timeline of its attempts, holds and waits drawn to
/// virtual-time scale, the explanation when it did not pass (the record diff, review findings or
/// input error) and its records. Every text from a fixture, file name or golden is escaped.
/// The same outcomes give the same bytes (no real times in it).
void write_html(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out);

/// The timeline of one scenario's records as an inline `<svg>`: a row per operation, time from
/// the operation's start on a shared axis (0 to the longest operation), each attempt a bar from
/// its start to its end (a held request is a long bar), each wait between attempts a hatched
/// bar labelled with its length. "" when there are no attempt records.
std::string timeline_svg(const std::vector<Record>& records);

}  // namespace cometbench::runner
