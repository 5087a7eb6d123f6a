#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "review/finding.h"

namespace cometbench::review {

/// At most this many findings are kept for one line while it is checked; the rest are
/// counted in one `too_many_findings` finding, so a hostile line cannot flood the output.
inline constexpr std::size_t kMaxFindingsPerLine = 16;

/// Gathers the findings for one log file. Checks add findings as they discover them; the
/// sequence checks add theirs only at the end of the file, so `take()` orders by line.
/// Memory stays bounded: only the `max_kept` findings with the lowest lines are kept (a
/// finding on line 0, about the whole log, counts as the lowest), the rest only counted.
class Collector {
 public:
  explicit Collector(std::string file, std::size_t max_kept = 1000)
      : file_(std::move(file)), max_kept_(max_kept) {}

  void add(std::size_t line, std::string_view rule, std::string message);

  /// Between these two calls the findings on `line` are capped at kMaxFindingsPerLine.
  void begin_line(std::size_t line);
  void end_line();

  /// The kept findings ordered by line; findings on one line keep the order they were added.
  std::vector<Finding> take();

  /// Every finding added, kept or not.
  std::size_t total() const { return total_; }

 private:
  struct Entry {
    Finding finding;
    std::size_t order;
  };
  void keep(std::size_t line, std::string_view rule, std::string message);
  void trim();

  std::string file_;
  std::size_t max_kept_;
  std::vector<Entry> entries_;
  std::size_t total_ = 0;
  std::size_t order_ = 0;
  bool in_line_ = false;
  std::size_t line_ = 0;
  std::size_t line_count_ = 0;
};

}  // namespace cometbench::review
