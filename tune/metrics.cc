#include "tune/metrics.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace cometbench::tune {

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, int percent) {
  if (sorted.empty()) return 0;
  const auto n = static_cast<std::int64_t>(sorted.size());
  const std::int64_t p = std::clamp(percent, 1, 100);
  // ceil(p * n / 100) in integers, so no rounding of a double can move the rank.
  const std::int64_t rank = (p * n + 99) / 100;
  return sorted[static_cast<std::size_t>(std::max<std::int64_t>(rank, 1) - 1)];
}

std::vector<std::int64_t> sorted_latencies(const PolicyRun& run) {
  std::vector<std::int64_t> latencies;
  latencies.reserve(run.operations.size());
  for (const OperationResult& op : run.operations) latencies.push_back(op.latency_ms);
  std::sort(latencies.begin(), latencies.end());
  return latencies;
}

PolicyMetrics metrics_of(const PolicyRun& run) {
  using client::Outcome;
  PolicyMetrics m;
  m.policy = run.policy;
  m.operations = static_cast<std::int64_t>(run.operations.size());
  std::map<Outcome, std::int64_t> outcomes;
  std::map<client::RetryReason, std::int64_t> reasons;  // enum order
  for (const OperationResult& op : run.operations) {
    ++outcomes[op.outcome];
    m.requests += op.attempts;
    m.total_backoff_ms += op.backoff_ms;
    m.requests_in_outages += op.requests_in_outages;
    for (const client::RetryReason r : op.reasons) ++reasons[r];
  }
  m.successes = outcomes[Outcome::success];
  if (m.operations > 0) {
    m.success_rate = static_cast<double>(m.successes) / static_cast<double>(m.operations);
    m.attempts_per_operation = static_cast<double>(m.requests) / static_cast<double>(m.operations);
  }
  const std::vector<std::int64_t> latencies = sorted_latencies(run);
  m.latency_ms = {nearest_rank(latencies, 50), nearest_rank(latencies, 90),
                  nearest_rank(latencies, 99), latencies.empty() ? 0 : latencies.back()};
  for (const Outcome o : {Outcome::success, Outcome::caller_error, Outcome::auth_error,
                          Outcome::transient_failure, Outcome::cancelled, Outcome::unknown}) {
    m.outcomes.emplace_back(o, outcomes[o]);
  }
  m.retry_reasons.assign(reasons.begin(), reasons.end());
  m.peak_in_flight = static_cast<std::int64_t>(run.peak_in_flight);
  return m;
}

namespace {

nlohmann::ordered_json json_of(const LatencySummary& v) {
  return {{"p50", v.p50}, {"p90", v.p90}, {"p99", v.p99}, {"max", v.max}};
}

template <class Key>
nlohmann::ordered_json json_of(const std::vector<std::pair<Key, std::int64_t>>& counts) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, n] : counts) out[std::string(client::to_string(key))] = n;
  return out;
}

}  // namespace

void PrintTo(const LatencySummary& value, std::ostream* out) { *out << json_of(value).dump(); }

void PrintTo(const PolicyMetrics& v, std::ostream* out) {
  *out << nlohmann::ordered_json{{"policy", v.policy},
                                 {"operations", v.operations},
                                 {"successes", v.successes},
                                 {"success_rate", v.success_rate},
                                 {"attempts_per_operation", v.attempts_per_operation},
                                 {"requests", v.requests},
                                 {"latency_ms", json_of(v.latency_ms)},
                                 {"total_backoff_ms", v.total_backoff_ms},
                                 {"outcomes", json_of(v.outcomes)},
                                 {"retry_reasons", json_of(v.retry_reasons)},
                                 {"requests_in_outages", v.requests_in_outages},
                                 {"peak_in_flight", v.peak_in_flight}}
              .dump();
}

void PrintTo(const OperationResult& v, std::ostream* out) {
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  for (const client::RetryReason r : v.reasons) reasons.push_back(client::to_string(r));
  *out << nlohmann::ordered_json{{"outcome", client::to_string(v.outcome)},
                                 {"attempts", v.attempts},
                                 {"arrival_ms", v.arrival_ms},
                                 {"latency_ms", v.latency_ms},
                                 {"backoff_ms", v.backoff_ms},
                                 {"requests_in_outages", v.requests_in_outages},
                                 {"reasons", reasons}}
              .dump();
}

void PrintTo(const ServedStep& v, std::ostream* out) {
  *out << nlohmann::ordered_json{{"operation", v.operation},
                                 {"attempt", v.attempt},
                                 {"step", v.step},
                                 {"in_outage", v.in_outage}}
              .dump();
}

}  // namespace cometbench::tune
