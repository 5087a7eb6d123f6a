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
    // The contract: a delay is positive and saturates at 10^12 ms.
    if (after->delay.count() <= 0 || after->delay.count() > 1'000'000'000'000) __builtin_trap();
  }
  client::parse_http_date(input, now);
  client::parse_decimal_delay(input, 1000.0);
  return 0;
}
