// The bounds that keep a review of any input finite: line length, total input, findings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <streambuf>

#include "cli/review_command.h"
#include "review/line_reader.h"
#include "review/review.h"

namespace cometbench::review {
namespace {

using ::testing::ElementsAre;

// An input that never ends and has no newline, like /dev/zero. It also counts the bytes
// handed out, so a test can see that reading stopped where the limit says.
class EndlessZeros : public std::streambuf {
 public:
  std::uint64_t served = 0;

 protected:
  std::streamsize xsgetn(char* s, std::streamsize n) override {
    std::fill(s, s + n, '\0');
    served += static_cast<std::uint64_t>(n);
    return n;
  }
  int_type underflow() override { return traits_type::to_int_type('\0'); }
};

std::vector<Line> read_all(const std::string& text, ReadLimits limits = {}) {
  std::istringstream in(text);
  LineReader reader(in, limits);
  std::vector<Line> lines;
  for (Line line; reader.next(line);) lines.push_back(line);
  return lines;
}

TEST(LineReader, SplitsLikeGetlineWithoutAnEmptyLastLine) {
  const auto lines = read_all("a\n\nb\r\nc");
  ASSERT_EQ(lines.size(), 4U);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "");
  EXPECT_EQ(lines[2].text, "b\r");
  EXPECT_EQ(lines[3].text, "c");
  EXPECT_EQ(lines[3].number, 4U);
  EXPECT_TRUE(read_all("").empty());
  EXPECT_EQ(read_all("x\n").size(), 1U);
}

TEST(LineReader, ALongLineIsCountedNotKeptAndTheNextLineIsWhole) {
  ReadLimits limits;
  limits.max_line_bytes = 10;
  const auto lines = read_all(std::string(200000, 'x') + "\nshort\n0123456789\n", limits);
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_TRUE(lines[0].too_long);
  EXPECT_EQ(lines[0].text, "");
  EXPECT_EQ(lines[0].length, 200000U);
  EXPECT_EQ(lines[1].text, "short");
  EXPECT_FALSE(lines[2].too_long);  // exactly the limit is fine
}

TEST(LineReader, StopsAtTheInputLimitEvenWithoutANewline) {
  EndlessZeros zeros;
  std::istream in(&zeros);
  ReadLimits limits;
  limits.max_input_bytes = 5U << 20U;
  LineReader reader(in, limits);
  Line line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_TRUE(line.too_long);
  EXPECT_FALSE(line.complete);
  EXPECT_EQ(line.length, 5U << 20U);
  EXPECT_FALSE(reader.next(line));
  EXPECT_TRUE(reader.stopped_at_limit());
  EXPECT_EQ(zeros.served, 5U << 20U);
}

TEST(ReviewLimits, AnEndlessInputWithoutNewlinesEndsWithOneFinding) {
  EndlessZeros zeros;
  std::istream in(&zeros);
  ReviewOptions options;
  options.limits.max_input_bytes = 8U << 20U;
  const auto report = review_stream(in, "/dev/zero", options);
  EXPECT_THAT(report.findings,
              ElementsAre(Finding{"/dev/zero", 1, "line_too_long",
                                  "line of at least 8388608 bytes (no newline before the input "
                                  "limit) is longer than the limit of 1048576 bytes "
                                  "(--max-line-bytes); it was skipped unread"}));
  EXPECT_TRUE(report.stopped_at_input_limit);
  EXPECT_EQ(report.bytes_read, 8U << 20U);
}

TEST(ReviewLimits, TheCommandSaysWhereItStoppedAndExitsTwo) {
  EndlessZeros zeros;
  std::istream in(&zeros);
  std::ostringstream out;
  std::ostringstream err;
  cli::ReviewArgs args;
  args.logs = {"-"};
  args.max_input_bytes = 3U << 20U;
  args.max_line_bytes = 1000;
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitBadInput);
  EXPECT_EQ(out.str(),
            "<stdin>:1: line_too_long: line of at least 3145728 bytes (no newline before the "
            "input limit) is longer than the limit of 1000 bytes (--max-line-bytes); it was "
            "skipped unread\n1 finding in 0 records\n");
  EXPECT_EQ(err.str(),
            "cometbench review: <stdin>: stopped after 3145728 bytes (--max-input-bytes); the "
            "rest was not reviewed\n");
}

TEST(ReviewLimits, FindingsBeyondMaxFindingsAreCountedAndSaidOnStderr) {
  std::istringstream in("x\ny\nz\n");
  std::ostringstream out;
  std::ostringstream err;
  cli::ReviewArgs args;
  args.logs = {"-"};
  args.max_findings = 1;
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitCheckFailed);
  EXPECT_EQ(out.str(),
            "<stdin>:1: not_json: neither JSON nor logfmt: at byte 2, wanted '=' after the key "
            "(expected one record per line: a JSON object or logfmt)\n3 findings in 0 records\n");
  EXPECT_EQ(err.str(),
            "cometbench review: <stdin>: 2 more findings not shown (--max-findings 1)\n");
}

TEST(ReviewLimits, ZeroMaxLineBytesIsAUsageError) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  cli::ReviewArgs args;
  args.logs = {"-"};
  args.max_line_bytes = 0;
  EXPECT_EQ(cli::review_command(args, cli::Io{out, err}, in), cli::kExitBadInput);
  EXPECT_EQ(err.str(), "cometbench review: --max-line-bytes must be 1 or more\n");
}

}  // namespace
}  // namespace cometbench::review
