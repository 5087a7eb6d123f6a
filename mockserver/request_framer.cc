#include "mockserver/request_framer.h"

#include <strings.h>

#include <algorithm>
#include <limits>
#include <utility>

namespace cometbench::mockserver {
namespace {

// cpp-httplib 0.11.4 answers 414 for a request line over 8192 bytes and 400 for a header line
// over 8192 bytes (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH and CPPHTTPLIB_HEADER_MAX_LENGTH, frozen
// in the .so). The framer says so first, with the right status for the header case (431).
constexpr std::size_t kMaxLineBytes = 8192;
// A chunk-size line is hex digits and perhaps extensions; anything longer is not one.
constexpr std::size_t kMaxChunkLineBytes = 1024;
constexpr std::string_view kCrlf = "\r\n";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// A decimal Content-Length; false for anything else or an overflow.
bool parse_length(std::string_view text, std::size_t& out) {
  if (text.empty()) return false;
  std::size_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<std::size_t>(c - '0');
    if (value > (std::numeric_limits<std::size_t>::max() - digit) / 10) return false;
    value = value * 10 + digit;
  }
  out = value;
  return true;
}

// The hex size at the start of a chunk-size line (extensions after ';' ignored).
bool parse_chunk_size(std::string_view line, std::size_t& out) {
  std::size_t value = 0;
  std::size_t digits = 0;
  for (const char c : line) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) break;
    if (value > (std::numeric_limits<std::size_t>::max() >> 4)) return false;
    value = (value << 4) | static_cast<std::size_t>(digit);
    ++digits;
  }
  out = value;
  return digits > 0;
}

}  // namespace

RequestFramer::RequestFramer(RequestLimits limits, std::string priority_prefix)
    : limits_(limits), priority_prefix_(std::move(priority_prefix)) {}

void RequestFramer::reset() {
  head_ = Frame{};
  head_done_ = false;
  scanned_ = 0;
  chunked_ = false;
  body_length_ = 0;
  chunk_state_ = ChunkState::kSizeLine;
  chunk_at_ = 0;
  chunk_left_ = 0;
  chunk_body_ = 0;
}

Frame RequestFramer::reject(int status, std::string reason) {
  Frame f;
  f.kind = Frame::Kind::kReject;
  f.status = status;
  f.reason = std::move(reason);
  f.head_size = head_.head_size;
  f.expects_continue = head_.expects_continue;
  return f;
}

Frame RequestFramer::frame(std::string_view bytes) {
  if (!head_done_) {
    // Resume three bytes back: the blank line may straddle the previous end.
    const std::size_t from = scanned_ >= 3 ? scanned_ - 3 : 0;
    const std::size_t end = bytes.find("\r\n\r\n", from);
    const std::size_t line_end = bytes.find(kCrlf);
    if (end == std::string_view::npos) {
      scanned_ = bytes.size();
      if ((line_end == std::string_view::npos && bytes.size() > kMaxLineBytes) ||
          (line_end != std::string_view::npos && line_end + 2 > kMaxLineBytes)) {
        return reject(
            414, "The request line is longer than " + std::to_string(kMaxLineBytes) + " bytes.");
      }
      if (bytes.size() > limits_.max_header_bytes) {
        return reject(431, "The request head is larger than " +
                               std::to_string(limits_.max_header_bytes) + " bytes.");
      }
      return Frame{};
    }
    head_done_ = true;
    head_ = parse_head(bytes.substr(0, end + 4));
    if (head_.kind == Frame::Kind::kReject) return head_;
    chunk_at_ = head_.head_size;
  }
  if (chunked_) return scan_chunked(bytes);
  Frame f = head_;
  if (bytes.size() >= head_.head_size + body_length_) {
    f.kind = Frame::Kind::kComplete;
    f.size = head_.head_size + body_length_;
  }
  return f;
}

