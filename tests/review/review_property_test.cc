// Seeded random lines of every kind a broken or hostile log holds: valid records, records cut
// short, huge numbers, deep nesting, random bytes, logfmt fragments. The review must never
// throw or crash, and what it prints for one line must stay bounded whatever the line is.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "review/collector.h"
#include "review/review.h"

namespace cometbench::review {
namespace {

// splitmix64, the project's own generator family: std distributions differ between libraries.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

const std::string kAttempt =
    R"({"record":"attempt","operation_id":"op-1","attempt_index":1,"request_route":"/v1/chat/completions","http_request_method":"POST","http_response_status_code":503,"error_type":"503","retry_decision":"retried","retry_reason":"retryable_status","backoff_ms":500,"finish_reason_seen":false,"usage_seen":false,"final_outcome":"transient_failure","attempt_start_ms":0,"attempt_duration_ms":40})";
const std::string kLogfmt =
    R"(record="summary" operation_id="op-1" attempts="2" final_outcome="success" final_http_response_status_code="200" total_backoff_ms="500")";

std::string random_line(Random& rng) {
  switch (rng.below(9)) {
    case 0:
      return kAttempt;
    case 1:  // a record cut short
      return kAttempt.substr(0, rng.below(kAttempt.size()));
    case 2: {  // a number no double holds, in a random field
      std::string line = kAttempt;
      const std::string huge = rng.below(2) == 0 ? "1e400" : "-9" + std::string(400, '9');
      return line.replace(line.find("500"), 3, huge);
    }
    case 3: {  // nesting around or beyond the limit, with secrets inside
      const std::size_t depth = 40 + rng.below(100);
      std::string line = R"({"x":)";
      for (std::size_t i = 0; i < depth; ++i) line += R"(["sk-0123456789abcdefghij",)";
      return line + "0" + std::string(depth, ']') + "}";
    }
    case 4: {  // random bytes, no newline
      std::string line(rng.below(300), '\0');
      for (char& c : line) {
        c = static_cast<char>(rng.next());
        if (c == '\n') c = ' ';
      }
      return line;
    }
    case 5:
      return kLogfmt.substr(0, rng.below(kLogfmt.size() + 1));
    case 6: {  // one byte of a valid record flipped
      std::string line = kAttempt;
      line[rng.below(line.size())] = static_cast<char>(rng.next());
      return line == kAttempt || line.find('\n') != std::string::npos ? "{}" : line;
    }
    case 7: {  // many keys whose names flag them
      std::string line = "{";
      for (std::size_t i = 0, n = 1 + rng.below(80); i < n; ++i) {
        line += "\"api_key_" + std::to_string(i) + "\":\"x\",";
      }
      return line + "\"record\":\"attempt\"}";
    }
    default:
      return "";
  }
}

TEST(ReviewProperty, RandomLinesNeverThrowAndPrintABoundedAmountPerLine) {
  // Per line: the per-line cap plus its note, and the few findings the end-of-log checks may
  // attach to an attempt line. Every message is short: paths are at most 64 levels of at most
  // 64-character keys.
  constexpr std::size_t kMaxPerLine = kMaxFindingsPerLine + 1 + 6;
  constexpr std::size_t kMaxMessage = 64 * 70 + 400;
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Random rng(seed);
    std::string log;
    constexpr std::size_t kLines = 400;
    for (std::size_t i = 0; i < kLines; ++i) log += random_line(rng) + "\n";
    std::istringstream in(log);
    ReviewOptions options;
    options.max_findings = 1000000;
    ReviewReport report;
    ASSERT_NO_THROW(report = review_stream(in, "random.jsonl", options));
    EXPECT_EQ(report.total_findings, report.findings.size());
    std::map<std::size_t, std::size_t> per_line;
    for (const Finding& f : report.findings) {
      ASSERT_GE(f.line, 1U);
      ASSERT_LE(f.line, kLines);
      EXPECT_LE(f.message.size(), kMaxMessage) << format_text(f).substr(0, 200);
      EXPECT_LE(++per_line[f.line], kMaxPerLine) << format_text(f).substr(0, 200);
      EXPECT_EQ(f.message.find("0123456789abcdefghij"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace cometbench::review
