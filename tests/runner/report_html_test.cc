#include "runner/report_html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace cometbench::runner {
namespace {
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

client::AttemptRecord attempt(int index, std::optional<int> status, milliseconds start,
                              milliseconds duration, milliseconds backoff) {
  client::AttemptRecord a;
  a.operation_id = client::OperationId("op-x-0001");
  a.attempt_index = index;
  a.http_response_status_code = status;
  a.attempt_start = start;
  a.attempt_duration = duration;
  a.backoff = backoff;
  return a;
}

// 503 (retried, 500 ms backoff) then 200 at 500 ms: on a 500 ms axis of 820 px from x = 290.
std::vector<Record> retry_records() {
  client::AttemptRecord first =
      attempt(1, 503, milliseconds(0), milliseconds(0), milliseconds(500));
  first.error_type = client::ErrorType::http(503);
  first.retry_decision = client::RetryDecision::retried;
  first.retry_reason = client::RetryReason::retryable_status;
  first.final_outcome = client::Outcome::transient_failure;
  const client::AttemptRecord second =
      attempt(2, 200, milliseconds(500), milliseconds(0), milliseconds(0));
  return {first, second};
}

TEST(TimelineSvgTest, DrawsAttemptsAndWaitsToVirtualTimeScale) {
  EXPECT_EQ(timeline_svg(retry_records()),
            "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"1150\" "
            "height=\"88\" role=\"img\">\n"
            "<text class=\"op\" x=\"4\" y=\"36\">op-x-0001</text>\n"
            "<rect class=\"retried\" x=\"290\" y=\"22\" width=\"4\" height=\"20\"><title>attempt "
            "1: status 503, error 503, retried (retryable_status), 0 to 0 ms</title></rect>\n"
            "<text class=\"no\" x=\"290\" y=\"20\">#1</text>\n"
            "<rect class=\"wait\" x=\"294\" y=\"28\" width=\"816\" height=\"8\"><title>wait 500 "
            "ms (backoff 500 ms)</title></rect>\n"
            "<text class=\"wl\" x=\"296\" y=\"52\">wait 500 ms</text>\n"
            "<rect class=\"ok\" x=\"1110\" y=\"22\" width=\"4\" height=\"20\"><title>attempt 2: "
            "status 200, not_retried (success), 500 to 500 ms</title></rect>\n"
            "<text class=\"no\" x=\"1110\" y=\"20\">#2</text>\n"
            "<line class=\"axis\" x1=\"290\" y1=\"58\" x2=\"1110\" y2=\"58\"/>\n"
            "<line class=\"tick\" x1=\"290\" y1=\"58\" x2=\"290\" y2=\"63\"/><text class=\"tl\" "
            "x=\"290\" y=\"76\">0 ms</text>\n"
            "<line class=\"tick\" x1=\"454\" y1=\"58\" x2=\"454\" y2=\"63\"/><text class=\"tl\" "
            "x=\"454\" y=\"76\">100 ms</text>\n"
            "<line class=\"tick\" x1=\"618\" y1=\"58\" x2=\"618\" y2=\"63\"/><text class=\"tl\" "
            "x=\"618\" y=\"76\">200 ms</text>\n"
            "<line class=\"tick\" x1=\"782\" y1=\"58\" x2=\"782\" y2=\"63\"/><text class=\"tl\" "
            "x=\"782\" y=\"76\">300 ms</text>\n"
            "<line class=\"tick\" x1=\"946\" y1=\"58\" x2=\"946\" y2=\"63\"/><text class=\"tl\" "
            "x=\"946\" y=\"76\">400 ms</text>\n"
            "<line class=\"tick\" x1=\"1110\" y1=\"58\" x2=\"1110\" y2=\"63\"/><text class=\"tl\" "
            "x=\"1110\" y=\"76\">500 ms</text>\n"
            "</svg>\n");
}

TEST(TimelineSvgTest, AHeldAttemptIsALongBarSayingHowLong) {
  client::AttemptRecord held =
      attempt(1, std::nullopt, milliseconds(0), milliseconds(30000), milliseconds(1000));
  held.error_type = client::ErrorType::of(client::ErrorKind::timeout);
  held.retry_decision = client::RetryDecision::retried;
  const std::string svg =
      timeline_svg({held, attempt(2, 200, milliseconds(31000), milliseconds(0), milliseconds(0))});
  // 30000 of 31000 ms: 793 px of 820.
  EXPECT_THAT(svg, HasSubstr("<rect class=\"held\" x=\"290\" y=\"22\" width=\"793\" "
                             "height=\"20\"><title>attempt 1: no status, error timeout, retried"));
  EXPECT_THAT(svg, HasSubstr("<text class=\"in\" x=\"294\" y=\"36\">held 30 s</text>"));
  EXPECT_THAT(svg, HasSubstr("<title>wait 1000 ms (backoff 1000 ms)</title>"));
}

TEST(TimelineSvgTest, NoAttemptsNoTimeline) { EXPECT_EQ(timeline_svg({}), ""); }

TEST(HtmlReportTest, EscapesEverythingAFixtureOrFileNameBrings) {
  ScenarioOutcome o;
  o.file = "dir/<img src=x onerror=alert(1)>.json";
  o.name = "<script>alert(1)</script>";
  o.description = "\"quoted\" & 'single' \x1b[2K";
  o.verdict = Verdict::fail;
  o.detail = "1 record differs:\n  golden: {\"a\":\"</pre><b>\"}";
  std::ostringstream out;
  write_html({o}, out);
  const std::string page = out.str();
  EXPECT_THAT(page, Not(HasSubstr("<script")));
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, Not(HasSubstr("</pre><b>")));
  EXPECT_THAT(page, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(page, HasSubstr("&quot;quoted&quot; &amp; &#39;single&#39; \\u001b[2K<br>"
                              "dir/&lt;img src=x onerror=alert(1)&gt;.json</div>"));
  EXPECT_THAT(page, HasSubstr("<pre class=\"detail\">1 record differs:\n  golden: "
                              "{&quot;a&quot;:&quot;&lt;/pre&gt;&lt;b&gt;&quot;}</pre>"));
  // Self-contained: nothing is fetched.
  EXPECT_THAT(page, Not(HasSubstr("src=\"")));
  EXPECT_THAT(page, Not(HasSubstr("href=\"http")));
}

}  // namespace
}  // namespace cometbench::runner
