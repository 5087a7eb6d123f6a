#include "review/journal_check.h"

#include <algorithm>
#include <string>

#include "review/alignment.h"
#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

using Attempt = OperationChecks::AttemptView;
using Requests = std::vector<const JournalRequest*>;

// Operation pairing runs an attempt alignment per candidate pair; this bounds that work.
constexpr std::size_t kMaxOperationCells = std::size_t{1} << 20U;

std::string status_words(const std::optional<std::int64_t>& status) {
  return status ? "status " + std::to_string(*status) : "no status";
}

std::string request_words(const JournalRequest& r) {
  std::string out = "request seq " + std::to_string(r.seq) + " (" + status_words(r.status);
  if (r.retry_count) out += ", retry count " + std::to_string(*r.retry_count);
  return out + ")";
}

std::string attempt_name(const Attempt& a) {
  return a.facts->attempt_index ? "attempt_index " + std::to_string(*a.facts->attempt_index)
                                : std::string("the attempt");
}

// A status the log could not state (a wrong type, already reported) matches anything.
bool same_status(const Attempt& a, const JournalRequest& r) {
  return !a.facts->status.known || a.facts->status.code == r.status;
}

Alignment align_attempts(const std::vector<Attempt>& log, const Requests& requests) {
  return align(
      log.size(), requests.size(),
      [&](std::size_t i, std::size_t j) -> std::uint64_t {
        return same_status(log[i], *requests[j]) ? 0 : 1;
      },
      [](std::size_t) -> std::uint64_t { return 1; },
      [](std::size_t) -> std::uint64_t { return 1; });
}

// Reports what differs between the attempts of one operation (or of the whole log) and the
// requests paired with them. `names` maps an attempt to the operation named in messages.
void report(const std::vector<Attempt>& log, const Requests& requests,
            const std::vector<const std::string*>& names, const std::string& counts,
            Collector& out) {
  const Alignment alignment = align_attempts(log, requests);
  std::size_t i = 0;
  std::size_t j = 0;
  const auto prefix = [&](std::size_t k) {
    return k < names.size() ? "operation " + quote_safe(*names[k]) + ": " : std::string();
  };
  for (const Step step : alignment.steps) {
    if (step == Step::kPair) {
      if (!same_status(log[i], *requests[j])) {
        out.add(log[i].line, rules::kJournalStatusMismatch,
                prefix(i) + attempt_name(log[i]) + " has " +
                    status_words(log[i].facts->status.code) +
                    " but the mock answered request seq " + std::to_string(requests[j]->seq) +
                    " with " + status_words(requests[j]->status));
      }
      ++i;
      ++j;
    } else if (step == Step::kSkipA) {
      out.add(log[i].line, rules::kJournalRecordWithoutRequest,
              prefix(i) + attempt_name(log[i]) + " (" + status_words(log[i].facts->status.code) +
                  ") matches no request the mock received (" + counts + ")");
      ++i;
    } else {
      // Attached to the attempt it would have come before, else to the last one.
      const std::size_t near = i < log.size() ? i : log.size() - 1;
      out.add(log.empty() ? 0 : log[near].line, rules::kJournalRequestUnrecorded,
              (log.empty() ? std::string() : prefix(near)) + "the mock received " +
                  request_words(*requests[j]) + " that no attempt record shows (" + counts + ")");
      ++j;
    }
  }
}

std::string counts_of(std::size_t attempts, std::size_t requests) {
  return count_of(attempts, "attempt record", "attempt records") + ", " +
         count_of(requests, "request", "requests");
}

// docs/review.md: a retry count of 0 (or none) starts an operation; count n continues the
// latest operation of the same session that has n requests so far.
std::vector<Requests> group_by_retry_count(const std::vector<JournalRequest>& journal) {
  std::vector<Requests> groups;
  for (const JournalRequest& r : journal) {
    Requests* home = nullptr;
    if (r.retry_count && *r.retry_count > 0) {
      for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
        if (it->front()->session == r.session &&
            it->size() == static_cast<std::uint64_t>(*r.retry_count)) {
          home = &*it;
          break;
        }
      }
    }
    if (home == nullptr) {
      groups.emplace_back();
      home = &groups.back();
    }
    home->push_back(&r);
  }
  return groups;
}

void report_unrecorded_operation(const Requests& group, Collector& out) {
  const std::string which = group.size() == 1
                                ? request_words(*group.front())
                                : "requests seq " + std::to_string(group.front()->seq) + " to " +
                                      std::to_string(group.back()->seq) + " (" +
                                      std::to_string(group.size()) + ")";
  out.add(0, rules::kJournalOperationUnrecorded,
          "the mock received " + which + " that no operation in the log records");
}

void check_grouped(const std::vector<OperationChecks::OperationView>& ops,
                   const std::vector<Requests>& groups, Collector& out) {
  const auto size_of = [&](std::size_t i) -> std::uint64_t { return ops[i].attempts.size(); };
  const auto group_size = [&](std::size_t j) -> std::uint64_t { return groups[j].size(); };
  const Alignment pairing = align(
      ops.size(), groups.size(),
      [&](std::size_t i, std::size_t j) { return align_attempts(ops[i].attempts, groups[j]).cost; },
      size_of, group_size, kMaxOperationCells);
  std::size_t i = 0;
  std::size_t j = 0;
  for (const Step step : pairing.steps) {
    if (step == Step::kSkipB) {
      report_unrecorded_operation(groups[j++], out);
      continue;
    }
    const auto& op = ops[i++];
    const Requests none;
    const Requests& requests = step == Step::kPair ? groups[j++] : none;
    const std::vector<const std::string*> names(op.attempts.size(), op.id);
    report(op.attempts, requests, names, counts_of(op.attempts.size(), requests.size()), out);
  }
}

}  // namespace

void check_against_journal(const std::vector<OperationChecks::OperationView>& operations,
                           const std::vector<JournalRequest>& journal, Collector& out) {
  std::vector<OperationChecks::OperationView> ops;
  for (const auto& op : operations) {
    if (!op.attempts.empty()) ops.push_back(op);
  }
  const bool counted = std::any_of(journal.begin(), journal.end(), [](const JournalRequest& r) {
    return r.retry_count.has_value();
  });
  if (counted) {
    check_grouped(ops, group_by_retry_count(journal), out);
    return;
  }
  // No retry counts: every attempt of the log, in the order written, against every request.
  std::vector<std::pair<Attempt, const std::string*>> all;
  for (const auto& op : ops) {
    for (const Attempt& a : op.attempts) all.emplace_back(a, op.id);
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.first.line < b.first.line; });
  std::vector<Attempt> log;
  std::vector<const std::string*> names;
  for (const auto& [attempt, name] : all) {
    log.push_back(attempt);
    names.push_back(name);
  }
  Requests requests;
  for (const JournalRequest& r : journal) requests.push_back(&r);
  report(log, requests, names,
         "the log has " + count_of(log.size(), "attempt record", "attempt records") +
             ", the journal " + count_of(requests.size(), "request", "requests"),
         out);
}

}  // namespace cometbench::review
