// The HTML form of a tune report: one self-contained page with inline CSS and SVG.
#include <algorithm>
#include <cmath>

#include "tune/report.h"
#include "tune/svg_chart.h"

namespace cometbench::tune {
namespace {

constexpr int kChartWidth = 360;
constexpr int kChartHeight = 240;
constexpr std::size_t kMaxCdfPoints = 400;
constexpr std::int64_t kMaxTimeBuckets = 40;

const char* color_of(std::size_t policy) {
  static constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                             "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
  return kPalette[policy % std::size(kPalette)];
}

int decimals_for(double step) {
  return step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
}

// An axis from 0 to at least `max`, in round steps, labelled with `unit`.
ChartAxis axis_to(double max, const std::string& title, const std::string& unit) {
  ChartAxis axis;
  axis.step = nice_step(max > 0 ? max : 1, 5);
  axis.max = std::ceil((max > 0 ? max : 1) / axis.step - 1e-9) * axis.step;
  axis.title = title;
  const int decimals = decimals_for(axis.step);
  axis.label = [decimals, unit](double v) { return fixed(v, decimals) + unit; };
  return axis;
}

ChartAxis percent_axis(const std::string& title) {
  ChartAxis axis;
  axis.max = 100;
  axis.step = 25;
  axis.title = title;
  axis.label = [](double v) { return fixed(v, 0) + "%"; };
  return axis;
}

// The empirical CDF as (seconds, percent) corner points, at most kMaxCdfPoints of them.
std::vector<std::pair<double, double>> cdf_points(const PolicyRun& run) {
  const std::vector<std::int64_t> sorted = sorted_latencies(run);
  std::vector<std::pair<double, double>> corners;  // (latency, share <= it)
  const double n = static_cast<double>(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i + 1 < sorted.size() && sorted[i + 1] == sorted[i]) continue;
    corners.emplace_back(static_cast<double>(sorted[i]) / 1000,
                         static_cast<double>(i + 1) / n * 100);
  }
  if (corners.size() > kMaxCdfPoints) {
    std::vector<std::pair<double, double>> sampled;
    for (std::size_t j = 1; j <= kMaxCdfPoints; ++j) {
      sampled.push_back(corners[j * corners.size() / kMaxCdfPoints - 1]);
    }
    corners = std::move(sampled);
  }
  std::vector<std::pair<double, double>> points;
  if (!corners.empty()) points.emplace_back(corners.front().first, 0.0);
  points.insert(points.end(), corners.begin(), corners.end());
  return points;
}

struct Scales {
  double latency_s = 1;      // the largest latency of any policy
  int max_attempts = 1;      // the most attempts of any operation
  std::int64_t span_ms = 1;  // the arrival time line, [0, span)
  std::int64_t bucket_ms = 1;
};

Scales scales_of(const TuneReport& report) {
  Scales s;
  for (const PolicyRun& run : report.run.policies) {
    for (const OperationResult& op : run.operations)
      s.max_attempts = std::max(s.max_attempts, op.attempts);
  }
  s.span_ms =
      std::max<std::int64_t>(1, report.run.operations * report.profile.arrival_interval.count());
  s.bucket_ms = std::max<std::int64_t>(1, (s.span_ms + kMaxTimeBuckets - 1) / kMaxTimeBuckets);
  return s;
}

// Milliseconds below a second, else seconds: "100 ms", "10 s".
std::string duration_label(double seconds) {
  return seconds < 1 ? fixed(seconds * 1000, 0) + " ms" : fixed(seconds, 0) + " s";
}

// The latency axis up to `max_s`. A tail far beyond the bulk (the largest latency more than 100
// times the median) gets a log scale from the smallest non-zero latency's power of ten, so the
// bulk stays readable; zero latencies then sit at the left edge.
ChartAxis latency_axis(double max_s, double median_s, double smallest_s) {
  if (max_s <= 100 * std::max(median_s, 0.001)) return axis_to(max_s, "latency (virtual s)", " s");
  ChartAxis axis;
  axis.log = true;
  axis.min = std::pow(10.0, std::floor(std::log10(std::max(smallest_s, 0.001))));
  axis.max = std::pow(10.0, std::ceil(std::log10(max_s)));
  axis.title = "latency (virtual, log scale)";
  axis.label = duration_label;
  return axis;
}

// One CDF per policy in `which`, on an axis up to the largest latency among them: the overview
// shares one axis, and each policy's own chart uses its own, so a long tail elsewhere does not
// squash it.
std::string cdf_chart(const std::vector<std::size_t>& which, const TuneReport& report,
                      const std::string& title) {
  double max_s = 0;
  double median_s = 0;
  double smallest_s = 0;
  for (const std::size_t i : which) {
    const PolicyMetrics& m = report.metrics[i];
    max_s = std::max(max_s, static_cast<double>(m.latency_ms.max) / 1000);
    median_s = std::max(median_s, static_cast<double>(m.latency_ms.p50) / 1000);
    for (const std::int64_t v : sorted_latencies(report.run.policies[i])) {
      if (v > 0) {
        const double s = static_cast<double>(v) / 1000;
        smallest_s = smallest_s == 0 ? s : std::min(smallest_s, s);
        break;
      }
    }
  }
  const ChartAxis x = latency_axis(max_s, median_s, smallest_s);
  SvgChart chart(kChartWidth, kChartHeight, x, percent_axis("operations done"), title);
  for (const std::size_t i : which) {
    std::vector<std::pair<double, double>> points = cdf_points(report.run.policies[i]);
    if (!points.empty()) points.emplace_back(x.max, 100.0);
    chart.line(points, color_of(i), true);
  }
  return chart.svg();
}

std::string attempts_chart(std::size_t i, const TuneReport& report, const Scales& s) {
  const PolicyRun& run = report.run.policies[i];
  std::vector<std::int64_t> counts(static_cast<std::size_t>(s.max_attempts) + 1, 0);
  for (const OperationResult& op : run.operations) ++counts[static_cast<std::size_t>(op.attempts)];
  ChartAxis x;
  x.min = 0.5;
  x.max = s.max_attempts + 0.5;
  x.step = 1;
  x.first_tick = 1;  // under the bars' centres
  x.title = "attempts per operation";
  x.label = [](double v) { return fixed(v, 0); };
  SvgChart chart(kChartWidth, kChartHeight, x, percent_axis("operations"),
                 "Attempts per operation");
  const double n = static_cast<double>(std::max<std::size_t>(run.operations.size(), 1));
  for (int a = 1; a <= s.max_attempts; ++a) {
    const std::int64_t c = counts[static_cast<std::size_t>(a)];
    chart.bar(a, 0.7, static_cast<double>(c) / n * 100, color_of(i), std::to_string(c),
              std::to_string(c) + " operations with " + std::to_string(a) + " attempts");
  }
  return chart.svg();
}

std::string success_chart(std::size_t i, const TuneReport& report, const Scales& s) {
  const PolicyRun& run = report.run.policies[i];
  const auto buckets = static_cast<std::size_t>((s.span_ms + s.bucket_ms - 1) / s.bucket_ms);
  std::vector<std::int64_t> total(buckets, 0);
  std::vector<std::int64_t> ok(buckets, 0);
  for (const OperationResult& op : run.operations) {
    const auto b = std::min(buckets - 1, static_cast<std::size_t>(op.arrival_ms / s.bucket_ms));
    ++total[b];
    if (op.outcome == client::Outcome::success) ++ok[b];
  }
  SvgChart chart(kChartWidth, kChartHeight,
                 axis_to(static_cast<double>(s.span_ms) / 1000, "arrival (virtual s)", " s"),
                 percent_axis("succeeded"), "Success rate over time");
  for (const faults::Outage& o : report.profile.outages) {
    chart.shade(static_cast<double>(o.from.count()) / 1000,
                static_cast<double>(o.to.count()) / 1000,
                "outage " + std::to_string(o.from.count()) + "-" + std::to_string(o.to.count()) +
                    " ms: " + step_label(o.step));
  }
  std::vector<std::pair<double, double>> points;
  std::vector<std::string> tips;
  for (std::size_t b = 0; b < buckets; ++b) {
    if (total[b] == 0) continue;
    const double from = static_cast<double>(static_cast<std::int64_t>(b) * s.bucket_ms);
    points.emplace_back((from + static_cast<double>(s.bucket_ms) / 2) / 1000,
                        static_cast<double>(ok[b]) / static_cast<double>(total[b]) * 100);
    tips.push_back(std::to_string(ok[b]) + " of " + std::to_string(total[b]) +
                   " operations arriving from " + fixed(from / 1000, 1) + " s succeeded");
  }
  chart.line(points, color_of(i), false);
  chart.dots(points, tips, color_of(i));
  if (!report.profile.outages.empty()) chart.note("shaded: outage");
  return chart.svg();
}

const char* kStyle =
    R"(body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}p{margin:4px 0}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f4f4f4;font-weight:600}td.best{font-weight:700;background:#e8f5e9}
.charts{display:flex;flex-wrap:wrap;gap:12px}.swatch{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}
.muted{color:#666;font-size:13px}
svg{background:#fff;border:1px solid #e4e4e4}
svg text{font-size:11px;fill:#333}svg .chart-title{font-size:13px;font-weight:600}
svg .tick-y{text-anchor:end}svg .tick-x,svg .axis-title,svg .bar-label{text-anchor:middle}
svg .bar-label.inside{fill:#fff}
svg .note{text-anchor:end;fill:#a33}svg .grid{stroke:#eee}svg .axis{stroke:#888}
svg .outage{fill:#f4c7c3;opacity:0.7}
table.short td{text-align:left}.legend{list-style:none;padding:0;margin:8px 0}.legend li{margin:4px 0}
)";

std::string comparison_table(const TuneReport& report) {
  std::string html =
      "<table><tr><th>policy</th><th>success</th><th>att/op</th><th>requests</th>"
      "<th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>max ms</th>"
      "<th>backoff ms</th><th>in outage</th></tr>\n";
  const auto& ms = report.metrics;
  const bool mark = ms.size() > 1;
  const auto cell = [&](double v, double best, const std::string& text) {
    return std::string(mark && v == best ? "<td class=\"best\">" : "<td>") + text + "</td>";
  };
  const auto best = [&](auto value, bool higher) {
    double b = value(ms.front());
    for (const PolicyMetrics& m : ms) b = higher ? std::max(b, value(m)) : std::min(b, value(m));
    return b;
  };
  using M = const PolicyMetrics&;
  const auto rate = [](M m) { return m.success_rate; };
  const auto amp = [](M m) { return m.attempts_per_operation; };
  const auto req = [](M m) { return static_cast<double>(m.requests); };
  const auto p50 = [](M m) { return static_cast<double>(m.latency_ms.p50); };
  const auto p90 = [](M m) { return static_cast<double>(m.latency_ms.p90); };
  const auto p99 = [](M m) { return static_cast<double>(m.latency_ms.p99); };
  const auto max = [](M m) { return static_cast<double>(m.latency_ms.max); };
  const auto back = [](M m) { return static_cast<double>(m.total_backoff_ms); };
  const auto out = [](M m) { return static_cast<double>(m.requests_in_outages); };
  for (std::size_t i = 0; i < ms.size(); ++i) {
    M m = ms[i];
    html += "<tr><td><span class=\"swatch\" style=\"background:" + std::string(color_of(i)) +
            "\"></span>" + html_escape(m.policy) + "</td>";
    html += cell(rate(m), best(rate, true), fixed(m.success_rate * 100, 2) + "%");
    html += cell(amp(m), best(amp, false), fixed(m.attempts_per_operation, 3));
    html += cell(req(m), best(req, false), std::to_string(m.requests));
    html += cell(p50(m), best(p50, false), std::to_string(m.latency_ms.p50));
    html += cell(p90(m), best(p90, false), std::to_string(m.latency_ms.p90));
    html += cell(p99(m), best(p99, false), std::to_string(m.latency_ms.p99));
    html += cell(max(m), best(max, false), std::to_string(m.latency_ms.max));
    html += cell(back(m), best(back, false), std::to_string(m.total_backoff_ms));
    html += cell(out(m), best(out, false), std::to_string(m.requests_in_outages));
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

template <class Key>
std::string counts_text(const std::vector<std::pair<Key, std::int64_t>>& counts) {
  std::string text;
  for (const auto& [key, n] : counts) {
    if (n == 0) continue;
    text +=
        (text.empty() ? "" : ", ") + std::string(client::to_string(key)) + " " + std::to_string(n);
  }
  return text.empty() ? "none" : text;
}

std::string short_table(const PolicyMetrics& m) {
  const auto row = [](const std::string& k, const std::string& v) {
    return "<tr><th>" + k + "</th><td>" + html_escape(v) + "</td></tr>\n";
  };
  return "<table class=\"short\">" +
         row("success", fixed(m.success_rate * 100, 2) + "% of " + std::to_string(m.operations)) +
         row("requests", std::to_string(m.requests) + " (" + fixed(m.attempts_per_operation, 3) +
                             " per operation)") +
         row("latency p50 / p90 / p99 / max", std::to_string(m.latency_ms.p50) + " / " +
                                                  std::to_string(m.latency_ms.p90) + " / " +
                                                  std::to_string(m.latency_ms.p99) + " / " +
                                                  std::to_string(m.latency_ms.max) + " ms") +
         row("total backoff", std::to_string(m.total_backoff_ms) + " ms") +
         row("requests in outages", std::to_string(m.requests_in_outages)) +
         row("outcomes", counts_text(m.outcomes)) +
         row("retry reasons", counts_text(m.retry_reasons)) + "</table>\n";
}

}  // namespace

void write_html(const TuneReport& report, std::ostream& out) {
  const TuneRun& run = report.run;
  const Scales s = scales_of(report);
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>cometbench "
         "tune: "
      << html_escape(run.profile) << "</title>\n<style>\n"
      << kStyle << "</style></head>\n<body>\n";
  out << "<h1>cometbench tune: " << html_escape(run.profile) << "</h1>\n";
  out << "<p>" << html_escape(report.profile.description) << "</p>\n";
  out << "<p class=\"muted\">" << run.operations << " operations, one every "
      << report.profile.arrival_interval.count() << " ms of virtual time, seed " << run.seed
      << ". Every policy met the same faults on the same attempts. Latency is virtual time from "
         "an operation's start to its end; percentiles are nearest-rank.</p>\n";
  if (report.metrics.empty()) {
    out << "<p>No policies.</p>\n</body></html>\n";
    return;
  }
  out << "<h2>Comparison</h2>\n" << comparison_table(report);
  if (report.metrics.size() > 1)
    out << "<p class=\"muted\">Highlighted: the best value of each column (success: highest; every "
           "other column: lowest).</p>\n";
  std::vector<std::size_t> all(report.metrics.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  out << "<div class=\"charts\">" << cdf_chart(all, report, "Latency CDF, all policies")
      << "<ul class=\"legend\">";
  for (std::size_t i = 0; i < report.metrics.size(); ++i) {
    out << "<li><span class=\"swatch\" style=\"background:" << color_of(i) << "\"></span>"
        << html_escape(report.metrics[i].policy) << "</li>";
  }
  out << "</ul></div>\n";
  for (std::size_t i = 0; i < report.metrics.size(); ++i) {
    const PolicyMetrics& m = report.metrics[i];
    out << "<h2><span class=\"swatch\" style=\"background:" << color_of(i) << "\"></span>"
        << html_escape(m.policy) << "</h2>\n<div class=\"charts\">\n"
        << cdf_chart({i}, report, "Latency CDF") << attempts_chart(i, report, s)
        << success_chart(i, report, s) << "</div>\n"
        << short_table(m);
  }
  out << "</body></html>\n";
}

}  // namespace cometbench::tune
