#include "tune/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "faults/profile_parser.h"

namespace cometbench::tune {
namespace {

using client::Outcome;
using client::RetryReason;

OperationResult op(Outcome outcome, std::int64_t arrival, std::int64_t latency,
                   std::vector<RetryReason> reasons, std::int64_t backoff = 0, int in_outage = 0) {
  OperationResult r;
  r.outcome = outcome;
  r.attempts = static_cast<int>(reasons.size());
  r.arrival_ms = arrival;
  r.latency_ms = latency;
  r.backoff_ms = backoff;
  r.requests_in_outages = in_outage;
  r.reasons = std::move(reasons);
  return r;
}

class ReportTest : public testing::Test {
 protected:
  ReportTest()
      : profile_(faults::parse_profile(
            R"({"name": "demo", "description": "A <demo> & more", "profile": {"operations": 4, "arrival_interval_ms": 100,
                "seed": 9, "mix": [{"weight": 1, "respond": {"status": 200}}],
                "outages": [{"from_ms": 100, "to_ms": 400, "respond": {"status": 503}}]}})",
            "demo.profile.json", ".")) {
    run_.profile = "demo";
    run_.seed = 9;
    run_.operations = 4;
    PolicyRun a;
    a.policy = "a";
    a.peak_in_flight = 2;
    a.operations = {
        op(Outcome::success, 0, 0, {RetryReason::success}),
        op(Outcome::success, 100, 1500, {RetryReason::retryable_status, RetryReason::success}, 1500,
           1),
        op(Outcome::transient_failure, 200, 3000,
           {RetryReason::retry_after_honored, RetryReason::max_attempts_reached}, 2000, 2),
        op(Outcome::success, 300, 0, {RetryReason::success}),
    };
    PolicyRun b;
    b.policy = "b,c";
    b.peak_in_flight = 1;
    b.operations = {
        op(Outcome::success, 0, 0, {RetryReason::success}),
        op(Outcome::success, 100, 200, {RetryReason::retryable_error, RetryReason::success}, 200),
        op(Outcome::success, 200, 0, {RetryReason::success}),
        op(Outcome::success, 300, 0, {RetryReason::success}),
    };
    run_.policies = {a, b};
  }

  template <class Writer>
  std::string render(Writer writer) {
    const TuneReport report = make_report(profile_, run_);
    std::ostringstream out;
    writer(report, out);
    return out.str();
  }

  faults::FaultProfile profile_;
  TuneRun run_;
};

TEST_F(ReportTest, JsonHasTheDesignKeysInOrderThenTheExtras) {
  EXPECT_EQ(render(write_json), R"({
  "profile": "demo",
  "seed": 9,
  "operations": 4,
  "policies": [
    {
      "policy": "a",
      "success_rate": 0.75,
      "attempts_per_operation": 1.5,
      "requests": 6,
      "latency_ms": {
        "p50": 0,
        "p90": 3000,
        "p99": 3000,
        "max": 3000
      },
      "total_backoff_ms": 3500,
      "outcomes": {
        "success": 3,
        "caller_error": 0,
        "auth_error": 0,
        "transient_failure": 1,
        "cancelled": 0,
        "unknown": 0
      },
      "retry_reasons": {
        "success": 3,
        "retryable_status": 1,
        "retry_after_honored": 1,
        "max_attempts_reached": 1
      },
      "requests_in_outages": 3,
      "peak_in_flight": 2
    },
    {
      "policy": "b,c",
      "success_rate": 1.0,
      "attempts_per_operation": 1.25,
      "requests": 5,
      "latency_ms": {
        "p50": 0,
        "p90": 200,
        "p99": 200,
        "max": 200
      },
      "total_backoff_ms": 200,
      "outcomes": {
        "success": 4,
        "caller_error": 0,
        "auth_error": 0,
        "transient_failure": 0,
        "cancelled": 0,
        "unknown": 0
      },
      "retry_reasons": {
        "success": 4,
        "retryable_error": 1
      },
      "requests_in_outages": 0,
      "peak_in_flight": 1
    }
  ]
}
)");
}

