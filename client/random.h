#pragma once

#include <cstdint>

namespace cometbench::client {

/// A source of uniform doubles in [0, 1). Injected into backoff strategies so that tests and
/// goldens control jitter. Implementations need not be thread-safe.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  /// Uniform in [0, 1).
  virtual double next_double() = 0;
};

/// splitmix64 (Steele, Lea, Flood 2014; the reference constants from Vigna's public-domain C
/// code). The project owns the algorithm because std distributions differ between standard
/// libraries and goldens must not.
class SplitMix64 final : public RandomSource {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next_u64() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  /// The top 53 bits scaled by 2^-53: every value is exact and lies in [0, 1).
  double next_double() override { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace cometbench::client
