#include "client/retry_after.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "clock/fake_clock.h"

namespace cometbench::client {
namespace {

using std::chrono::milliseconds;

// FakeClock's calendar start: Thursday 2026-01-01T00:00:00Z.
const clock::WallTime kNow{std::chrono::seconds(clock::FakeClock::kDefaultEpochSeconds)};

struct Row {
  std::string name;
  Headers headers;
  std::optional<RetryAfter> expected;
};

void PrintTo(const Row& row, std::ostream* out) { *out << row.name; }

std::optional<RetryAfter> ms(int value) {
  return RetryAfter{milliseconds(value), RetryAfterSource::retry_after_ms};
}
std::optional<RetryAfter> seconds(std::int64_t value_ms) {
  return RetryAfter{milliseconds(value_ms), RetryAfterSource::retry_after_seconds};
}
std::optional<RetryAfter> date(std::int64_t value_ms) {
  return RetryAfter{milliseconds(value_ms), RetryAfterSource::retry_after_date};
}

class RetryAfterTableTest : public ::testing::TestWithParam<Row> {};

TEST_P(RetryAfterTableTest, ParsesAsDocumented) {
  const Row& row = GetParam();
  EXPECT_EQ(parse_retry_after(row.headers, kNow), row.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, RetryAfterTableTest,
    ::testing::Values(
        Row{"absent", {}, std::nullopt}, Row{"zero_is_zero", {{"retry-after", "0"}}, seconds(0)},
        Row{"negative_is_garbage", {{"retry-after", "-1"}}, std::nullopt},
        Row{"decimal_seconds", {{"retry-after", "1.5"}}, seconds(1500)},
        Row{"integer_seconds", {{"retry-after", "2"}}, seconds(2000)},
        Row{"blanks_around", {{"retry-after", " 2\t"}}, seconds(2000)},
        Row{"exponent_is_garbage", {{"retry-after", "1e9"}}, std::nullopt},
        Row{"letters_are_garbage", {{"retry-after", "abc"}}, std::nullopt},
        Row{"empty_is_garbage", {{"retry-after", ""}}, std::nullopt},
        Row{"nan_is_garbage", {{"retry-after", "NaN"}}, std::nullopt},
        Row{"inf_is_garbage", {{"retry-after", "inf"}}, std::nullopt},
        Row{"unit_is_garbage", {{"retry-after", "2 s"}}, std::nullopt},
        Row{"dot_without_digits", {{"retry-after", "2."}}, std::nullopt},
        Row{"huge_saturates", {{"retry-after", "999999999999"}}, seconds(1000000000000)},
        Row{"sub_millisecond_floors_to_zero", {{"retry-after", "0.0004"}}, seconds(0)},
        Row{"imf_fixdate", {{"retry-after", "Thu, 01 Jan 2026 00:00:05 GMT"}}, date(5000)},
        Row{"rfc850", {{"retry-after", "Thursday, 01-Jan-26 00:00:07 GMT"}}, date(7000)},
        Row{"asctime", {{"retry-after", "Thu Jan  1 00:00:09 2026"}}, date(9000)},
        Row{"past_date_is_negative",
            {{"retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"}},
            date(-60000)},
        Row{"date_now_is_zero", {{"retry-after", "Thu, 01 Jan 2026 00:00:00 GMT"}}, date(0)},
        Row{"ancient_date_saturates",
            {{"retry-after", "Mon, 01 Jan 0001 00:00:00 GMT"}},
            date(-1000000000000)},
        Row{"invalid_calendar_date",
            {{"retry-after", "Thu, 30 Feb 2026 00:00:05 GMT"}},
            std::nullopt},
        Row{"invalid_hour", {{"retry-after", "Thu, 01 Jan 2026 25:00:05 GMT"}}, std::nullopt},
        Row{"lowercase_month", {{"retry-after", "Thu, 01 jan 2026 00:00:05 GMT"}}, std::nullopt},
        Row{"ms_header", {{"retry-after-ms", "250.7"}}, ms(250)},
        Row{"ms_header_wins_over_seconds",
            {{"retry-after-ms", "250"}, {"retry-after", "5"}},
            ms(250)},
        Row{"garbage_ms_falls_through",
            {{"retry-after-ms", "abc"}, {"retry-after", "3"}},
            seconds(3000)},
        Row{"zero_ms_decides", {{"retry-after-ms", "0"}, {"retry-after", "3"}}, ms(0)},
        Row{"negative_ms_falls_through",
            {{"retry-after-ms", "-5"}, {"retry-after", "3"}},
            seconds(3000)}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(RetryAfterTest, DateDelayCountsFromTheSubSecondWallTime) {
  const clock::WallTime now = kNow + milliseconds(250);
  EXPECT_EQ(parse_retry_after({{"retry-after", "Thu, 01 Jan 2026 00:00:05 GMT"}}, now), date(4750));
}

TEST(HttpDateTest, TheThreeRfc9110ExamplesAreTheSameInstant) {
  const std::chrono::sys_seconds expected{std::chrono::seconds(784111777)};
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", kNow), expected);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", kNow), expected);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994", kNow), expected);
}

TEST(HttpDateTest, Rfc850YearsMoreThanFiftyYearsAheadBelongToThePreviousCentury) {
  // From 2026: "76" is 2076 (50 years ahead), "77" is 1977.
  const auto y2076 = parse_http_date("Friday, 01-Jan-76 00:00:00 GMT", kNow);
  const auto y1977 = parse_http_date("Saturday, 01-Jan-77 00:00:00 GMT", kNow);
  ASSERT_TRUE(y2076 && y1977);
  EXPECT_EQ(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*y2076)}.year(),
            std::chrono::year{2076});
  EXPECT_EQ(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*y1977)}.year(),
            std::chrono::year{1977});
}

TEST(HttpDateTest, FarFutureYearsDoNotOverflow) {
  const auto far = parse_retry_after({{"retry-after", "Fri, 31 Dec 9999 23:59:59 GMT"}}, kNow);
  ASSERT_TRUE(far);
  EXPECT_EQ(far->delay, milliseconds(1000000000000));
}

TEST(HttpDateTest, RejectsTrailingText) {
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT x", kNow), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC", kNow), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun Nov 6 08:49:37 1994", kNow), std::nullopt);
}

TEST(DecimalDelayTest, ScalesAndFloors) {
  EXPECT_EQ(parse_decimal_delay("0.0019", 1000.0), milliseconds(1));
  EXPECT_EQ(parse_decimal_delay("12", 1.0), milliseconds(12));
  EXPECT_EQ(parse_decimal_delay("+12", 1.0), std::nullopt);
  EXPECT_EQ(parse_decimal_delay(".5", 1000.0), std::nullopt);
}

}  // namespace
}  // namespace cometbench::client
