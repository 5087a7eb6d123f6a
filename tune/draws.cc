#include "tune/draws.h"

#include <algorithm>
#include <stdexcept>

#include "client/random.h"

namespace cometbench::tune {
namespace {

std::uint64_t first_output(std::uint64_t seed) { return client::SplitMix64(seed).next_u64(); }

}  // namespace

std::uint64_t fault_draw(std::uint64_t seed, std::uint64_t operation, std::uint64_t attempt) {
  return first_output(first_output(first_output(seed) ^ operation) ^ attempt);
}

WeightedPicker::WeightedPicker(const std::vector<std::uint64_t>& weights) {
  std::uint64_t sum = 0;
  for (const std::uint64_t w : weights) {
    if (w == 0) throw std::invalid_argument("mix weights must be positive");
    sum += w;
    cumulative_.push_back(sum);
  }
  if (cumulative_.empty()) throw std::invalid_argument("a mix needs at least one entry");
}

std::size_t WeightedPicker::pick(std::uint64_t draw) const {
  const std::uint64_t target = draw % cumulative_.back();
  return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), target) -
                                  cumulative_.begin());
}

}  // namespace cometbench::tune
