#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "client/record_types.h"
#include "tune/engine.h"

namespace cometbench::tune {

/// The nearest-rank percentile of `sorted` (ascending): the value at 1-based rank
/// ceil(percent / 100 * n), i.e. the smallest value that at least `percent`% of the values do
/// not exceed. Always one of the values; 0 for an empty list. `percent` in 1..100.
std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent);

struct LatencySummary {
  std::int64_t p50 = 0;
  std::int64_t p90 = 0;
  std::int64_t p99 = 0;
  std::int64_t max = 0;
  friend bool operator==(const LatencySummary&, const LatencySummary&) = default;
};

/// One policy's figures, as every report format shows them.
struct PolicyMetrics {
  std::string policy;
  std::int64_t operations = 0;
  std::int64_t successes = 0;
  double success_rate = 0;            ///< successes / operations
  double attempts_per_operation = 0;  ///< requests / operations: the load amplification
  std::int64_t requests = 0;          ///< attempts over all operations: requests sent
  LatencySummary latency_ms;          ///< virtual, operation start to end, every operation
  std::int64_t total_backoff_ms = 0;
  /// Every outcome class in record order (success, caller_error, auth_error,
  /// transient_failure, cancelled, unknown), zeros included.
  std::vector<std::pair<client::Outcome, std::int64_t>> outcomes;
  /// Counts of each attempt's retry_reason; only reasons that occurred, in declaration order.
  std::vector<std::pair<client::RetryReason, std::int64_t>> retry_reasons;
  std::int64_t requests_in_outages = 0;  ///< requests that reached the server in an outage
  std::int64_t peak_in_flight = 0;       ///< the most operations in flight at once
  friend bool operator==(const PolicyMetrics&, const PolicyMetrics&) = default;
};

PolicyMetrics metrics_of(const PolicyRun& run);

/// Operation latencies in ascending order.
std::vector<std::int64_t> sorted_latencies(const PolicyRun& run);

// gtest printers: one line of JSON each.
void PrintTo(const LatencySummary& value, std::ostream* out);
void PrintTo(const PolicyMetrics& value, std::ostream* out);
void PrintTo(const OperationResult& value, std::ostream* out);
void PrintTo(const ServedStep& value, std::ostream* out);

}  // namespace cometbench::tune
