#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace cometbench::cli {

/// What `cometbench review` was asked to do (docs/review.md).
struct ReviewArgs {
  std::vector<std::string> logs;  // "-" reads standard input
  std::string format = "text";    // text | json
  std::string journal;            // empty, a file, or an http(s) URL of /__admin/journal
  std::size_t max_line_bytes = std::size_t{1} << 20U;
  std::uint64_t max_input_bytes = std::uint64_t{1} << 30U;  // per log; 0: no limit
  std::size_t max_findings = 1000;                          // shown per log
};

/// `cometbench review`, callable without CLI11 parsing so tests can drive it. Reads every log
/// even after one fails; `-` reads `in` and is named `<stdin>` in findings. Text output: one
/// finding per line, then `N findings in M records` or `clean: M records, K operations`; json
/// output: one array of findings. Unreadable logs, a journal that cannot be used, a log cut
/// at --max-input-bytes and findings beyond --max-findings are reported on `io.err`.
/// Returns 0 when clean, 1 with findings, 2 when a log or the journal could not be read in
/// full, or the arguments are wrong.
int review_command(const ReviewArgs& args, Io io, std::istream& in);

}  // namespace cometbench::cli
