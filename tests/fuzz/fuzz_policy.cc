// libFuzzer target: the retry policy parser. Any JSON document either parses or throws
// PolicyError; a policy that parses prints (to_json) to a document that parses back to the
// same policy.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "client/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using cometbench::client::parse_policy;
  using cometbench::client::PolicyError;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  try {
    const auto policy = parse_policy(document, "fuzz.policy.json", "");
    const auto again = parse_policy(cometbench::client::to_json(policy), "printed", "");
    if (!(again == policy)) __builtin_trap();
  } catch (const PolicyError&) {
    // The expected answer to a bad policy.
  }
  return 0;
}
