#include "review/sequence_checks.h"

#include <algorithm>
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
  if (inserted) operations_.push_back(Operation{id, {}, {}, {}, {}, {}, {}, {}});
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
    // The guide allows "zero-based or one-based attempt number, with one convention used
    // consistently": the first attempt of an operation sets it.
    op.first_index = index;
    op.first_index_line = line;
    if (index > 1) {
      add(line, rules::kAttemptIndexStart, op,
          "first attempt has " + name +
              " (expected 1, or 0 when zero-based; earlier attempts are missing)");
    }
  } else if (index == 0 && op.first_index != 0) {
    add(line, rules::kAttemptIndexMixed, op,
        name + " in an operation whose first attempt (line " +
            std::to_string(*op.first_index_line) + ") has attempt_index " +
            std::to_string(*op.first_index) +
            ": one convention per operation, zero-based or one-based");
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
    check_times(op);
    check_summary(op);
  }
}

std::vector<OperationChecks::OperationView> OperationChecks::operations() const {
  std::vector<OperationView> views;
  views.reserve(operations_.size());
  for (const Operation& op : operations_) {
    OperationView view{&op.id, {}};
    for (const Attempt& a : op.attempts) view.attempts.push_back(AttemptView{a.line, &a.facts});
    views.push_back(std::move(view));
  }
  return views;
}

void OperationChecks::check_times(const Operation& op) {
  // Only where the optional time fields are present: an attempt cannot start before the one
  // before it ended and waited its planned backoff. Attempts are taken in attempt_index order
  // when the indexes allow it, so records written out of order are not reported twice.
  std::vector<const Attempt*> attempts;
  for (const Attempt& a : op.attempts) attempts.push_back(&a);
  const bool indexed = op.index_lines.size() == attempts.size() &&
                       std::all_of(attempts.begin(), attempts.end(),
                                   [](const Attempt* a) { return a->facts.attempt_index; });
  if (indexed) {
    std::sort(attempts.begin(), attempts.end(), [](const Attempt* a, const Attempt* b) {
      return *a->facts.attempt_index < *b->facts.attempt_index;
    });
  }
  std::optional<std::int64_t> latest_end;
  std::size_t latest_line = 0;
  for (std::size_t i = 0; i < attempts.size(); ++i) {
    const Attempt& cur = *attempts[i];
    const auto& start = cur.facts.attempt_start_ms;
    const auto& duration = cur.facts.attempt_duration_ms;
    std::int64_t end = 0;
    if (start && duration && !__builtin_add_overflow(*start, *duration, &end) &&
        (!latest_end || end > *latest_end)) {
      latest_end = end;
      latest_line = cur.line;
    }
    if (i == 0 || !start) continue;
    const Attempt& prev = *attempts[i - 1];
    const auto& prev_start = prev.facts.attempt_start_ms;
    const auto& prev_duration = prev.facts.attempt_duration_ms;
    const std::int64_t backoff = prev.facts.backoff_ms.value_or(0);
    std::int64_t earliest = 0;
    if (!prev_start || !prev_duration ||
        __builtin_add_overflow(*prev_start, *prev_duration, &earliest) ||
        __builtin_add_overflow(earliest, backoff, &earliest) || *start >= earliest) {
      continue;
    }
    add(cur.line, rules::kAttemptStartsTooEarly, op,
        name_of(cur.facts) + " starts at " + std::to_string(*start) + " ms, before " +
            name_of(prev.facts) + " (line " + std::to_string(prev.line) +
            ") ended and waited its backoff: " + std::to_string(*prev_start) + " + " +
            std::to_string(*prev_duration) + " + " + std::to_string(backoff) + " = " +
            std::to_string(earliest) + " ms");
  }
  if (!op.summary_line || !op.summary.elapsed_ms || !latest_end) return;
  if (*op.summary.elapsed_ms < *latest_end) {
    add(*op.summary_line, rules::kSummaryElapsedTooShort, op,
        "summary elapsed_ms " + std::to_string(*op.summary.elapsed_ms) +
            " is shorter than the operation's attempts: the attempt on line " +
            std::to_string(latest_line) + " ends at " + std::to_string(*latest_end) +
            " ms (attempt_start_ms + attempt_duration_ms)");
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
