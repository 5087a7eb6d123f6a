#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "runner/discovery.h"

namespace cometbench::runner {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string shard_error(const std::string& text) {
  try {
    parse_shard(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ShardTest, ParsesKOfN) {
  const Shard s = parse_shard("2/5");
  EXPECT_EQ(s.index, 2u);
  EXPECT_EQ(s.count, 5u);
}

TEST(ShardTest, RejectsWhatIsNotKOfN) {
  for (const std::string bad : {"", "1", "0/3", "4/3", "1/0", "a/2", "1/2/3", "-1/2", "+1/2",
                                "1/10001", "1 /2", "999999999999/2"}) {
    EXPECT_EQ(shard_error(bad),
              "--shard: expected K/N with 1 <= K <= N <= 10000 (e.g. 2/4), got \"" + bad + "\"");
  }
}

// The bundled suite, split N ways for N = 1..5: every scenario in exactly one shard.
TEST(ShardTest, ShardsOfTheBundledSuiteAreDisjointAndCoverIt) {
  const std::vector<fs::path> suite =
      find_scenarios({fs::path(COMETBENCH_FIXTURES_DIR) / "scenarios"});
  ASSERT_GT(suite.size(), 10u);
  for (unsigned n = 1; n <= 5; ++n) {
    std::map<fs::path, int> times_seen;
    for (unsigned k = 1; k <= n; ++k) {
      for (const fs::path& file : suite) {
        if (in_shard(file, {k, n})) ++times_seen[file];
      }
    }
    EXPECT_EQ(times_seen.size(), suite.size()) << "N=" << n;
    for (const auto& [file, times] : times_seen) EXPECT_EQ(times, 1) << file << " N=" << n;
  }
}

// A CI machine discovers files in its own order and from its own checkout path: the shard of a
// file depends on its name alone.
TEST(ShardTest, AFilesShardDependsOnItsNameOnly) {
  for (unsigned k = 1; k <= 4; ++k) {
    EXPECT_EQ(in_shard("a/retry.json", {k, 4}), in_shard("/elsewhere/b/retry.json", {k, 4}));
  }
  // Fixed values: a change of hash would move scenarios between machines of a running matrix.
  EXPECT_TRUE(in_shard("happy-path.json", {1, 1}));
  std::vector<unsigned> shards;
  for (const char* name : {"a.json", "b.json", "c.json", "happy-path.json"}) {
    for (unsigned k = 1; k <= 3; ++k) {
      if (in_shard(name, {k, 3})) shards.push_back(k);
    }
  }
  EXPECT_THAT(shards, ElementsAre(3u, 2u, 1u, 2u));
}

class StaleGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("cometbench-stale-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path touch(const std::string& name) {
    std::ofstream(dir_ / name) << "{}";
    return dir_ / name;
  }
  fs::path dir_;
};

TEST_F(StaleGoldenTest, AGoldenWithoutItsScenarioIsStale) {
  const fs::path a = touch("a.json");
  touch("a.golden.jsonl");
  const fs::path gone = touch("gone.golden.jsonl");
  const fs::path also_gone = touch("b.golden.jsonl");
  touch(".golden.jsonl");  // no name: not a golden of any scenario
  fs::create_symlink("nowhere", dir_ / "dangling.json");
  touch("dangling.golden.jsonl");  // its scenario is a bad entry, not a missing one
  EXPECT_THAT(find_stale_goldens({dir_, a}), ElementsAre(also_gone, gone));
  EXPECT_THAT(find_stale_goldens({a}), IsEmpty());
}

TEST_F(StaleGoldenTest, ValidateSeesPoliciesAndProfilesOfAFolderInOrder) {
  const fs::path p = touch("x.policy.json");
  const fs::path f = touch("y.profile.json");
  const fs::path s = touch("a.json");
  touch("a.golden.jsonl");
  touch(".hidden.json");
  EXPECT_THAT(find_fixture_files({p, dir_}), ElementsAre(p, s, f));
}

}  // namespace
}  // namespace cometbench::runner
