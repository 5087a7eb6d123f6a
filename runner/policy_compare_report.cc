// The readable form of `cometbench run --policy` (docs/cli.md).
#include <algorithm>
#include <array>

#include "json/printable.h"
#include "runner/policy_compare.h"

namespace cometbench::runner {
namespace {

using Row = std::array<std::string, 7>;

const Row kHeader{"scenario",   "attempts",   "outcome",         "status",
                  "backoff ms", "elapsed ms", "first difference"};

// "3" when both runs agree, "3 -> 4" when they differ.
std::string both(const std::string& baseline, const std::string& candidate) {
  return baseline == candidate ? baseline : baseline + " -> " + candidate;
}

std::string status_text(const std::optional<int>& status) {
  return status ? std::to_string(*status) : "-";
}

// One operation: its outcome; several: "2 success, 1 transient_failure" in first-seen order.
std::string outcomes_text(const RunTotals& t) {
  if (t.outcomes.size() == 1) return std::string(client::to_string(t.outcomes.front()));
  std::vector<std::pair<client::Outcome, int>> counts;
  for (client::Outcome o : t.outcomes) {
    auto it =
        std::find_if(counts.begin(), counts.end(), [o](const auto& c) { return c.first == o; });
    if (it == counts.end()) {
      counts.emplace_back(o, 1);
    } else {
      ++it->second;
    }
  }
  std::string out;
  for (const auto& [outcome, n] : counts) {
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " +
           std::string(client::to_string(outcome));
  }
  return out.empty() ? "-" : out;
}

// Each operation's final status, "200" or "200/429/200".
std::string statuses_text(const RunTotals& t) {
  std::string out;
  for (const auto& s : t.statuses) out += (out.empty() ? "" : "/") + status_text(s);
  return out.empty() ? "-" : out;
}

std::string difference_text(const PolicyComparison& c, const RunTotals& baseline) {
  if (!c.difference) return "-";
  const Difference& d = *c.difference;
  // The operation id matters only when the scenario runs several operations.
  const std::string where =
      (baseline.operations > 1 ? d.operation_id + " " : "") + "#" + std::to_string(d.attempt_index);
  return where + " " + d.field + ": " + d.baseline + " -> " + d.candidate;
}

Row row_for(const PolicyComparison& c) {
  // A file name can hold bytes a terminal would act on.
  const std::string name = json::printable(c.name);
  if (!c.error.empty()) return {name, "-", "-", "-", "-", "-", "(did not load)"};
  const RunTotals b = totals_of(c.baseline->records);
  const RunTotals k = totals_of(c.candidate->records);
  return {name,
          both(std::to_string(b.attempts), std::to_string(k.attempts)),
          both(outcomes_text(b), outcomes_text(k)),
          both(statuses_text(b), statuses_text(k)),
          both(std::to_string(b.total_backoff.count()), std::to_string(k.total_backoff.count())),
          both(std::to_string(b.elapsed.count()), std::to_string(k.elapsed.count())),
          difference_text(c, b)};
}

void write_rows(const std::vector<Row>& rows, std::ostream& out) {
  std::array<std::size_t, 7> width{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out << line << '\n';
  }
}

void write_totals(const std::vector<PolicyComparison>& comparisons, std::ostream& out) {
  RunTotals b;
  RunTotals k;
  std::size_t differ = 0;
  std::size_t errors = 0;
  std::size_t review = 0;
  for (const PolicyComparison& c : comparisons) {
    if (!c.error.empty()) {
      ++errors;
      continue;
    }
    differ += c.difference.has_value();
    review += !c.review_findings.empty();
    for (auto [from, into] : {std::pair{&c.baseline, &b}, std::pair{&c.candidate, &k}}) {
      const RunTotals t = totals_of((*from)->records);
      into->operations += t.operations;
      into->attempts += t.attempts;
      into->successes += t.successes;
      into->total_backoff += t.total_backoff;
      into->elapsed += t.elapsed;
    }
  }
  out << comparisons.size() - errors << " scenarios compared, " << differ << " differ; operations "
      << b.operations << ", successes "
      << both(std::to_string(b.successes), std::to_string(k.successes)) << ", attempts "
      << both(std::to_string(b.attempts), std::to_string(k.attempts)) << ", backoff "
      << both(std::to_string(b.total_backoff.count()), std::to_string(k.total_backoff.count()))
      << " ms, elapsed "
      << both(std::to_string(b.elapsed.count()), std::to_string(k.elapsed.count())) << " ms";
  if (review != 0) out << "; " << review << " break the review checklist";
  if (errors != 0) out << "; " << errors << (errors == 1 ? " error" : " errors");
  out << '\n';
}

}  // namespace

void write_comparison(const std::vector<PolicyComparison>& comparisons,
                      const std::string& candidate_label, std::ostream& out) {
  out << "policy comparison: baseline = each scenario's own policy, candidate = " << candidate_label
      << " (goldens are not compared in this mode)\n";
  std::vector<Row> rows{kHeader};
  for (const PolicyComparison& c : comparisons) rows.push_back(row_for(c));
  write_rows(rows, out);
  for (const PolicyComparison& c : comparisons) {
    const std::string name = json::printable(c.name);
    if (!c.error.empty()) out << "ERROR " << name << ": " << json::printable(c.error) << '\n';
    if (!c.review_findings.empty()) {
      out << "FAIL " << name << ": the candidate's records break the review checklist:\n"
          << json::printable_lines(c.review_findings) << '\n';
    }
  }
  write_totals(comparisons, out);
}

}  // namespace cometbench::runner
