#include "runner/policy_compare.h"

#include <array>
#include <map>

#include "client/record_writers.h"
#include "runner/discovery.h"
#include "runner/parallel.h"
#include "runner/suite.h"

namespace cometbench::runner {
namespace fs = std::filesystem;

namespace {

using client::AttemptRecord;

// Values as the JSONL records write them, so a difference reads like the records.
std::string status_text(const std::optional<int>& status) {
  return status ? std::to_string(*status) : "null";
}

std::string in_quotes(std::string_view token) { return "\"" + std::string(token) + "\""; }

struct ComparedField {
  const char* name;
  std::string (*text)(const AttemptRecord&);
};

// The fields that carry a decision or its cause, in record order. attempt_start_ms is left out:
// it only follows from earlier durations and backoffs, which are compared themselves.
constexpr std::array<ComparedField, 7> kComparedFields{{
    {"http_response_status_code",
     [](const AttemptRecord& r) { return status_text(r.http_response_status_code); }},
    {"error_type",
     [](const AttemptRecord& r) { return r.error_type ? in_quotes(r.error_type->str()) : "null"; }},
    {"retry_decision",
     [](const AttemptRecord& r) { return in_quotes(client::to_string(r.retry_decision)); }},
    {"retry_reason",
     [](const AttemptRecord& r) { return in_quotes(client::to_string(r.retry_reason)); }},
    {"backoff_ms", [](const AttemptRecord& r) { return std::to_string(r.backoff.count()); }},
    {"final_outcome",
     [](const AttemptRecord& r) { return in_quotes(client::to_string(r.final_outcome)); }},
    {"attempt_duration_ms",
     [](const AttemptRecord& r) { return std::to_string(r.attempt_duration.count()); }},
}};

// Attempts per operation id, operations in the order they first appear.
struct Attempts {
  std::vector<std::string> operations;
  std::map<std::string, std::vector<const AttemptRecord*>> by_operation;
};

Attempts attempts_of(const std::vector<Record>& records) {
  Attempts out;
  for (const Record& record : records) {
    if (const auto* a = std::get_if<AttemptRecord>(&record)) {
      auto [it, inserted] = out.by_operation.try_emplace(a->operation_id.str());
      if (inserted) out.operations.push_back(a->operation_id.str());
      it->second.push_back(a);
    }
  }
  return out;
}

PolicyComparison compare_one(const fs::path& file, const client::RetryPolicy& candidate) {
  PolicyComparison c;
  c.file = file;
  c.name = file.stem().string();
  try {
    LoadedScenario loaded = load_scenario(file);
    c.baseline = run_scenario(loaded);
    loaded.policy = candidate;
    c.candidate = run_scenario(loaded);
  } catch (const std::exception& e) {
    // FixtureError and PolicyError already read `FILE: POINTER: MESSAGE`.
    c.error = e.what();
    c.baseline.reset();
    c.candidate.reset();
    return c;
  }
  c.difference = first_difference(c.baseline->records, c.candidate->records);
  c.review_findings = review_findings(*c.candidate, c.name);
  return c;
}

}  // namespace

RunTotals totals_of(const std::vector<Record>& records) {
  RunTotals t;
  for (const Record& record : records) {
    if (const auto* s = std::get_if<client::SummaryRecord>(&record)) {
      ++t.operations;
      t.attempts += s->attempts;
      t.successes += s->final_outcome == client::Outcome::success;
      t.outcomes.push_back(s->final_outcome);
      t.statuses.push_back(s->final_http_response_status_code);
      t.total_backoff += s->total_backoff;
      t.elapsed += s->elapsed;
    }
  }
  return t;
}

std::optional<Difference> first_difference(const std::vector<Record>& baseline,
                                           const std::vector<Record>& candidate) {
  const Attempts base = attempts_of(baseline);
  const Attempts cand = attempts_of(candidate);
  std::vector<std::string> operations = base.operations;
  for (const std::string& id : cand.operations) {
    if (!base.by_operation.contains(id)) operations.push_back(id);
  }
  static const std::vector<const AttemptRecord*> kNone;
  for (const std::string& id : operations) {
    const auto b_it = base.by_operation.find(id);
    const auto c_it = cand.by_operation.find(id);
    const auto& b = b_it == base.by_operation.end() ? kNone : b_it->second;
    const auto& c = c_it == cand.by_operation.end() ? kNone : c_it->second;
    for (std::size_t i = 0; i < std::max(b.size(), c.size()); ++i) {
      const int index = static_cast<int>(i) + 1;
      if (i >= b.size() || i >= c.size()) {
        return Difference{id, index, "attempt", i < b.size() ? "made" : "(none)",
                          i < c.size() ? "made" : "(none)"};
      }
      for (const ComparedField& field : kComparedFields) {
        std::string was = field.text(*b[i]);
        std::string is = field.text(*c[i]);
        if (was != is) return Difference{id, index, field.name, std::move(was), std::move(is)};
      }
    }
  }
  return std::nullopt;
}

std::vector<PolicyComparison> compare_policies(const std::vector<fs::path>& files,
                                               const client::RetryPolicy& candidate,
                                               const CompareOptions& options) {
  std::vector<fs::path> chosen;
  for (const fs::path& file : files) {
    // load_scenario() insists the name equals the file's, so the filter can look before parsing.
    if (matches_filter(file.stem().string(), options.filter)) chosen.push_back(file);
  }
  std::vector<PolicyComparison> out(chosen.size());
  for_each_index(chosen.size(), options.jobs,
                 [&](std::size_t i) { out[i] = compare_one(chosen[i], candidate); });
  return out;
}

int exit_code_for(const std::vector<PolicyComparison>& comparisons) {
  int code = 0;
  for (const PolicyComparison& c : comparisons) {
    if (!c.error.empty()) return 2;
    if (!c.review_findings.empty()) code = 1;
  }
  return code;
}

}  // namespace cometbench::runner
