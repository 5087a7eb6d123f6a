#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace cometbench::review {

/// The bounds that keep a review of any input finite (docs/review.md, "Limits").
struct ReadLimits {
  /// A line longer than this is reported once and skipped up to its newline, unbuffered.
  std::size_t max_line_bytes = std::size_t{1} << 20U;
  /// Reading stops after this many bytes of one log (0: no limit). Without it a source that
  /// never ends (/dev/zero, a pipe that never closes) would be read forever.
  std::uint64_t max_input_bytes = std::uint64_t{1} << 30U;
};

/// One line as the reader delivers it.
struct Line {
  std::size_t number = 0;    // 1-based
  std::string text;          // without the newline; empty when `too_long`
  bool too_long = false;     // longer than max_line_bytes: `text` was not kept
  std::uint64_t length = 0;  // bytes of the line without its newline, as far as it was read
  bool complete = true;      // false when the input limit cut the line before its end
};

/// Splits a stream into lines like std::getline (a final newline does not make an empty last
/// line), but never holds more than `max_line_bytes` of a line plus one read buffer, and stops
/// after `max_input_bytes`. Not thread-safe; the stream must outlive the reader.
class LineReader {
 public:
  LineReader(std::istream& in, const ReadLimits& limits);

  /// The next line, or false at the end of the input or once the input limit is reached.
  bool next(Line& line);

  /// True once reading stopped at `max_input_bytes` rather than at the end of the input.
  bool stopped_at_limit() const { return stopped_at_limit_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool fill();

  std::istream& in_;
  ReadLimits limits_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::size_t number_ = 0;
  bool eof_ = false;
  bool stopped_at_limit_ = false;
};

}  // namespace cometbench::review
