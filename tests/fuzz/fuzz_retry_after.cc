// libFuzzer target: the Retry-After parser (retry-after-ms, delay-seconds, three HTTP-date
// forms) on arbitrary header values. Input: "<retry-after-ms>\n<retry-after>" (either part may be
// missing or empty).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "client/retry_after.h"
#include "clock/fake_clock.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace cometbench;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  client::Headers headers;
  if (newline != std::string_view::npos) {
    headers.emplace("retry-after-ms", std::string(input.substr(0, newline)));
    headers.emplace("retry-after", std::string(input.substr(newline + 1)));
  } else {
    headers.emplace("retry-after", std::string(input));
  }
  const clock::WallTime now{std::chrono::seconds(clock::FakeClock::kDefaultEpochSeconds)};
  if (const auto after = client::parse_retry_after(headers, now)) {
    // The contract (client/retry_after.h): the delay may be 0 or negative (a date in the past);
    // what that means is the policy's business. Either way it saturates at +-10^12 ms.
    const auto ms = after->delay.count();
    if (ms < -1'000'000'000'000 || ms > 1'000'000'000'000) __builtin_trap();
  }
  client::parse_http_date(input, now);
  // delay-seconds and retry-after-ms have no sign: never negative.
  if (const auto delay = client::parse_decimal_delay(input, 1000.0); delay && delay->count() < 0) {
    __builtin_trap();
  }
  return 0;
}
