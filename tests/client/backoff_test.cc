#include "client/backoff.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "client/random.h"
#include "test_support.h"

namespace cometbench::client {
namespace {

using testing::ms_list;

// Reference outputs of splitmix64 seeded with 1234567 (Vigna's splitmix64.c).
TEST(SplitMix64Test, MatchesTheReferenceSequence) {
  SplitMix64 random(1234567);
  EXPECT_EQ(random.next_u64(), 6457827717110365317ULL);
  EXPECT_EQ(random.next_u64(), 3203168211198807973ULL);
  EXPECT_EQ(random.next_u64(), 9817491932198370423ULL);
  EXPECT_EQ(random.next_u64(), 4593380528125082431ULL);
  EXPECT_EQ(random.next_u64(), 16408922859458223821ULL);
}

TEST(SplitMix64Test, DoublesLieInTheHalfOpenUnitInterval) {
  SplitMix64 random(7);
  for (int i = 0; i < 100000; ++i) {
    const double d = random.next_double();
    ASSERT_GE(d, 0.0);
    ASSERT_LT(d, 1.0);
  }
}

std::vector<std::chrono::milliseconds> run(Jitter jitter, std::uint64_t seed, int count,
                                           int base = 500, int cap = 8000, double m = 2.0) {
  RetryPolicy policy;
  policy.jitter = jitter;
  policy.initial_backoff = std::chrono::milliseconds(base);
  policy.max_backoff = std::chrono::milliseconds(cap);
  policy.multiplier = m;
  SplitMix64 random(seed);
  BackoffStrategy strategy(policy, random);
  std::vector<std::chrono::milliseconds> out;
  for (int n = 0; n < count; ++n) out.push_back(strategy.next(n));
  return out;
}

// Expected values were computed independently (a Python transcription of the formulas in
// docs/policy.md over the same splitmix64 stream), seed 42, base 500, cap 8000, multiplier 2.
TEST(BackoffStrategyTest, NoJitterIsTheCappedExponential) {
  EXPECT_EQ(run(Jitter::none, 42, 8), ms_list({500, 1000, 2000, 4000, 8000, 8000, 8000, 8000}));
}

TEST(BackoffStrategyTest, FullJitterSequenceForSeed42) {
  EXPECT_EQ(run(Jitter::full, 42, 8), ms_list({370, 159, 557, 1376, 304, 6945, 1747, 6405}));
}

TEST(BackoffStrategyTest, EqualJitterSequenceForSeed42) {
  EXPECT_EQ(run(Jitter::equal, 42, 8), ms_list({435, 579, 1278, 2688, 4152, 7472, 4873, 7202}));
}

TEST(BackoffStrategyTest, DecorrelatedJitterSequenceForSeed42) {
  EXPECT_EQ(run(Jitter::decorrelated, 42, 8),
            ms_list({1241, 1015, 1209, 1576, 660, 1784, 1559, 3844}));
}

TEST(BackoffStrategyTest, OpenaiJitterSequenceForSeed42) {
  EXPECT_EQ(run(Jitter::openai, 42, 8), ms_list({407, 960, 1860, 3655, 7923, 6263, 7563, 6398}));
}

TEST(BackoffStrategyTest, NoJitterDrawsNoRandomNumbers) {
  RetryPolicy policy;
  policy.jitter = Jitter::none;
  SplitMix64 random(5);
  BackoffStrategy strategy(policy, random);
  strategy.next(0);
  strategy.next(1);
  SplitMix64 fresh(5);
  EXPECT_EQ(random.next_u64(), fresh.next_u64());
}

TEST(BackoffStrategyTest, HugeRetryNumbersStayAtTheCap) {
  EXPECT_EQ(run(Jitter::none, 1, 1200).back(), std::chrono::milliseconds(8000));
}

TEST(BackoffStrategyTest, MultiplierIsUsed) {
  EXPECT_EQ(run(Jitter::none, 1, 4, 100, 100000, 3.0), ms_list({100, 300, 900, 2700}));
}

// Property: for many seeds and retry numbers every value lies within its formula's bounds.
class BackoffBoundsTest : public ::testing::TestWithParam<Jitter> {};

TEST_P(BackoffBoundsTest, EveryValueLiesWithinTheFormulaBounds) {
  const Jitter jitter = GetParam();
  constexpr double b = 250, c = 20000, m = 1.7;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    const auto values = run(jitter, seed, 14, 250, 20000, m);
    double prev = b;
    for (std::size_t n = 0; n < values.size(); ++n) {
      const double v = std::min(c, b * std::pow(m, static_cast<double>(n)));
      const auto got = static_cast<double>(values[n].count());
      double lo = 0, hi = 0;  // inclusive after flooring
      switch (jitter) {
        case Jitter::none:
          lo = hi = std::floor(v);
          break;
        case Jitter::full:
          lo = 0, hi = std::floor(v);
          break;
        case Jitter::equal:
          lo = std::floor(v / 2), hi = std::floor(v);
          break;
        case Jitter::decorrelated:
          lo = std::min(c, b), hi = std::min(c, std::floor(prev * 3));
          prev = got;
          break;
        case Jitter::openai:
          lo = std::floor(v * 0.75), hi = std::floor(v);
          break;
      }
      ASSERT_GE(got, lo) << "seed " << seed << " n " << n;
      ASSERT_LE(got, hi) << "seed " << seed << " n " << n;
      ASSERT_LE(got, c);
    }
  }
}

TEST_P(BackoffBoundsTest, TheSameSeedGivesTheSameSequence) {
  for (std::uint64_t seed = 100; seed < 400; ++seed) {
    ASSERT_EQ(run(GetParam(), seed, 10), run(GetParam(), seed, 10)) << seed;
  }
}

TEST_P(BackoffBoundsTest, OnlyJitteredKindsDependOnTheSeed) {
  if (GetParam() == Jitter::none) {
    EXPECT_EQ(run(GetParam(), 1, 10), run(GetParam(), 2, 10));
  } else {
    EXPECT_NE(run(GetParam(), 1, 10), run(GetParam(), 2, 10));
  }
}

INSTANTIATE_TEST_SUITE_P(AllJitters, BackoffBoundsTest,
                         ::testing::Values(Jitter::none, Jitter::full, Jitter::equal,
                                           Jitter::decorrelated, Jitter::openai),
                         [](const auto& param_info) {
                           return std::string(to_string(param_info.param));
                         });

}  // namespace
}  // namespace cometbench::client
