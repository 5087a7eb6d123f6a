#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cometbench::mockserver {

/// How much of a request the server accepts (docs/serve.md, "Limits").
struct RequestLimits {
  /// Request line, headers and the blank line together.
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_header_count = 100;
  /// Body bytes, as Content-Length announces them or as chunks add up (chunk framing excluded).
  std::size_t max_body_bytes = 4 * 1024 * 1024;
};

/// What the bytes received so far say about the request at their start.
struct Frame {
  enum class Kind {
    kIncomplete,  // more bytes are needed
    kComplete,    // `size` bytes hold one whole request (head and body)
    kReject,      // answer `status` with `reason` and close; never hand the bytes to httplib
  };
  Kind kind = Kind::kIncomplete;
  std::size_t head_size = 0;      // once the head is complete: its bytes, blank line included
  std::size_t size = 0;           // kComplete: the request's bytes
  bool expects_continue = false;  // the head is complete and asks `Expect: 100-continue`
  bool priority = false;          // the head is complete and its target has the priority prefix
  int status = 0;                 // kReject: 400, 413, 414, 431 or 501
  std::string reason;             // kReject: one sentence for the error body
};

/// Finds where one HTTP/1.1 request ends in a byte stream, without trusting it: the head must
/// fit `max_header_bytes` and `max_header_count`, the body `max_body_bytes`; a body announced
/// larger is rejected from its Content-Length alone, before any of it is read.
///
/// Incremental: call `frame()` each time bytes were appended; scanning resumes where it
/// stopped, so a head or a chunked body dribbled one byte at a time costs linear work. `reset()`
/// before the next request (its bytes start at offset 0 of the next call). Framing follows
/// RFC 9112: Transfer-Encoding `chunked` (the only coding accepted, as cpp-httplib reads only
/// that), else Content-Length, else no body. Not thread-safe: one owner at a time.
class RequestFramer {
 public:
  RequestFramer(RequestLimits limits, std::string priority_prefix);

  /// `bytes` starts at the request's first byte and holds everything received since.
  Frame frame(std::string_view bytes);
  void reset();

 private:
  Frame reject(int status, std::string reason);
  Frame parse_head(std::string_view head);
  Frame scan_chunked(std::string_view bytes);

  RequestLimits limits_;
  std::string priority_prefix_;
  Frame head_;  // the head's verdict once complete
  bool head_done_ = false;
  std::size_t scanned_ = 0;  // head: bytes searched for the blank line so far
  bool chunked_ = false;
  std::size_t body_length_ = 0;  // Content-Length
  // Chunked body state: where parsing resumes and what is expected there.
  enum class ChunkState { kSizeLine, kData, kDataEnd, kTrailer };
  ChunkState chunk_state_ = ChunkState::kSizeLine;
  std::size_t chunk_at_ = 0;    // offset in the request's bytes
  std::size_t chunk_left_ = 0;  // kData: bytes of the current chunk still to come
  std::size_t chunk_body_ = 0;  // body bytes so far
};

}  // namespace cometbench::mockserver
