#include "runner/report_html.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "json/printable.h"

namespace cometbench::runner {
namespace {

using std::chrono::milliseconds;

constexpr int kLeft = 290;       // operation ids (up to ~36 characters) live left of the plot
constexpr int kPlotWidth = 820;  // pixels for the longest operation
constexpr int kRowHeight = 44;
constexpr int kTop = 14;  // room for labels above the first row
constexpr int kAxisHeight = 30;

// Control characters become visible escapes first (as in every other report), then the five
// characters HTML gives meaning to are escaped, so fixture text can never become markup.
std::string html(std::string_view raw) { return json::escape_markup(json::printable_lines(raw)); }

std::string duration_text(milliseconds ms) {
  if (ms.count() < 1000 || ms.count() % 1000 != 0) return std::to_string(ms.count()) + " ms";
  return std::to_string(ms.count() / 1000) + " s";
}

// A tick step of 1, 2 or 5 times a power of ten giving at most six ticks over `span`.
std::int64_t tick_step(std::int64_t span) {
  std::int64_t step = 1;
  while (true) {
    for (const std::int64_t m : {1, 2, 5}) {
      if (span / (step * m) <= 5) return step * m;
    }
    step *= 10;
  }
}

struct Operation {
  std::string id;
  std::vector<const client::AttemptRecord*> attempts;
};

std::vector<Operation> operations_of(const std::vector<Record>& records) {
  std::vector<Operation> ops;
  for (const Record& r : records) {
    const auto* a = std::get_if<client::AttemptRecord>(&r);
    if (a == nullptr) continue;
    if (ops.empty() || ops.back().id != a->operation_id.str())
      ops.push_back({a->operation_id.str(), {}});
    ops.back().attempts.push_back(a);
  }
  return ops;
}

const char* attempt_class(const client::AttemptRecord& a) {
  if (!a.error_type && a.final_outcome == client::Outcome::success) return "ok";
  if (a.error_type && a.error_type->kind() == client::ErrorKind::timeout) return "held";
  return a.retry_decision == client::RetryDecision::retried ? "retried" : "failed";
}

std::string attempt_title(const client::AttemptRecord& a) {
  std::ostringstream t;
  t << "attempt " << a.attempt_index << ": ";
  if (a.http_response_status_code) {
    t << "status " << *a.http_response_status_code;
  } else {
    t << "no status";
  }
  if (a.error_type) t << ", error " << a.error_type->str();
  t << ", " << client::to_string(a.retry_decision) << " (" << client::to_string(a.retry_reason)
    << "), " << a.attempt_start.count() << " to " << (a.attempt_start + a.attempt_duration).count()
    << " ms";
  return t.str();
}

}  // namespace

std::string timeline_svg(const std::vector<Record>& records) {
  const std::vector<Operation> ops = operations_of(records);
  if (ops.empty()) return "";
  milliseconds span{1};
  for (const Operation& op : ops) {
    for (const auto* a : op.attempts) span = std::max(span, a->attempt_start + a->attempt_duration);
  }
  const auto x = [&](milliseconds t) {
    return kLeft + static_cast<int>(t.count() * kPlotWidth / span.count());
  };
  const int height = kTop + static_cast<int>(ops.size()) * kRowHeight + kAxisHeight;
  std::ostringstream svg;
  svg << "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\""
      << kLeft + kPlotWidth + 40 << "\" height=\"" << height << "\" role=\"img\">\n";
  for (std::size_t row = 0; row < ops.size(); ++row) {
    const Operation& op = ops[row];
    const int y = kTop + static_cast<int>(row) * kRowHeight;
    svg << "<text class=\"op\" x=\"4\" y=\"" << y + 22 << "\">" << html(op.id) << "</text>\n";
    for (std::size_t i = 0; i < op.attempts.size(); ++i) {
      const client::AttemptRecord& a = *op.attempts[i];
      const milliseconds end = a.attempt_start + a.attempt_duration;
      const int x0 = x(a.attempt_start);
      // A zero-length attempt (an answer with no delay) still needs a visible mark.
      const int width = std::max(x(end) - x0, 4);
      svg << "<rect class=\"" << attempt_class(a) << "\" x=\"" << x0 << "\" y=\"" << y + 8
          << "\" width=\"" << width << "\" height=\"20\"><title>" << html(attempt_title(a))
          << "</title></rect>\n";
      if (width > 50 && a.attempt_duration.count() > 0) {
        svg << "<text class=\"in\" x=\"" << x0 + 4 << "\" y=\"" << y + 22 << "\">held "
            << duration_text(a.attempt_duration) << "</text>\n";
      } else {
        svg << "<text class=\"no\" x=\"" << x0 << "\" y=\"" << y + 6 << "\">#" << a.attempt_index
            << "</text>\n";
      }
      if (i + 1 == op.attempts.size()) continue;
      // The wait before the next attempt: the planned backoff, or longer when Retry-After asked.
      const milliseconds next = op.attempts[i + 1]->attempt_start;
      if (next <= end) continue;
      const int w0 = x0 + width;
      const int wait_width = std::max(x(next) - w0, 1);
      svg << "<rect class=\"wait\" x=\"" << w0 << "\" y=\"" << y + 14 << "\" width=\"" << wait_width
          << "\" height=\"8\"><title>wait " << (next - end).count() << " ms (backoff "
          << a.backoff.count() << " ms)</title></rect>\n";
      if (wait_width > 70) {
        svg << "<text class=\"wl\" x=\"" << w0 + 2 << "\" y=\"" << y + 38 << "\">wait "
            << duration_text(next - end) << "</text>\n";
      }
    }
  }
  const int axis_y = kTop + static_cast<int>(ops.size()) * kRowHeight;
  svg << "<line class=\"axis\" x1=\"" << kLeft << "\" y1=\"" << axis_y << "\" x2=\""
      << kLeft + kPlotWidth << "\" y2=\"" << axis_y << "\"/>\n";
  const std::int64_t step = tick_step(span.count());
  for (std::int64_t t = 0; t <= span.count(); t += step) {
    const int tx = x(milliseconds(t));
    svg << "<line class=\"tick\" x1=\"" << tx << "\" y1=\"" << axis_y << "\" x2=\"" << tx
        << "\" y2=\"" << axis_y + 5 << "\"/><text class=\"tl\" x=\"" << tx << "\" y=\""
        << axis_y + 18 << "\">" << duration_text(milliseconds(t)) << "</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

namespace {

constexpr const char* kStyle = R"(body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin:0 0 4px}
section{border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:14px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:4px;color:#fff;font-weight:600;margin-right:8px}
.PASS{background:#2e7d32}.FAIL{background:#c62828}.ERROR{background:#6d4c41}
.meta{color:#666;margin:2px 0 8px}pre{background:#f6f6f6;padding:8px;overflow-x:auto;white-space:pre-wrap}
.legend span{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
svg text{font:12px monospace;fill:#333}svg .in{fill:#fff}svg .wl{fill:#555}svg .tl{text-anchor:middle;fill:#666}
rect.ok,.legend .ok{fill:#2e7d32;background:#2e7d32}rect.retried,.legend .retried{fill:#ef6c00;background:#ef6c00}
rect.failed,.legend .failed{fill:#c62828;background:#c62828}rect.held,.legend .held{fill:#6a1b9a;background:#6a1b9a}
rect.wait,.legend .wait{fill:#bbb;background:#bbb}line.axis,line.tick{stroke:#888}
ul.index{columns:3;padding-left:18px}a{color:#1565c0;text-decoration:none})";

}  // namespace

void write_html(const std::vector<ScenarioOutcome>& outcomes, std::ostream& out) {
  std::size_t passed = 0;
  for (const ScenarioOutcome& o : outcomes) passed += o.verdict == Verdict::pass;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>cometbench run: " << passed << " passed, " << outcomes.size() - passed
      << " failed</title>\n<style>\n"
      << kStyle << "\n</style>\n</head>\n<body>\n<h1>cometbench run: " << passed << " passed, "
      << outcomes.size() - passed << " failed</h1>\n"
      << "<p class=\"legend\">Timelines in virtual time from each operation's start:"
      << "<span class=\"ok\"></span>success<span class=\"retried\"></span>retried"
      << "<span class=\"failed\"></span>failed, not retried<span class=\"held\"></span>held "
         "until the attempt timeout<span class=\"wait\"></span>wait before the next attempt "
         "(backoff or Retry-After)</p>\n<ul class=\"index\">\n";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    out << "<li><span class=\"badge " << to_string(outcomes[i].verdict) << "\">"
        << to_string(outcomes[i].verdict) << "</span><a href=\"#s" << i + 1 << "\">"
        << html(outcomes[i].name) << "</a></li>\n";
  }
  out << "</ul>\n";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const ScenarioOutcome& o = outcomes[i];
    out << "<section id=\"s" << i + 1 << "\">\n<h2><span class=\"badge " << to_string(o.verdict)
        << "\">" << to_string(o.verdict) << "</span>" << html(o.name) << "</h2>\n"
        << "<div class=\"meta\">" << html(o.description);
    if (!o.description.empty()) out << "<br>";
    out << html(o.file.string());
    if (o.run) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%.1f",
                    static_cast<double>(o.run->virtual_elapsed.count()) / 1000.0);
      out << ", " << o.run->records.size() << " records, " << seconds << " s virtual";
    }
    if (o.update != GoldenUpdate::none) out << ", golden " << to_string(o.update);
    out << "</div>\n";
    if (o.run) out << timeline_svg(o.run->records);
    if (!o.detail.empty()) out << "<pre class=\"detail\">" << html(o.detail) << "</pre>\n";
    if (o.run) {
      out << "<details><summary>records</summary><pre>";
      for (const std::string& line : o.run->lines) out << html(line) << '\n';
      out << "</pre></details>\n";
    }
    out << "</section>\n";
  }
  out << "</body>\n</html>\n";
}

}  // namespace cometbench::runner
