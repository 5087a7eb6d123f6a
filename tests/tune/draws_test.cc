#include "tune/draws.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "client/random.h"

namespace cometbench::tune {
namespace {

TEST(FaultDraw, IsSplitMix64ChainedOverSeedOperationAndAttempt) {
  // The reference output of splitmix64 seeded with 0 (Vigna's splitmix64.c).
  EXPECT_EQ(client::SplitMix64(0).next_u64(), 0xe220a8397b1dcdafULL);
  const auto next = [](std::uint64_t s) { return client::SplitMix64(s).next_u64(); };
  EXPECT_EQ(fault_draw(7, 3, 2), next(next(next(7) ^ 3) ^ 2));
}

TEST(FaultDraw, DependsOnEachOfSeedOperationAndAttempt) {
  std::set<std::uint64_t> draws;
  for (std::uint64_t seed : {1u, 2u}) {
    for (std::uint64_t op = 0; op < 50; ++op) {
      for (std::uint64_t attempt = 1; attempt <= 4; ++attempt) {
        draws.insert(fault_draw(seed, op, attempt));
      }
    }
  }
  EXPECT_EQ(draws.size(), 2u * 50u * 4u);
}

TEST(WeightedPicker, PicksByTheDrawModuloTheTotalWeight) {
  const WeightedPicker picker({3, 1, 6});  // [0,3) -> 0, [3,4) -> 1, [4,10) -> 2
  EXPECT_EQ(picker.total(), 10u);
  EXPECT_EQ(picker.pick(0), 0u);
  EXPECT_EQ(picker.pick(2), 0u);
  EXPECT_EQ(picker.pick(3), 1u);
  EXPECT_EQ(picker.pick(4), 2u);
  EXPECT_EQ(picker.pick(9), 2u);
  EXPECT_EQ(picker.pick(13), 1u);
  EXPECT_EQ(picker.pick(0xffffffffffffffffULL), 2u);  // 18446744073709551615 % 10 == 5
}

TEST(WeightedPicker, FollowsTheWeightsOverManyDraws) {
  const WeightedPicker picker({85, 6, 4, 3, 2});
  std::vector<int> counts(5, 0);
  for (std::uint64_t op = 0; op < 100000; ++op) ++counts[picker.pick(fault_draw(1, op, 1))];
  // Within 1% of 100000 of the expected share each.
  const std::vector<int> expected{85000, 6000, 4000, 3000, 2000};
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(counts[i], expected[i], 1000) << i;
}

TEST(WeightedPicker, RefusesZeroWeightsAndEmptyMixes) {
  EXPECT_THROW(WeightedPicker({1, 0}), std::invalid_argument);
  EXPECT_THROW(WeightedPicker({}), std::invalid_argument);
}

}  // namespace
}  // namespace cometbench::tune
