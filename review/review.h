#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "review/finding.h"
#include "review/journal.h"
#include "review/line_reader.h"
#include "review/rules.h"

// `cometbench review`: checks an attempt log (attempt and summary records, DESIGN.md section 5,
// one a line as JSON, JSON with OpenTelemetry names, or logfmt) written by cometbench or by any
// other client using the same field names, against the review guide. docs/review.md lists
// every rule.
namespace cometbench::review {

struct ReviewOptions {
  ReadLimits limits;
  /// Findings kept per log (the ones on the lowest lines); the rest are only counted.
  std::size_t max_findings = 1000;
  /// When set, the log is also compared with these requests the mock received. Not owned.
  const std::vector<JournalRequest>* journal = nullptr;
};

/// What one log yielded.
struct ReviewReport {
  std::vector<Finding> findings;        // ordered by line; at most max_findings
  std::size_t records = 0;              // lines that held an object
  std::size_t operations = 0;           // distinct operation ids
  std::size_t total_findings = 0;       // every finding, kept or not
  bool stopped_at_input_limit = false;  // reading stopped at max_input_bytes
  std::uint64_t bytes_read = 0;

  friend bool operator==(const ReviewReport&, const ReviewReport&) = default;
};

/// A log that could not be read at all (missing, a directory, no permission, I/O error).
/// `what()` reads `FILE: cannot read: REASON`.
class ReadError : public std::runtime_error {
 public:
  ReadError(const std::string& file, const std::string& reason)
      : std::runtime_error(file + ": cannot read: " + reason) {}
};

/// Reviews the lines in `in`; `file` names the log in findings. Never throws on content: a
/// line that is not a record becomes one finding and the review continues. Memory is bounded
/// by the options (line length, findings kept) plus the per-operation state. Stateless and
/// reentrant; the stream is read to its end or to the input limit.
ReviewReport review_stream(std::istream& in, const std::string& file,
                           const ReviewOptions& options = {});

/// The findings of `review_stream`, for callers that only need those (e.g. the runner
/// checking the records it wrote).
std::vector<Finding> review_log(std::istream& in, const std::string& file);

/// Opens and reviews the log at `path`, naming it `path` in findings. Throws ReadError.
ReviewReport review_file(const std::string& path, const ReviewOptions& options = {});

}  // namespace cometbench::review
