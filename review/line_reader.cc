#include "review/line_reader.h"

#include <algorithm>
#include <cstring>

namespace cometbench::review {

namespace {
constexpr std::size_t kBufferBytes = std::size_t{64} << 10U;
}  // namespace

LineReader::LineReader(std::istream& in, const ReadLimits& limits)
    : in_(in), limits_(limits), buffer_(kBufferBytes) {}

bool LineReader::fill() {
  if (eof_ || stopped_at_limit_) return false;
  std::size_t want = buffer_.size();
  if (limits_.max_input_bytes != 0) {
    const std::uint64_t left = limits_.max_input_bytes - bytes_read_;
    if (left == 0) {
      stopped_at_limit_ = true;
      return false;
    }
    want = static_cast<std::size_t>(std::min<std::uint64_t>(want, left));
  }
  // sgetn, not istream::read: it does not set failbit on a short read, and it is what a
  // read of /dev/zero or a pipe needs (no formatting, no sentry per call).
  const std::streamsize got =
      in_.rdbuf()->sgetn(buffer_.data(), static_cast<std::streamsize>(want));
  if (got <= 0) {
    eof_ = true;
    return false;
  }
  begin_ = 0;
  end_ = static_cast<std::size_t>(got);
  bytes_read_ += static_cast<std::uint64_t>(got);
  return true;
}

bool LineReader::next(Line& line) {
  line = Line{};
  bool any = false;  // something of this line was read (a byte or its newline)
  for (;;) {
    if (begin_ == end_ && !fill()) break;
    any = true;
    const char* start = buffer_.data() + begin_;
    const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
    const std::size_t take =
        newline != nullptr ? static_cast<std::size_t>(newline - start) : end_ - begin_;
    line.length += take;
    if (!line.too_long) {
      if (line.text.size() + take > limits_.max_line_bytes) {
        // Drop what was kept: the rest of the line is only counted until its newline.
        line.too_long = true;
        line.text.clear();
        line.text.shrink_to_fit();
      } else {
        line.text.append(start, take);
      }
    }
    begin_ += take;
    if (newline != nullptr) {
      ++begin_;
      line.number = ++number_;
      return true;
    }
  }
  if (!any) return false;
  line.number = ++number_;
  line.complete = !stopped_at_limit_;
  return true;
}

}  // namespace cometbench::review
