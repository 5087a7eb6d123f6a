#include "cli/review_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "review/rules.h"
#include "review_test_support.h"

namespace cometbench::cli {
namespace {

using review::testing::fixture_path;
using ::testing::HasSubstr;

class ReviewCommand : public ::testing::Test {
 protected:
  int review(const std::vector<std::string>& files, const std::string& format = "text") {
    ReviewArgs args;
    args.logs = files;
    args.format = format;
    return review_command(args, Io{out_, err_}, in_);
  }
  std::istringstream in_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(ReviewCommand, CleanLogExitsZeroWithACleanLine) {
  EXPECT_EQ(review({fixture_path("clean_503_503_200.jsonl")}), kExitOk);
  EXPECT_EQ(out_.str(), "clean: 4 records, 1 operation\n");
  EXPECT_EQ(err_.str(), "");
}

TEST_F(ReviewCommand, FindingsExitOneWithOneLinePerFindingAndACount) {
  const auto file = fixture_path("defect_index_gap.jsonl");
  EXPECT_EQ(review({file}), kExitCheckFailed);
  EXPECT_EQ(out_.str(), file +
                            ":2: attempt_index_gap: operation \"op-1\": attempt_index 3 follows 1 "
                            "(expected 2)\n1 finding in 3 records\n");
}

TEST_F(ReviewCommand, SeveralLogsAreReviewedTogether) {
  EXPECT_EQ(
      review({fixture_path("clean_interleaved.jsonl"), fixture_path("clean_happy_path.jsonl")}),
      kExitOk);
  EXPECT_EQ(out_.str(), "clean: 8 records, 3 operations\n");
  EXPECT_EQ(review({fixture_path("clean_happy_path.jsonl"), fixture_path("defect_not_json.jsonl")}),
            kExitCheckFailed);
  EXPECT_THAT(out_.str(), HasSubstr("3 findings in 4 records\n"));
}

TEST_F(ReviewCommand, MissingFileExitsTwoAndStillReviewsTheOthers) {
  EXPECT_EQ(review({"/nonexistent/log.jsonl", fixture_path("defect_index_gap.jsonl")}),
            kExitBadInput);
  EXPECT_EQ(err_.str(),
            "cometbench review: /nonexistent/log.jsonl: cannot read: No such file or directory\n");
  EXPECT_THAT(out_.str(), HasSubstr("attempt_index_gap"));
}

TEST_F(ReviewCommand, DirectoryExitsTwo) {
  EXPECT_EQ(review({COMETBENCH_FIXTURES_DIR}), kExitBadInput);
  EXPECT_EQ(err_.str(), std::string("cometbench review: ") + COMETBENCH_FIXTURES_DIR +
                            ": cannot read: is a directory\n");
  EXPECT_EQ(out_.str(), "");
}

TEST_F(ReviewCommand, PathThroughAFileExitsTwo) {
  const auto path = fixture_path("clean_happy_path.jsonl") + "/log.jsonl";
  EXPECT_EQ(review({path}), kExitBadInput);
  EXPECT_EQ(err_.str(), "cometbench review: " + path + ": cannot read: Not a directory\n");
}

TEST_F(ReviewCommand, UnreadableFileExitsTwo) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  const auto path = std::filesystem::temp_directory_path() /
                    ("review_unreadable_" + std::to_string(getpid()) + ".jsonl");
  std::ofstream(path) << "{}\n";
  std::filesystem::permissions(path, std::filesystem::perms::none);
  EXPECT_EQ(review({path.string()}), kExitBadInput);
  EXPECT_THAT(err_.str(), HasSubstr("cannot read: Permission denied"));
  std::filesystem::remove(path);
}

TEST_F(ReviewCommand, JsonFormatIsAnArrayOfFindings) {
  const auto file = fixture_path("defect_index_gap.jsonl");
  EXPECT_EQ(review({file}, "json"), kExitCheckFailed);
  const auto expected = nlohmann::json::array(
      {{{"file", file},
        {"line", 2},
        {"rule", "attempt_index_gap"},
        {"message", "operation \"op-1\": attempt_index 3 follows 1 (expected 2)"}}});
  EXPECT_EQ(nlohmann::json::parse(out_.str()), expected);
}

TEST_F(ReviewCommand, JsonFormatOfACleanLogIsAnEmptyArray) {
  EXPECT_EQ(review({fixture_path("clean_happy_path.jsonl")}, "json"), kExitOk);
  EXPECT_EQ(out_.str(), "[]\n");
}

TEST_F(ReviewCommand, UnknownFormatOrNoFilesIsAUsageError) {
  EXPECT_EQ(review({fixture_path("clean_happy_path.jsonl")}, "xml"), kExitBadInput);
  EXPECT_EQ(review({}), kExitBadInput);
  EXPECT_EQ(out_.str(), "");
}

// The CLI11 wiring, without the rest of the command line (which links every other part).
class ReviewSubcommand : public ReviewCommand {
 protected:
  int parse(std::vector<std::string> args) {
    CLI::App app;
    int exit_code = -1;
    add_review_command(app, Io{out_, err_}, exit_code);
    std::reverse(args.begin(), args.end());  // CLI11 consumes from the back
    app.parse(args);
    return exit_code;
  }
};

TEST_F(ReviewSubcommand, PassesFilesAndFormatThrough) {
  EXPECT_EQ(parse({"review", "--format", "json", fixture_path("defect_index_gap.jsonl"),
                   fixture_path("clean_happy_path.jsonl")}),
            kExitCheckFailed);
  EXPECT_EQ(nlohmann::json::parse(out_.str()).size(), 1U);
}

TEST_F(ReviewSubcommand, RejectsAnUnknownFormatAndAMissingLog) {
  EXPECT_THROW(parse({"review", "--format", "xml", fixture_path("clean_happy_path.jsonl")}),
               CLI::ValidationError);
  EXPECT_THROW(parse({"review"}), CLI::RequiredError);
}

TEST(ReviewDocs, EveryRuleIdIsDocumented) {
  std::ifstream in(std::string(COMETBENCH_DOCS_DIR) + "/review.md");
  ASSERT_TRUE(in) << "docs/review.md is missing";
  std::stringstream docs;
  docs << in.rdbuf();
  for (const auto& rule : review::all_rules()) {
    EXPECT_THAT(docs.str(), HasSubstr("#### `" + std::string(rule.id) + "`")) << rule.id;
  }
}

}  // namespace
}  // namespace cometbench::cli
