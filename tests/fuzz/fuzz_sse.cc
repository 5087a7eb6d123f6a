// libFuzzer target: the incremental SSE parser. The first byte picks how the rest is split into
// feeds, so events straddle every possible boundary; the data of every event must be the same
// whatever the split.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "client/sse.h"

namespace {

std::vector<std::string> parse(std::string_view bytes, std::size_t piece) {
  std::vector<std::string> events;
  cometbench::client::SseParser parser([&](std::string_view data) {
    events.emplace_back(data);
    return true;
  });
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    parser.feed(bytes.substr(at, piece));
  }
  parser.finish();
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 17;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (parse(bytes, piece) != parse(bytes, bytes.size() + 1)) __builtin_trap();
  return 0;
}
