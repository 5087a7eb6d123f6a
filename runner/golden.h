#pragma once

#include <string>
#include <vector>

namespace cometbench::runner {

/// The outcome of comparing a run's record lines with a golden file's text.
struct GoldenComparison {
  bool equal = false;
  /// Empty when equal. Otherwise a count and every differing record, one block each, e.g.
  /// `1 of 3 records differs:\n  record 2 (attempt op-x-0001 #2): backoff_ms golden 1000,
  /// actual 2000`. A golden that differs only in its line endings (CRLF) says so instead.
  std::string explanation;
};

/// Compares byte for byte: the golden must be exactly the lines, each ending in '\n'. When the
/// bytes differ, the explanation lines the records up by what they are (record type, operation
/// and attempt) and lists each record that differs with the fields that changed, each record
/// only the golden has and each record only the run has. At most kMaxListedRecords are listed;
/// the count covers them all.
GoldenComparison compare_with_golden(const std::vector<std::string>& actual_lines,
                                     const std::string& golden_text);

/// The most differing records an explanation lists, so a golden of another scenario (or a huge
/// file) gives a readable message of bounded size.
inline constexpr std::size_t kMaxListedRecords = 20;

/// The golden text for a run: each line followed by '\n'.
std::string golden_text_for(const std::vector<std::string>& lines);

}  // namespace cometbench::runner
