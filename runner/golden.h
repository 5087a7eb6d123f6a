#pragma once

#include <string>
#include <vector>

namespace cometbench::runner {

/// The outcome of comparing a run's record lines with a golden file's text.
struct GoldenComparison {
  bool equal = false;
  /// Empty when equal. Otherwise the first differing record, field by field, e.g.
  /// `record 2 (attempt op-x-0001 #2) differs:\n  backoff_ms: golden 1000, actual 2000`.
  std::string explanation;
};

/// Compares byte for byte: the golden must be exactly the lines, each ending in '\n'. When the
/// bytes differ, the explanation names the first record that differs and each field that does.
GoldenComparison compare_with_golden(const std::vector<std::string>& actual_lines,
                                     const std::string& golden_text);

/// The golden text for a run: each line followed by '\n'.
std::string golden_text_for(const std::vector<std::string>& lines);

}  // namespace cometbench::runner
