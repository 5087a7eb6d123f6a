#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "review_test_support.h"

namespace cometbench::review {
namespace {

using ::testing::IsEmpty;
using testing::review_fixture;

struct CleanLog {
  std::string file;
  std::size_t records;
  std::size_t operations;
};

class ReviewOfCleanLog : public ::testing::TestWithParam<CleanLog> {};

TEST_P(ReviewOfCleanLog, FindsNothingAndCountsRecordsAndOperations) {
  const auto report = review_fixture(GetParam().file);
  EXPECT_THAT(report.findings, IsEmpty());
  EXPECT_EQ(report.records, GetParam().records);
  EXPECT_EQ(report.operations, GetParam().operations);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ReviewOfCleanLog,
    ::testing::Values(
        // One 200.
        CleanLog{"clean_happy_path.jsonl", 2, 1},
        // 503, 503, 200 with backoffs 500 and 1000.
        CleanLog{"clean_503_503_200.jsonl", 4, 1},
        // A timeout (null status), then 200.
        CleanLog{"clean_timeout_then_ok.jsonl", 3, 1},
        // Three failures without a response; the summary's final status stays null.
        CleanLog{"clean_timeouts_exhausted.jsonl", 4, 1},
        // A 401 is not retried.
        CleanLog{"clean_401_terminal.jsonl", 2, 1},
        // Two operations interleaved; a Retry-After: 0 retry with backoff_ms 0.
        CleanLog{"clean_interleaved.jsonl", 6, 2},
        // A truncated body keeps the status of the headers that arrived.
        CleanLog{"clean_truncated_body.jsonl", 3, 1},
        // Another client: no "record" key, sorted keys, extra fields, token counts.
        CleanLog{"clean_foreign_client.jsonl", 3, 1},
        // The guide's allowances: a zero-based attempt_index, error_type "none".
        CleanLog{"clean_zero_based.jsonl", 5, 2},
        // The finish reason's value in a field of its own; 2xx answers of the wrong shape.
        CleanLog{"clean_finish_reason.jsonl", 5, 2},
        // `cometbench run --format logfmt` and `--format otel`, with boolean flags.
        CleanLog{"clean_cometbench.logfmt", 4, 1}, CleanLog{"clean_cometbench_otel.jsonl", 4, 1},
        // JSON, logfmt and OpenTelemetry names mixed line by line.
        CleanLog{"clean_mixed_forms.log", 4, 2}),
    [](const ::testing::TestParamInfo<CleanLog>& param_info) {
      std::string name = param_info.param.file.substr(0, param_info.param.file.find('.'));
      for (char& c : name) {
        if (c == '-') c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace cometbench::review
