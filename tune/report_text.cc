// The table and CSV forms of a tune report.
#include <algorithm>
#include <functional>
#include <set>

#include "tune/report.h"

namespace cometbench::tune {
namespace {

// One numeric column of the comparison: how to show a value, and which end is best.
struct Column {
  const char* title;
  const char* csv_title;
  std::function<double(const PolicyMetrics&)> value;
  std::function<std::string(const PolicyMetrics&)> text;
  bool higher_is_better = false;
};

std::string integer(std::int64_t v) { return std::to_string(v); }

const std::vector<Column>& columns() {
  static const std::vector<Column> kColumns = {
      {"success", "success_rate", [](const PolicyMetrics& m) { return m.success_rate; },
       [](const PolicyMetrics& m) { return fixed(m.success_rate * 100, 2) + "%"; }, true},
      {"att/op", "attempts_per_operation",
       [](const PolicyMetrics& m) { return m.attempts_per_operation; },
       [](const PolicyMetrics& m) { return fixed(m.attempts_per_operation, 3); }},
      {"requests", "requests",
       [](const PolicyMetrics& m) { return static_cast<double>(m.requests); },
       [](const PolicyMetrics& m) { return integer(m.requests); }},
      {"p50 ms", "latency_p50_ms",
       [](const PolicyMetrics& m) { return static_cast<double>(m.latency_ms.p50); },
       [](const PolicyMetrics& m) { return integer(m.latency_ms.p50); }},
      {"p90 ms", "latency_p90_ms",
       [](const PolicyMetrics& m) { return static_cast<double>(m.latency_ms.p90); },
       [](const PolicyMetrics& m) { return integer(m.latency_ms.p90); }},
      {"p99 ms", "latency_p99_ms",
       [](const PolicyMetrics& m) { return static_cast<double>(m.latency_ms.p99); },
       [](const PolicyMetrics& m) { return integer(m.latency_ms.p99); }},
      {"max ms", "latency_max_ms",
       [](const PolicyMetrics& m) { return static_cast<double>(m.latency_ms.max); },
       [](const PolicyMetrics& m) { return integer(m.latency_ms.max); }},
      {"backoff ms", "total_backoff_ms",
       [](const PolicyMetrics& m) { return static_cast<double>(m.total_backoff_ms); },
       [](const PolicyMetrics& m) { return integer(m.total_backoff_ms); }},
      {"in outage", "requests_in_outages",
       [](const PolicyMetrics& m) { return static_cast<double>(m.requests_in_outages); },
       [](const PolicyMetrics& m) { return integer(m.requests_in_outages); }},
  };
  return kColumns;
}

// Rows of cells, the first column left-aligned and the others right-aligned, two spaces apart.
void write_grid(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(widths[i] - row[i].size(), ' ');
      line += i == 0 ? row[i] + pad : "  " + pad + row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

template <class Key>
std::vector<Key> keys_in_any(const TuneReport& report,
                             std::vector<std::pair<Key, std::int64_t>> PolicyMetrics::*member,
                             bool nonzero_only) {
  std::set<Key> keys;
  for (const PolicyMetrics& m : report.metrics) {
    for (const auto& [key, n] : m.*member) {
      if (!nonzero_only || n != 0) keys.insert(key);
    }
  }
  return {keys.begin(), keys.end()};
}

template <class Key>
std::int64_t count_of(const std::vector<std::pair<Key, std::int64_t>>& counts, Key key) {
  for (const auto& [k, n] : counts) {
    if (k == key) return n;
  }
  return 0;
}

template <class Key>
void write_counts(const TuneReport& report, const char* title,
                  std::vector<std::pair<Key, std::int64_t>> PolicyMetrics::*member,
                  std::ostream& out) {
  const std::vector<Key> keys = keys_in_any(report, member, true);
  std::vector<std::vector<std::string>> rows{{title}};
  for (const Key k : keys) rows[0].emplace_back(client::to_string(k));
  if (keys.empty()) rows[0].emplace_back("(none)");
  for (const PolicyMetrics& m : report.metrics) {
    rows.push_back({m.policy});
    for (const Key k : keys) rows.back().push_back(integer(count_of(m.*member, k)));
  }
  write_grid(rows, out);
}

std::string outage_text(const faults::FaultProfile& profile) {
  if (profile.outages.empty()) return "none";
  std::string text;
  for (const faults::Outage& o : profile.outages) {
    text += (text.empty() ? "" : ", ") + std::string("[") + std::to_string(o.from.count()) + ", " +
            std::to_string(o.to.count()) + ") ms " + step_label(o.step);
  }
  return text;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace

void write_table(const TuneReport& report, std::ostream& out) {
  const TuneRun& run = report.run;
  out << "profile " << run.profile << ": " << run.operations << " operations, one every "
      << report.profile.arrival_interval.count() << " ms of virtual time, seed " << run.seed
      << "; outages: " << outage_text(report.profile) << "\n\n";

  std::vector<std::vector<std::string>> rows{{"policy"}};
  for (const Column& c : columns()) rows[0].emplace_back(c.title);
  for (const PolicyMetrics& m : report.metrics) rows.push_back({m.policy});
  const bool mark = report.metrics.size() > 1;
  for (const Column& c : columns()) {
    double best = 0;
    for (std::size_t i = 0; i < report.metrics.size(); ++i) {
      const double v = c.value(report.metrics[i]);
      if (i == 0 || (c.higher_is_better ? v > best : v < best)) best = v;
    }
    for (std::size_t i = 0; i < report.metrics.size(); ++i) {
      const bool is_best = mark && c.value(report.metrics[i]) == best;
      rows[i + 1].push_back(c.text(report.metrics[i]) + (is_best ? "*" : " "));
    }
  }
  for (std::size_t i = 1; i < rows[0].size(); ++i) rows[0][i] += ' ';  // align with the marks
  write_grid(rows, out);
  out << '\n';
  write_counts(report, "outcomes", &PolicyMetrics::outcomes, out);
  out << '\n';
  write_counts(report, "retry reasons", &PolicyMetrics::retry_reasons, out);
  out << '\n';
  if (mark) out << "* best in its column (success: highest; every other column: lowest)\n";
  out << "latency: virtual ms from an operation's start to its end, nearest-rank percentiles over "
         "all operations; att/op: requests per operation; in outage: requests that reached the "
         "server inside an outage window\n";
}

void write_csv(const TuneReport& report, std::ostream& out) {
  const auto outcomes = keys_in_any(report, &PolicyMetrics::outcomes, false);
  const auto reasons = keys_in_any(report, &PolicyMetrics::retry_reasons, true);
  std::string header = "policy,operations";
  for (const Column& c : columns()) header += std::string(",") + c.csv_title;
  for (const auto o : outcomes) header += ",outcome_" + std::string(client::to_string(o));
  for (const auto r : reasons) header += ",retry_reason_" + std::string(client::to_string(r));
  out << header << "\n";
  for (const PolicyMetrics& m : report.metrics) {
    std::string line = csv_field(m.policy) + "," + integer(m.operations) + "," +
                       shortest(m.success_rate) + "," + shortest(m.attempts_per_operation);
    // The remaining columns are integers; the table's text for them is the plain number.
    for (std::size_t i = 2; i < columns().size(); ++i) line += "," + columns()[i].text(m);
    for (const auto o : outcomes) line += "," + integer(count_of(m.outcomes, o));
    for (const auto r : reasons) line += "," + integer(count_of(m.retry_reasons, r));
    out << line << "\n";
  }
}

}  // namespace cometbench::tune
