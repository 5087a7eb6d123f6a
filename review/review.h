#pragma once

#include <cstddef>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "review/finding.h"
#include "review/rules.h"

// `cometbench review`: checks an attempt log (JSON Lines of attempt and summary records,
// DESIGN.md section 5) written by cometbench or by any other client using the same field
// names. docs/review.md lists every rule.
namespace cometbench::review {

/// What one log yielded.
struct ReviewReport {
  std::vector<Finding> findings;  // ordered by line
  std::size_t records = 0;        // lines that held a JSON object
  std::size_t operations = 0;     // distinct operation ids

  friend bool operator==(const ReviewReport&, const ReviewReport&) = default;
};

/// A log that could not be read at all (missing, a directory, no permission, I/O error).
/// `what()` reads `FILE: cannot read: REASON`.
class ReadError : public std::runtime_error {
 public:
  ReadError(const std::string& file, const std::string& reason)
      : std::runtime_error(file + ": cannot read: " + reason) {}
};

/// Reviews the JSON Lines in `in`; `file` names the log in findings. Never throws on content:
/// lines that are not JSON objects become `not_json` findings and the review continues.
/// Stateless and reentrant; the stream is read to its end.
ReviewReport review_stream(std::istream& in, const std::string& file);

/// The findings of `review_stream`, for callers that only need those (e.g. the runner
/// checking the records it wrote).
std::vector<Finding> review_log(std::istream& in, const std::string& file);

/// Opens and reviews the log at `path`, naming it `path` in findings. Throws ReadError.
ReviewReport review_file(const std::string& path);

}  // namespace cometbench::review
