#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "review/collector.h"
#include "review/record_checks.h"

namespace cometbench::review {

/// Checks across the records of each operation of one log: attempt indexes (zero-based or
/// one-based, one convention per operation), retry decisions against what followed, times
/// that cannot be true, and the summary against its attempts. Operations may interleave.
/// Feed records in log order, then call `finish()` once.
class OperationChecks {
 public:
  explicit OperationChecks(Collector& out) : out_(out) {}

  void add_attempt(std::size_t line, const AttemptFacts& attempt);
  void add_summary(std::size_t line, const SummaryFacts& summary);

  /// Reports what can only be known at the end of the log (last attempts, summaries).
  void finish();

  std::size_t operation_count() const { return operations_.size(); }

  /// One attempt as the journal comparison sees it.
  struct AttemptView {
    std::size_t line;
    const AttemptFacts* facts;
  };
  struct OperationView {
    const std::string* id;
    std::vector<AttemptView> attempts;  // in log order
  };
  /// The operations in order of first appearance; valid until this object changes.
  std::vector<OperationView> operations() const;

 private:
  struct Attempt {
    std::size_t line;
    AttemptFacts facts;
  };
  struct Operation {
    std::string id;
    std::vector<Attempt> attempts;
    std::map<std::int64_t, std::size_t> index_lines;  // attempt_index -> first line
    std::optional<std::int64_t> highest_index;
    std::optional<std::int64_t> first_index;  // sets the convention: 0 zero-based, else one-based
    std::optional<std::size_t> first_index_line;
    std::optional<std::size_t> summary_line;
    SummaryFacts summary;
  };

  Operation& operation(const std::string& id);
  void check_index(Operation& op, std::size_t line, std::int64_t index);
  void check_attempts(const Operation& op);
  void check_times(const Operation& op);
  void check_summary(const Operation& op);
  void add(std::size_t line, std::string_view rule, const Operation& op, const std::string& text);

  Collector& out_;
  std::vector<Operation> operations_;  // in order of first appearance
  std::unordered_map<std::string, std::size_t> by_id_;
};

}  // namespace cometbench::review
