#include "tune/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "json/printable.h"
#include "tune/report.h"

namespace cometbench::tune {
namespace {

// The plot area inside the chart: room for the title, tick labels and axis titles.
constexpr double kLeft = 52;
constexpr double kRight = 28;  // room for half of the last x tick label
constexpr double kTop = 28;
constexpr double kBottom = 44;

std::string num(double v) { return fixed(v, 1); }

}  // namespace

std::string html_escape(const std::string& text) { return json::escape_markup(text); }

double nice_step(double span, int ticks) {
  if (!(span > 0) || ticks < 1) return 1;
  const double raw = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

SvgChart::SvgChart(int width, int height, ChartAxis x, ChartAxis y, std::string title)
    : width_(width), height_(height), x_(std::move(x)), y_(std::move(y)), title_(std::move(title)) {
  if (x_.log && !(x_.min > 0)) x_.min = 1;
  if (!(x_.max > x_.min)) x_.max = x_.log ? x_.min * 10 : x_.min + 1;
  if (!(y_.max > y_.min)) y_.max = y_.min + 1;
}

double SvgChart::px(double x) const {
  const double t = x_.log ? std::clamp((std::log10(std::max(x, x_.min)) - std::log10(x_.min)) /
                                           (std::log10(x_.max) - std::log10(x_.min)),
                                       0.0, 1.0)
                          : std::clamp((x - x_.min) / (x_.max - x_.min), 0.0, 1.0);
  return kLeft + t * (width_ - kLeft - kRight);
}

double SvgChart::py(double y) const {
  const double t = std::clamp((y - y_.min) / (y_.max - y_.min), 0.0, 1.0);
  return height_ - kBottom - t * (height_ - kTop - kBottom);
}

void SvgChart::shade(double from, double to, const std::string& tooltip) {
  const double a = px(std::max(from, x_.min));
  const double b = px(std::min(to, x_.max));
  if (b <= a) return;
  body_ += "<rect class=\"outage\" x=\"" + num(a) + "\" y=\"" + num(kTop) + "\" width=\"" +
           num(b - a) + "\" height=\"" + num(height_ - kTop - kBottom) + "\"><title>" +
           html_escape(tooltip) + "</title></rect>\n";
}

void SvgChart::line(const std::vector<std::pair<double, double>>& points, const std::string& color,
                    bool steps) {
  if (points.empty()) return;
  std::string path;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double x = px(points[i].first);
    const double y = py(points[i].second);
    if (i > 0 && steps) path += " " + num(x) + "," + num(py(points[i - 1].second));
    path += (i == 0 ? "" : " ") + num(x) + "," + num(y);
  }
  body_ += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"2\" points=\"" + path +
           "\"/>\n";
}

void SvgChart::dots(const std::vector<std::pair<double, double>>& points,
                    const std::vector<std::string>& tooltips, const std::string& color) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    body_ += "<circle cx=\"" + num(px(points[i].first)) + "\" cy=\"" + num(py(points[i].second)) +
             "\" r=\"2.5\" fill=\"" + color + "\">";
    if (i < tooltips.size()) body_ += "<title>" + html_escape(tooltips[i]) + "</title>";
    body_ += "</circle>\n";
  }
}

void SvgChart::bar(double x, double width, double y, const std::string& color,
                   const std::string& label, const std::string& tooltip) {
  const double left = px(x - width / 2);
  const double right = px(x + width / 2);
  const double top = py(y);
  const double base = py(y_.min);
  body_ += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(right - left) +
           "\" height=\"" + num(base - top) + "\" fill=\"" + color + "\"><title>" +
           html_escape(tooltip) + "</title></rect>\n";
  // A label that would run into the title goes inside the top of its bar instead.
  const bool inside = top - 4 < kTop + 10;
  body_ += std::string("<text class=\"bar-label") + (inside ? " inside" : "") + "\" x=\"" +
           num((left + right) / 2) + "\" y=\"" + num(inside ? top + 12 : top - 4) + "\">" +
           html_escape(label) + "</text>\n";
}

void SvgChart::note(const std::string& text) {
  body_ += "<text class=\"note\" x=\"" + num(width_ - kRight - 4) + "\" y=\"" + num(kTop + 14) +
           "\">" + html_escape(text) + "</text>\n";
}

std::string SvgChart::svg() const {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width_) +
                    "\" height=\"" + std::to_string(height_) + "\" viewBox=\"0 0 " +
                    std::to_string(width_) + " " + std::to_string(height_) + "\" role=\"img\">\n";
  out += "<title>" + html_escape(title_) + "</title>\n";
  out += "<text class=\"chart-title\" x=\"" + num(kLeft) + "\" y=\"16\">" + html_escape(title_) +
         "</text>\n";
  // Grid lines and tick labels.
  const auto ticks = [](const ChartAxis& axis) {
    if (axis.log) {
      std::vector<double> powers;
      for (int e = static_cast<int>(std::lround(std::log10(axis.min)));
           e <= static_cast<int>(std::lround(std::log10(axis.max))) && powers.size() < 50; ++e) {
        powers.push_back(std::pow(10.0, e));
      }
      return powers;
    }
    const double step = axis.step > 0 ? axis.step : nice_step(axis.max - axis.min, 5);
    std::vector<double> values;
    const double first = axis.first_tick.value_or(axis.min);
    // Each tick is first + k * step, never a running sum, so no rounding error builds up.
    for (int k = 0; k < 50; ++k) {
      const double v = first + k * step;
      if (v > axis.max + step * 1e-9) break;
      values.push_back(v);
    }
    return values;
  };
  for (const double v : ticks(y_)) {
    out += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(width_ - kRight) +
           "\" y1=\"" + num(py(v)) + "\" y2=\"" + num(py(v)) + "\"/>\n";
    out += "<text class=\"tick-y\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(py(v) + 4) + "\">" +
           html_escape(y_.label(v)) + "</text>\n";
  }
  for (const double v : ticks(x_)) {
    out += "<line class=\"grid\" x1=\"" + num(px(v)) + "\" x2=\"" + num(px(v)) + "\" y1=\"" +
           num(kTop) + "\" y2=\"" + num(height_ - kBottom) + "\"/>\n";
    out += "<text class=\"tick-x\" x=\"" + num(px(v)) + "\" y=\"" + num(height_ - kBottom + 16) +
           "\">" + html_escape(x_.label(v)) + "</text>\n";
  }
  out += body_;
  out += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" x2=\"" + num(width_ - kRight) +
         "\" y1=\"" + num(height_ - kBottom) + "\" y2=\"" + num(height_ - kBottom) + "\"/>\n";
  out += "<line class=\"axis\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kLeft) + "\" y1=\"" +
         num(kTop) + "\" y2=\"" + num(height_ - kBottom) + "\"/>\n";
  out += "<text class=\"axis-title\" x=\"" + num((kLeft + width_ - kRight) / 2) + "\" y=\"" +
         num(height_ - 8) + "\">" + html_escape(x_.title) + "</text>\n";
  out += "<text class=\"axis-title\" transform=\"translate(12," +
         num((kTop + height_ - kBottom) / 2) + ") rotate(-90)\">" + html_escape(y_.title) +
         "</text>\n";
  out += "</svg>\n";
  return out;
}

}  // namespace cometbench::tune
