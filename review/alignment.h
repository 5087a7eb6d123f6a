#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace cometbench::review {

/// One step through two sequences A and B.
enum class Step { kPair, kSkipA, kSkipB };

struct Alignment {
  std::vector<Step> steps;
  std::uint64_t cost = 0;
};

/// The cheapest way through A (n items) and B (m items): pairing A[i] with B[j] costs
/// `pair_cost(i, j)`, leaving A[i] or B[j] unpaired costs `skip_a(i)` or `skip_b(j)`. On equal
/// cost a pair wins, then skipping B, so differences are reported as late as possible.
/// Edit-distance dynamic programming in O(n*m) time and memory; when (n+1)*(m+1) exceeds
/// `max_cells` it pairs position by position instead, so memory stays bounded.
Alignment align(std::size_t n, std::size_t m,
                const std::function<std::uint64_t(std::size_t, std::size_t)>& pair_cost,
                const std::function<std::uint64_t(std::size_t)>& skip_a,
                const std::function<std::uint64_t(std::size_t)>& skip_b,
                std::size_t max_cells = std::size_t{4} << 20U);

}  // namespace cometbench::review
