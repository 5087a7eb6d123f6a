#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "review/finding.h"

namespace cometbench::review {

/// Gathers the findings for one log file. Checks add findings as they discover them; the
/// sequence checks add theirs only at the end of the file, so `take()` orders by line.
class Collector {
 public:
  explicit Collector(std::string file) : file_(std::move(file)) {}

  void add(std::size_t line, std::string_view rule, std::string message);

  /// The findings ordered by line; findings on one line keep the order they were added in.
  std::vector<Finding> take();

 private:
  std::string file_;
  std::vector<Finding> findings_;
};

}  // namespace cometbench::review
