#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cometbench::tune {

/// The random number behind request `attempt` (1-based) of operation `operation` (0-based) in
/// a run seeded with `seed`: a function of the three alone, so every policy compared in a run
/// meets the same fault on the same attempt of the same operation (common random numbers),
/// however many retries another policy made elsewhere. It chains the project's splitmix64
/// (client/random.h): h1 = next(seed), h2 = next(h1 ^ operation), draw = next(h2 ^ attempt),
/// where next(s) is the first output of a SplitMix64 seeded with s.
std::uint64_t fault_draw(std::uint64_t seed, std::uint64_t operation, std::uint64_t attempt);

/// Picks a mix entry by weight: the first entry whose cumulative weight exceeds
/// `draw % total`. `weights` are positive; their sum must fit in 64 bits. The modulo bias is
/// below total / 2^64.
class WeightedPicker {
 public:
  explicit WeightedPicker(const std::vector<std::uint64_t>& weights);
  std::size_t pick(std::uint64_t draw) const;
  std::uint64_t total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }

 private:
  std::vector<std::uint64_t> cumulative_;
};

}  // namespace cometbench::tune
