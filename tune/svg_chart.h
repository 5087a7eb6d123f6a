#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cometbench::tune {

/// One axis of an SvgChart: its range, title and tick labels.
struct ChartAxis {
  double min = 0;
  double max = 1;
  std::string title;
  std::function<std::string(double)> label;  ///< the text of a tick at a value
  /// Tick spacing; 0: a round step giving about five ticks.
  double step = 0;
  /// Where ticks start; nullopt: at `min`.
  std::optional<double> first_tick;
  /// Logarithmic: `min` and `max` must be positive powers of ten; ticks fall on each power of
  /// ten between them and values at or below `min` sit at `min`. `step` is then ignored.
  bool log = false;
};

/// A small line or bar chart as inline SVG (no scripts, no external resources), with axes,
/// ticks and grid lines. Coordinates are data values; the chart maps them onto its plot area.
/// Every number is written with fixed decimals, so the same data gives the same bytes.
class SvgChart {
 public:
  SvgChart(int width, int height, ChartAxis x, ChartAxis y, std::string title);

  /// A shaded band over the whole height between x = `from` and `to` (clipped to the axis),
  /// with a tooltip.
  void shade(double from, double to, const std::string& tooltip);
  /// A line through `points`; `steps`: horizontal then vertical (a CDF).
  void line(const std::vector<std::pair<double, double>>& points, const std::string& color,
            bool steps);
  /// Dots at `points`, each with a tooltip.
  void dots(const std::vector<std::pair<double, double>>& points,
            const std::vector<std::string>& tooltips, const std::string& color);
  /// A bar centred on x, `width` wide in x units, from y = 0 to y, labelled `label` above.
  void bar(double x, double width, double y, const std::string& color, const std::string& label,
           const std::string& tooltip);
  /// A note in the top-right corner of the plot area.
  void note(const std::string& text);

  std::string svg() const;

 private:
  double px(double x) const;
  double py(double y) const;

  int width_;
  int height_;
  ChartAxis x_;
  ChartAxis y_;
  std::string title_;
  std::string body_;
};

/// `text` with &, <, >, " and ' escaped for HTML and SVG text and attributes.
std::string html_escape(const std::string& text);

/// A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`.
double nice_step(double span, int ticks);

}  // namespace cometbench::tune
