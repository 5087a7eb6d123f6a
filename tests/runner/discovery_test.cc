#include "runner/discovery.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "../common/temp_dir.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;

class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing_support::make_temp_dir("cometbench-discovery"); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path touch(const std::string& name) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << "{}";
    return p;
  }
  fs::path dir_;
};

TEST_F(DiscoveryTest, FolderYieldsItsScenariosSortedWithoutGoldens) {
  const fs::path b = touch("b.json");
  const fs::path a = touch("a.json");
  touch("a.golden.jsonl");
  touch("notes.md");
  touch(".hidden.json");
  EXPECT_THAT(find_scenarios({dir_}), ElementsAre(a, b));
}

TEST_F(DiscoveryTest, AFileNamedTwiceIsReturnedOnceWhereItFirstAppearsAndReported) {
  const fs::path a = touch("a.json");
  const fs::path b = touch("b.json");
  std::vector<fs::path> duplicates;
  EXPECT_THAT(find_scenarios({b, dir_, dir_ / "." / "b.json"}, &duplicates), ElementsAre(b, a));
  EXPECT_THAT(duplicates, ElementsAre(b, dir_ / "." / "b.json"));
}

TEST_F(DiscoveryTest, ArgumentOrderIsKept) {
  const fs::path a = touch("a.json");
  const fs::path b = touch("b.json");
  EXPECT_THAT(find_scenarios({b, a}), ElementsAre(b, a));
}

TEST_F(DiscoveryTest, MissingPathIsAnError) {
  try {
    find_scenarios({dir_ / "nope"});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (dir_ / "nope").string() + ": no such file or folder");
  }
}

TEST_F(DiscoveryTest, EmptyFolderIsAnError) {
  try {
    find_scenarios({dir_});
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": no scenario files (*.json) in this folder");
  }
}

TEST_F(DiscoveryTest, BadEntriesNamedLikeScenariosAreReturnedForTheLoaderToReport) {
  // Before: the symbolic link loop threw "filesystem error: status: Too many levels of symbolic
  // links" out of find_scenarios, and `run` stopped before any scenario ran.
  const fs::path a = touch("a.json");
  fs::create_symlink("loop.json", dir_ / "loop.json");
  fs::create_symlink("gone", dir_ / "dangling.json");
  fs::create_directory(dir_ / "folder.json");
  fs::create_symlink("loop2", dir_ / "loop2");  // not named *.json: not a scenario
  EXPECT_THAT(find_scenarios({dir_}),
              ElementsAre(a, dir_ / "dangling.json", dir_ / "folder.json", dir_ / "loop.json"));
}

TEST_F(DiscoveryTest, AFileArgumentThatCannotBeExaminedIsStillAScenario) {
  fs::create_symlink("loop.json", dir_ / "loop.json");
  EXPECT_THAT(find_scenarios({dir_ / "loop.json"}), ElementsAre(dir_ / "loop.json"));
}

TEST(GoldenPathTest, SitsBesideTheScenario) {
  EXPECT_EQ(golden_path_for("fixtures/scenarios/happy-path.json"),
            fs::path("fixtures/scenarios/happy-path.golden.jsonl"));
}

TEST(FilterTest, SubstringWithoutWildcards) {
  EXPECT_TRUE(matches_filter("rate-limited-retry-after-ms", "retry-after"));
  EXPECT_FALSE(matches_filter("happy-path", "retry"));
  EXPECT_TRUE(matches_filter("anything", ""));
}

TEST(FilterTest, GlobWithStarAndQuestionMark) {
  EXPECT_TRUE(matches_filter("jitter-full", "jitter-*"));
  EXPECT_FALSE(matches_filter("preset-openai", "jitter-*"));
  EXPECT_TRUE(matches_filter("drop-then-ok", "*-then-ok"));
  EXPECT_TRUE(matches_filter("a1c", "a?c"));
  EXPECT_FALSE(matches_filter("abbc", "a?c"));
  EXPECT_TRUE(matches_filter("stream-dropped-after-three-events", "stream*after*"));
}

}  // namespace
}  // namespace cometbench::runner
