#include "client/retry_after.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

namespace cometbench::client {
namespace {

// Far above any cap a policy may set (a year), far below what the nanosecond clock can hold.
constexpr double kSaturationMs = 1e12;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::string_view, 7> kShortDays{"Mon", "Tue", "Wed", "Thu",
                                                     "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                    "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A tiny cursor over the date text; every method consumes on success only.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  bool literal(std::string_view lit) {
    if (s_.substr(0, lit.size()) != lit) return false;
    s_.remove_prefix(lit.size());
    return true;
  }
  template <std::size_t N>
  bool one_of(const std::array<std::string_view, N>& names, int* index) {
    for (std::size_t i = 0; i < N; ++i) {
      if (literal(names[i])) {
        if (index != nullptr) *index = static_cast<int>(i);
        return true;
      }
    }
    return false;
  }
  bool digits(std::size_t count, int* out) {
    if (s_.size() < count) return false;
    int v = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (!is_digit(s_[i])) return false;
      v = v * 10 + (s_[i] - '0');
    }
    s_.remove_prefix(count);
    *out = v;
    return true;
  }
  // "HH:MM:SS"
  bool time(int* h, int* m, int* sec) {
    return digits(2, h) && literal(":") && digits(2, m) && literal(":") && digits(2, sec);
  }
  bool done() const { return s_.empty(); }

 private:
  std::string_view s_;
};

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool parse_imf_fixdate(std::string_view text, Fields* f) {
  Scanner s(text);
  return s.one_of(kShortDays, nullptr) && s.literal(", ") && s.digits(2, &f->day) &&
         s.literal(" ") && s.one_of(kMonths, &f->month) && s.literal(" ") &&
         s.digits(4, &f->year) && s.literal(" ") && s.time(&f->hour, &f->minute, &f->second) &&
         s.literal(" GMT") && s.done();
}

bool parse_rfc850(std::string_view text, Fields* f) {
  Scanner s(text);
  return s.one_of(kLongDays, nullptr) && s.literal(", ") && s.digits(2, &f->day) &&
         s.literal("-") && s.one_of(kMonths, &f->month) && s.literal("-") &&
         s.digits(2, &f->year) && s.literal(" ") && s.time(&f->hour, &f->minute, &f->second) &&
         s.literal(" GMT") && s.done();
}

bool parse_asctime(std::string_view text, Fields* f) {
  Scanner s(text);
  if (!(s.one_of(kShortDays, nullptr) && s.literal(" ") && s.one_of(kMonths, &f->month) &&
        s.literal(" "))) {
    return false;
  }
  if (!(s.literal(" ") ? s.digits(1, &f->day) : s.digits(2, &f->day))) return false;
  return s.literal(" ") && s.time(&f->hour, &f->minute, &f->second) && s.literal(" ") &&
         s.digits(4, &f->year) && s.done();
}

int current_year(clock::WallTime wall_now) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(wall_now)};
  return static_cast<int>(ymd.year());
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_decimal_delay(std::string_view text,
                                                             double unit_ms) {
  const std::string_view t = trim(text);
  std::size_t i = 0;
  while (i < t.size() && is_digit(t[i])) ++i;
  if (i == 0) return std::nullopt;
  if (i < t.size()) {
    if (t[i] != '.') return std::nullopt;
    const std::size_t frac = ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == frac || i != t.size()) return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec == std::errc::result_out_of_range) value = kSaturationMs;
  if ((ec != std::errc() && ec != std::errc::result_out_of_range) || end != t.data() + t.size()) {
    return std::nullopt;
  }
  const double ms = std::min(std::floor(value * unit_ms), kSaturationMs);
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text,
                                                        clock::WallTime wall_now) {
  const std::string_view t = trim(text);
  Fields f;
  bool two_digit_year = false;
  if (!parse_imf_fixdate(t, &f) && !parse_asctime(t, &f)) {
    f = Fields{};
    if (!parse_rfc850(t, &f)) return std::nullopt;
    two_digit_year = true;
  }
  if (two_digit_year) {
    // RFC 9110 5.6.7: a two-digit year more than 50 years ahead is in the previous century.
    const int now_year = current_year(wall_now);
    int year = now_year / 100 * 100 + f.year;
    if (year > now_year + 50) year -= 100;
    if (year + 100 <= now_year + 50) year += 100;
    f.year = year;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{f.year},
                                        std::chrono::month{static_cast<unsigned>(f.month + 1)},
                                        std::chrono::day{static_cast<unsigned>(f.day)}};
  if (!ymd.ok() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  // Seconds, not the nanosecond WallTime: a year-9999 date must not overflow.
  return std::chrono::sys_seconds{std::chrono::sys_days{ymd}} + std::chrono::hours(f.hour) +
         std::chrono::minutes(f.minute) + std::chrono::seconds(f.second);
}

std::optional<RetryAfter> parse_retry_after(const Headers& headers, clock::WallTime wall_now) {
  std::optional<RetryAfter> found;
  if (const auto it = headers.find("retry-after-ms"); it != headers.end()) {
    if (auto ms = parse_decimal_delay(it->second, 1.0)) {
      found = RetryAfter{*ms, RetryAfterSource::retry_after_ms};
    }
  }
  if (const auto it = headers.find("retry-after"); !found && it != headers.end()) {
    if (auto ms = parse_decimal_delay(it->second, 1000.0)) {
      found = RetryAfter{*ms, RetryAfterSource::retry_after_seconds};
    } else if (auto date = parse_http_date(it->second, wall_now)) {
      const auto now_ms = std::chrono::floor<std::chrono::milliseconds>(wall_now);
      const std::chrono::milliseconds limit(static_cast<std::int64_t>(kSaturationMs));
      const auto delta = std::clamp(std::chrono::milliseconds(*date - now_ms), -limit, limit);
      found = RetryAfter{delta, RetryAfterSource::retry_after_date};
    }
  }
  return found;
}

}  // namespace cometbench::client
