#include "tune/svg_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tune/report.h"

namespace cometbench::tune {
namespace {

using ::testing::HasSubstr;

TEST(NiceStep, IsOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(nice_step(100, 5), 20);
  EXPECT_EQ(nice_step(3.3, 5), 1);
  EXPECT_EQ(nice_step(7, 5), 2);
  EXPECT_EQ(nice_step(0.9, 5), 0.2);
  EXPECT_EQ(nice_step(1201, 5), 500);
  EXPECT_EQ(nice_step(0, 5), 1);
}

TEST(HtmlEscape, EscapesMarkupAndQuotes) {
  EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

ChartAxis axis(double min, double max, bool log = false) {
  ChartAxis a;
  a.min = min;
  a.max = max;
  a.log = log;
  a.title = "x";
  a.label = [](double v) { return fixed(v, 3); };
  return a;
}

TEST(SvgChart, LinearTicksAreExactMultiplesOfTheStep) {
  ChartAxis x = axis(0, 0.3);
  x.step = 0.1;
  SvgChart chart(300, 200, x, axis(0, 1), "t");
  const std::string svg = chart.svg();
  for (const char* tick : {">0.000<", ">0.100<", ">0.200<", ">0.300<"}) {
    EXPECT_THAT(svg, HasSubstr(tick)) << tick;
  }
}

TEST(SvgChart, LogTicksFallOnPowersOfTenAndValuesBelowTheMinimumSitAtIt) {
  SvgChart chart(300, 200, axis(0.1, 1000, true), axis(0, 1), "t");
  chart.dots({{0.0, 0.5}, {0.1, 0.5}, {1000.0, 0.5}}, {"zero", "min", "max"}, "#000");
  const std::string svg = chart.svg();
  for (const char* tick : {">0.100<", ">1.000<", ">10.000<", ">100.000<", ">1000.000<"}) {
    EXPECT_THAT(svg, HasSubstr(tick)) << tick;
  }
  // The plot runs from x = 52 to 300 - 28 = 272 and y = 156 (0) to 28 (1); 0 and 0.1 both sit
  // at its left edge.
  EXPECT_THAT(svg, HasSubstr(R"(<circle cx="52.0" cy="92.0" r="2.5" fill="#000"><title>zero)"));
  EXPECT_THAT(svg, HasSubstr(R"(<circle cx="52.0" cy="92.0" r="2.5" fill="#000"><title>min)"));
  EXPECT_THAT(svg, HasSubstr(R"(<circle cx="272.0" cy="92.0" r="2.5" fill="#000"><title>max)"));
}

TEST(SvgChart, ATallBarCarriesItsLabelInside) {
  SvgChart chart(300, 200, axis(0, 2), axis(0, 100), "t");
  chart.bar(0.5, 0.5, 99, "#111", "990", "tip");
  chart.bar(1.5, 0.5, 10, "#111", "100", "tip");
  const std::string svg = chart.svg();
  EXPECT_THAT(svg, HasSubstr(R"(class="bar-label inside")"));
  EXPECT_THAT(svg, HasSubstr(R"(<text class="bar-label" x=)"));
}

}  // namespace
}  // namespace cometbench::tune