TEST_F(ReportTest, CsvHasOneColumnPerFigureAndQuotesNames) {
  EXPECT_EQ(render(write_csv),
            "policy,operations,success_rate,attempts_per_operation,requests,latency_p50_ms,"
            "latency_p90_ms,latency_p99_ms,latency_max_ms,total_backoff_ms,requests_in_outages,"
            "outcome_success,outcome_caller_error,outcome_auth_error,outcome_transient_failure,"
            "outcome_cancelled,outcome_unknown,retry_reason_success,retry_reason_retryable_status,"
            "retry_reason_retryable_error,retry_reason_retry_after_honored,"
            "retry_reason_max_attempts_reached\n"
            "a,4,0.75,1.5,6,0,3000,3000,3000,3500,3,3,0,0,1,0,0,3,1,0,1,1\n"
            "\"b,c\",4,1,1.25,5,0,200,200,200,200,0,4,0,0,0,0,0,4,0,1,0,0\n");
}

TEST_F(ReportTest, TableMarksTheBestValueOfEachColumn) {
  EXPECT_EQ(
      render(write_table),
      "profile demo: 4 operations, one every 100 ms of virtual time, seed 9; outages: [100, "
      "400) ms respond 503\n"
      "\n"
      "policy  success   att/op   requests   p50 ms   p90 ms   p99 ms   max ms   backoff ms   in "
      "outage\n"
      "a        75.00%    1.500          6        0*    3000     3000     3000         3500        "
      "   3\n"
      "b,c     100.00%*   1.250*         5*       0*     200*     200*     200*         200*       "
      "   0*\n"
      "\n"
      "outcomes  success  transient_failure\n"
      "a               3                  1\n"
      "b,c             4                  0\n"
      "\n"
      "retry reasons  success  retryable_status  retryable_error  retry_after_honored  "
      "max_attempts_reached\n"
      "a                    3                 1                0                    1              "
      "       1\n"
      "b,c                  4                 0                1                    0              "
      "       0\n"
      "\n"
      "* best in its column (success: highest; every other column: lowest)\n"
      "latency: virtual ms from an operation's start to its end, nearest-rank percentiles over "
      "all operations; att/op: requests per operation; in outage: requests that reached the "
      "server inside an outage window\n");
}

TEST_F(ReportTest, HtmlIsOneSelfContainedPage) {
  const std::string html = render(write_html);
  EXPECT_THAT(html, testing::StartsWith("<!DOCTYPE html>\n"));
  EXPECT_THAT(html, testing::EndsWith("</body></html>\n"));
  // Nothing is fetched: no scripts, links, images or URLs other than the SVG namespace.
  for (const char* banned : {"<script", "<link", "<img", "@import", "url(", "<iframe"}) {
    EXPECT_EQ(html.find(banned), std::string::npos) << banned;
  }
  const std::string without_ns =
      std::regex_replace(html, std::regex("xmlns=\"http://www.w3.org/2000/svg\""), "");
  EXPECT_EQ(without_ns.find("http"), std::string::npos);
  // One overview CDF, then a CDF, a histogram and a success chart per policy.
  std::size_t charts = 0;
  for (auto at = html.find("<svg "); at != std::string::npos; at = html.find("<svg ", at + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 7u);
  EXPECT_THAT(html, testing::HasSubstr("A &lt;demo&gt; &amp; more"));
  EXPECT_THAT(html, testing::HasSubstr("<rect class=\"outage\""));
  EXPECT_EQ(render(write_html), html);  // the same bytes every time
}

TEST(TuneFormat, NamesEachFormat) {
  EXPECT_EQ(tune_format_from_string("table"), TuneFormat::table);
  EXPECT_EQ(tune_format_from_string("json"), TuneFormat::json);
  EXPECT_EQ(tune_format_from_string("csv"), TuneFormat::csv);
  EXPECT_EQ(tune_format_from_string("html"), TuneFormat::html);
  EXPECT_EQ(tune_format_from_string("xml"), std::nullopt);
}

TEST(Numbers, AreLocaleIndependentAndExact) {
  EXPECT_EQ(fixed(97.3, 2), "97.30");
  EXPECT_EQ(fixed(1.0 / 3, 3), "0.333");
  EXPECT_EQ(shortest(0.8), "0.8");
  EXPECT_EQ(shortest(1.0), "1");
}

}  // namespace
}  // namespace cometbench::tune