Frame RequestFramer::parse_head(std::string_view head) {
  head_.head_size = head.size();
  const std::size_t first_end = head.find(kCrlf);
  if (first_end + 2 > kMaxLineBytes) {
    return reject(414,
                  "The request line is longer than " + std::to_string(kMaxLineBytes) + " bytes.");
  }
  if (head.size() > limits_.max_header_bytes) {
    return reject(431, "The request head is larger than " +
                           std::to_string(limits_.max_header_bytes) + " bytes.");
  }
  const std::string_view request_line = head.substr(0, first_end);
  const std::size_t sp1 = request_line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp1 == 0 || sp2 == std::string_view::npos || sp2 == sp1 + 1) {
    return reject(400, "The request line is not 'METHOD TARGET HTTP/1.1'.");
  }
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);

  std::size_t count = 0;
  bool has_length = false;
  bool has_encoding = false;
  std::size_t at = first_end + 2;
  for (;;) {
    const std::size_t line_end = head.find(kCrlf, at);
    if (line_end == at) break;  // the blank line
    const std::string_view line = head.substr(at, line_end - at);
    at = line_end + 2;
    if (line.size() + 2 > kMaxLineBytes) {
      return reject(431,
                    "A header line is longer than " + std::to_string(kMaxLineBytes) + " bytes.");
    }
    if (++count > limits_.max_header_count) {
      return reject(431, "The request has more than " + std::to_string(limits_.max_header_count) +
                             " header fields.");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;  // httplib skips it too
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      std::size_t length = 0;
      if (!parse_length(value, length) || (has_length && length != body_length_)) {
        return reject(400, "The Content-Length header is not one decimal number.");
      }
      has_length = true;
      body_length_ = length;
    } else if (iequals(name, "Transfer-Encoding")) {
      if (!iequals(value, "chunked")) {
        return reject(501, "Transfer-Encoding other than 'chunked' is not supported.");
      }
      has_encoding = true;
    } else if (iequals(name, "Expect") && iequals(value, "100-continue")) {
      head_.expects_continue = true;
    }
  }
  if (has_length && has_encoding) {
    return reject(400, "A request may not carry both Content-Length and Transfer-Encoding.");
  }
  if (has_length && body_length_ > limits_.max_body_bytes) {
    return reject(413, "The request body is larger than " + std::to_string(limits_.max_body_bytes) +
                           " bytes.");
  }
  chunked_ = has_encoding;
  head_.priority = !priority_prefix_.empty() &&
                   target.substr(0, priority_prefix_.size()) == std::string_view(priority_prefix_);
  return head_;
}

Frame RequestFramer::scan_chunked(std::string_view bytes) {
  const auto too_large = [this] {
    return reject(413, "The request body is larger than " + std::to_string(limits_.max_body_bytes) +
                           " bytes.");
  };
  for (;;) {
    switch (chunk_state_) {
      case ChunkState::kSizeLine: {
        const std::size_t end = bytes.find(kCrlf, chunk_at_);
        if (end == std::string_view::npos) {
          if (bytes.size() - chunk_at_ > kMaxChunkLineBytes) {
            return reject(400, "A chunk-size line is malformed.");
          }
          return head_;
        }
        std::size_t size = 0;
        if (end - chunk_at_ > kMaxChunkLineBytes ||
            !parse_chunk_size(bytes.substr(chunk_at_, end - chunk_at_), size)) {
          return reject(400, "A chunk-size line is malformed.");
        }
        chunk_at_ = end + 2;
        if (size == 0) {
          chunk_state_ = ChunkState::kTrailer;
          break;
        }
        if (size > limits_.max_body_bytes - chunk_body_) return too_large();
        chunk_body_ += size;
        chunk_left_ = size;
        chunk_state_ = ChunkState::kData;
        break;
      }
      case ChunkState::kData: {
        const std::size_t take = std::min(chunk_left_, bytes.size() - chunk_at_);
        chunk_at_ += take;
        chunk_left_ -= take;
        if (chunk_left_ > 0) return head_;
        chunk_state_ = ChunkState::kDataEnd;
        break;
      }
      case ChunkState::kDataEnd:
        if (bytes.size() - chunk_at_ < 2) return head_;
        if (bytes.substr(chunk_at_, 2) != kCrlf) return reject(400, "A chunk lacks its CRLF.");
        chunk_at_ += 2;
        chunk_state_ = ChunkState::kSizeLine;
        break;
      case ChunkState::kTrailer: {
        const std::size_t end = bytes.find(kCrlf, chunk_at_);
        if (end == std::string_view::npos) {
          if (bytes.size() - head_.head_size > limits_.max_body_bytes + limits_.max_header_bytes) {
            return reject(431, "The request's trailer fields are too large.");
          }
          return head_;
        }
        const bool blank = end == chunk_at_;  // the empty line that ends the trailer section
        chunk_at_ = end + 2;
        if (blank) {
          Frame f = head_;
          f.kind = Frame::Kind::kComplete;
          f.size = chunk_at_;
          return f;
        }
        break;  // a trailer field: httplib 0.11.4 rejects those itself (400)
      }
    }
  }
}

}  // namespace cometbench::mockserver
