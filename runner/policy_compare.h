#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "client/policy.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {

/// What the operations of one run of a scenario add up to.
struct RunTotals {
  int operations = 0;
  int attempts = 0;
  int successes = 0;                           ///< operations whose outcome is success
  std::vector<client::Outcome> outcomes;       ///< per operation, in order
  std::vector<std::optional<int>> statuses;    ///< each operation's final status
  std::chrono::milliseconds total_backoff{0};  ///< summed over operations
  std::chrono::milliseconds elapsed{0};        ///< summed over operations
  friend bool operator==(const RunTotals&, const RunTotals&) = default;
};

RunTotals totals_of(const std::vector<Record>& records);

/// The first attempt field in which two runs of the same scenario differ.
struct Difference {
  std::string operation_id;
  int attempt_index = 1;
  std::string field;      ///< a record field name, or "attempt" when only one run made it
  std::string baseline;   ///< the value as the JSONL record writes it, or "(none)"
  std::string candidate;  ///< likewise
  friend bool operator==(const Difference&, const Difference&) = default;
};

/// Compares the attempt records of two runs operation by operation, attempt by attempt, in the
/// fields that carry a decision or its cause (status, error_type, retry_decision, retry_reason,
/// backoff_ms, final_outcome, attempt_duration_ms). nullopt when they agree.
std::optional<Difference> first_difference(const std::vector<Record>& baseline,
                                           const std::vector<Record>& candidate);

/// One scenario run under its own policy (baseline) and under the candidate.
struct PolicyComparison {
  std::filesystem::path file;
  std::string name;
  std::string error;  ///< the load or run error (`FILE: POINTER: MESSAGE`); empty when both ran
  std::optional<ScenarioRun> baseline;
  std::optional<ScenarioRun> candidate;
  std::optional<Difference> difference;
  std::string review_findings;  ///< the candidate's records against the review checklist
};

struct CompareOptions {
  std::string filter;  ///< matches_filter() on the scenario name
  unsigned jobs = 0;   ///< parallel scenarios; 0: one per core
};

/// Runs every scenario file that passes the filter twice, with its own policy and with
/// `candidate` (same operation ids, so records line up), and reviews the candidate's records.
/// Never throws for a bad scenario: its comparison carries the error. Goldens are not read.
std::vector<PolicyComparison> compare_policies(const std::vector<std::filesystem::path>& files,
                                               const client::RetryPolicy& candidate,
                                               const CompareOptions& options);

/// 2 when a scenario did not load or run, else 1 when a candidate run breaks the review
/// checklist, else 0 (a different outcome is what the comparison is for, not a failure).
int exit_code_for(const std::vector<PolicyComparison>& comparisons);

/// The readable report: a header naming the candidate (and saying goldens are not compared),
/// one row per scenario (attempts, outcome, final status, total backoff, elapsed, first
/// difference; "a -> b" where the runs differ), the errors and review findings, then totals.
void write_comparison(const std::vector<PolicyComparison>& comparisons,
                      const std::string& candidate_label, std::ostream& out);

}  // namespace cometbench::runner
