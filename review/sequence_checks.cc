#include "review/sequence_checks.h"

#include <limits>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

std::string name_of(const AttemptFacts& a) {
  return a.attempt_index ? "attempt_index " + std::to_string(*a.attempt_index) : "the attempt";
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string next_of(std::int64_t index) {
  // Guarded so a hostile attempt_index of INT64_MAX cannot overflow.
  return index == std::numeric_limits<std::int64_t>::max() ? "none" : std::to_string(index + 1);
}

}  // namespace

OperationChecks::Operation& OperationChecks::operation(const std::string& id) {
  const auto [it, inserted] = by_id_.try_emplace(id, operations_.size());
  if (inserted) operations_.push_back(Operation{id, {}, {}, {}, {}, {}});
  return operations_[it->second];
}

void OperationChecks::add(std::size_t line, std::string_view rule, const Operation& op,
                          const std::string& text) {
  out_.add(line, rule, "operation " + quote_safe(op.id) + ": " + text);
}

void OperationChecks::add_attempt(std::size_t line, const AttemptFacts& attempt) {
  if (!attempt.operation_id) return;  // already reported; it belongs to no operation
  Operation& op = operation(*attempt.operation_id);
  if (op.summary_line) {
    add(line, rules::kAttemptAfterSummary, op,
        name_of(attempt) + " comes after the operation's summary (line " +
            std::to_string(*op.summary_line) + ")");
  }
  if (attempt.attempt_index) check_index(op, line, *attempt.attempt_index);
  op.attempts.push_back(Attempt{line, attempt});
}

void OperationChecks::check_index(Operation& op, std::size_t line, std::int64_t index) {
  const std::string name = "attempt_index " + std::to_string(index);
  if (const auto seen = op.index_lines.find(index); seen != op.index_lines.end()) {
    add(line, rules::kAttemptIndexDuplicate, op,
        name + " appears again (first on line " + std::to_string(seen->second) + ")");
    return;
  }
  op.index_lines.emplace(index, line);
  if (!op.highest_index) {
    if (index != 1) {
      add(line, rules::kAttemptIndexStart, op,
          "first attempt has " + name + " (expected 1; earlier attempts are missing)");
    }
  } else if (const std::int64_t highest = *op.highest_index;
             highest == std::numeric_limits<std::int64_t>::max() || index != highest + 1) {
    add(line, index > highest ? rules::kAttemptIndexGap : rules::kAttemptIndexOrder, op,
        name + " follows " + std::to_string(highest) + " (expected " + next_of(highest) + ")");
  }
  if (!op.highest_index || index > *op.highest_index) op.highest_index = index;
}

void OperationChecks::add_summary(std::size_t line, const SummaryFacts& summary) {
  if (!summary.operation_id) return;
  Operation& op = operation(*summary.operation_id);
  if (op.summary_line) {
    add(line, rules::kSummaryDuplicate, op,
        "second summary (first on line " + std::to_string(*op.summary_line) + ")");
    return;
  }
  op.summary_line = line;
  op.summary = summary;
}

void OperationChecks::finish() {
  for (const Operation& op : operations_) {
    check_attempts(op);
    check_summary(op);
  }
}

void OperationChecks::check_attempts(const Operation& op) {
  // Another attempt follows exactly when the client decided to retry (DESIGN.md section 5).
  for (std::size_t i = 0; i + 1 < op.attempts.size(); ++i) {
    const Attempt& a = op.attempts[i];
    if (a.facts.retry_decision && *a.facts.retry_decision != "retried") {
      add(a.line, rules::kRetryNotMarked, op,
          name_of(a.facts) + " is followed by another attempt (line " +
              std::to_string(op.attempts[i + 1].line) + ") but says " +
              quoted(*a.facts.retry_decision) + " (expected \"retried\")");
    }
  }
  if (op.attempts.empty()) return;
  const Attempt& last = op.attempts.back();
  if (last.facts.retry_decision == "retried") {
    add(last.line, rules::kLastAttemptRetried, op,
        "the last attempt (" + name_of(last.facts) + ") says \"retried\" but no attempt follows");
  }
  if (!op.summary_line) {
    add(last.line, rules::kSummaryMissing, op,
        "no summary record after its " + count_of(op.attempts.size(), "attempt", "attempts"));
  }
}

void OperationChecks::check_summary(const Operation& op) {
  if (!op.summary_line) return;
  const std::size_t line = *op.summary_line;
  const SummaryFacts& s = op.summary;
  if (s.attempts && static_cast<std::uint64_t>(*s.attempts) != op.attempts.size()) {
    add(line, rules::kSummaryAttemptsMismatch, op,
        "summary says " + count_of(static_cast<std::size_t>(*s.attempts), "attempt", "attempts") +
            " but the log has " +
            count_of(op.attempts.size(), "attempt record", "attempt records"));
  }
  if (op.attempts.empty()) return;
  const Attempt& last = op.attempts.back();
  const std::string from_last = " (line " + std::to_string(last.line) + ")";
  if (s.final_status.known && last.facts.status.known &&
      s.final_status.code != last.facts.status.code) {
    add(line, rules::kSummaryStatusMismatch, op,
        "summary final_http_response_status_code " + s.final_status.text +
            " differs from the last attempt's http_response_status_code " + last.facts.status.text +
            from_last);
  }
  if (s.final_outcome && last.facts.final_outcome &&
      *s.final_outcome != *last.facts.final_outcome) {
    add(line, rules::kSummaryOutcomeMismatch, op,
        "summary final_outcome " + quoted(*s.final_outcome) + " differs from the last attempt's " +
            quoted(*last.facts.final_outcome) + from_last);
  }
  if (!s.total_backoff_ms) return;
  std::int64_t sum = 0;
  for (const Attempt& a : op.attempts) {
    // An unknown decision or backoff (already reported) or an overflowing sum makes the
    // comparison meaningless: skip it rather than report a second, derived finding.
    if (!a.facts.retry_decision) return;
    if (*a.facts.retry_decision != "retried") continue;
    if (!a.facts.backoff_ms || __builtin_add_overflow(sum, *a.facts.backoff_ms, &sum)) return;
  }
  if (sum != *s.total_backoff_ms) {
    add(line, rules::kSummaryBackoffMismatch, op,
        "summary total_backoff_ms " + std::to_string(*s.total_backoff_ms) +
            " differs from the sum of the retried attempts' backoff_ms, " + std::to_string(sum));
  }
}

}  // namespace cometbench::review
