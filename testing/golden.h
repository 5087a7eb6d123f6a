#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace cometbench::testing {

/// gMock matcher for a run's JSONL lines (ScriptedMock::lines()) against a golden file, byte for
/// byte, as `cometbench run` judges goldens (docs/records.md):
///
///     EXPECT_THAT(mock.lines(), MatchesGoldenFile("fixtures/my-case.golden.jsonl"));
///
/// A mismatch names the first differing record and each field that differs (`backoff_ms: golden
/// 500, actual 1000`); a missing or unreadable golden says so and shows the lines it would hold,
/// ready to be reviewed and saved.
class GoldenFileMatcher {
 public:
  using is_gtest_matcher = void;

  explicit GoldenFileMatcher(std::filesystem::path golden) : golden_(std::move(golden)) {}

  bool MatchAndExplain(const std::vector<std::string>& lines, std::ostream* why) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  std::filesystem::path golden_;
};

GoldenFileMatcher MatchesGoldenFile(std::filesystem::path golden);

}  // namespace cometbench::testing
