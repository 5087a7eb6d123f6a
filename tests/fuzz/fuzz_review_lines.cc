// libFuzzer target: `review` over any bytes, with small limits so that the long-line and
// input-limit paths are reached. It must never throw, and its counts must agree with what it
// read: every byte read is accounted for, findings kept never exceed the cap.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "review/review.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cometbench::review;
  if (size == 0) return 0;
  // Byte 0 picks the limits: lines of 16 to 1039 bytes, input cut at 64 bytes or not at all.
  ReviewOptions options;
  options.limits.max_line_bytes = 16 + std::size_t{data[0]} * 4;
  options.limits.max_input_bytes = (data[0] & 1U) != 0 ? 64 : 0;
  options.max_findings = 8;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  const ReviewReport report = review_stream(in, "fuzz.jsonl", options);
  if (report.findings.size() > options.max_findings) __builtin_trap();
  if (report.total_findings < report.findings.size()) __builtin_trap();
  if (report.bytes_read > size - 1) __builtin_trap();
  if (options.limits.max_input_bytes == 0 && report.bytes_read != size - 1) __builtin_trap();
  return 0;
}
