#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "client/transport.h"
#include "clock/clock.h"

namespace cometbench::client {

/// Which header supplied a Retry-After value.
enum class RetryAfterSource { retry_after_ms, retry_after_seconds, retry_after_date };

struct RetryAfter {
  std::chrono::milliseconds delay{0};
  RetryAfterSource source = RetryAfterSource::retry_after_ms;
  friend bool operator==(const RetryAfter&, const RetryAfter&) = default;
};

/// Reads the server's requested delay from lowercased response headers, in the order the
/// openai SDKs use: `retry-after-ms` (a non-negative decimal number of milliseconds), then
/// `retry-after` as delay-seconds (a non-negative decimal, e.g. "2" or "1.5"), then
/// `retry-after` as an HTTP-date (IMF-fixdate, RFC 850 or asctime) relative to `wall_now`.
///
/// The first header that parses decides. Values are floored to whole milliseconds. Signs,
/// exponents ("1e9"), NaN, empty and garbage values do not parse and fall through (to the
/// next header, then to nothing). The delay may be 0 (an explicit "0", or less than a
/// millisecond) or negative (a date now or in the past): what that means is the policy's
/// business (RetryDecider). Numbers too large for the clock saturate at 10^12 ms (above every
/// allowed cap); dates too far in the past saturate at -10^12 ms.
std::optional<RetryAfter> parse_retry_after(const Headers& headers, clock::WallTime wall_now);

/// A non-negative decimal "123" or "1.5" (no sign, no exponent, surrounding blanks allowed),
/// scaled by `unit_ms` and floored; nullopt when it does not match.
std::optional<std::chrono::milliseconds> parse_decimal_delay(std::string_view text, double unit_ms);

/// An HTTP-date in any of the three RFC 9110 forms; nullopt when it does not match. RFC 850
/// two-digit years are read as the year within 50 years of `wall_now` (RFC 9110 5.6.7).
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text,
                                                        clock::WallTime wall_now);

}  // namespace cometbench::client
