#include "review/alignment.h"

#include <algorithm>

namespace cometbench::review {

Alignment align(std::size_t n, std::size_t m,
                const std::function<std::uint64_t(std::size_t, std::size_t)>& pair_cost,
                const std::function<std::uint64_t(std::size_t)>& skip_a,
                const std::function<std::uint64_t(std::size_t)>& skip_b, std::size_t max_cells) {
  Alignment out;
  if (n + 1 > max_cells / (m + 1)) {
    const std::size_t common = std::min(n, m);
    for (std::size_t k = 0; k < common; ++k) {
      out.steps.push_back(Step::kPair);
      out.cost += pair_cost(k, k);
    }
    for (std::size_t i = common; i < n; ++i) {
      out.steps.push_back(Step::kSkipA);
      out.cost += skip_a(i);
    }
    for (std::size_t j = common; j < m; ++j) {
      out.steps.push_back(Step::kSkipB);
      out.cost += skip_b(j);
    }
    return out;
  }
  // cost[i][j]: the cheapest way through A[i..] and B[j..] (suffixes), so the walk from
  // (0, 0) can pick its steps front to back.
  const std::size_t width = m + 1;
  std::vector<std::uint64_t> cost((n + 1) * width, 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint64_t& {
    return cost[i * width + j];
  };
  for (std::size_t i = n + 1; i-- > 0;) {
    for (std::size_t j = m + 1; j-- > 0;) {
      if (i == n && j == m) continue;
      std::uint64_t best = UINT64_MAX;
      if (i < n && j < m) best = pair_cost(i, j) + at(i + 1, j + 1);
      if (j < m) best = std::min(best, skip_b(j) + at(i, j + 1));
      if (i < n) best = std::min(best, skip_a(i) + at(i + 1, j));
      at(i, j) = best;
    }
  }
  out.cost = at(0, 0);
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && at(i, j) == pair_cost(i, j) + at(i + 1, j + 1)) {
      out.steps.push_back(Step::kPair);
      ++i;
      ++j;
    } else if (j < m && at(i, j) == skip_b(j) + at(i, j + 1)) {
      out.steps.push_back(Step::kSkipB);
      ++j;
    } else {
      out.steps.push_back(Step::kSkipA);
      ++i;
    }
  }
  return out;
}

}  // namespace cometbench::review
