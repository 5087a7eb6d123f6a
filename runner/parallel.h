#pragma once

#include <cstddef>
#include <functional>

namespace cometbench::runner {

/// Calls `task(i)` once for every i in [0, count), on up to `jobs` threads (0: one per core;
/// never more threads than tasks), the calling thread included. Returns when every task has
/// run. `task` must be safe to call from several threads at once for different i.
void for_each_index(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task);

}  // namespace cometbench::runner
