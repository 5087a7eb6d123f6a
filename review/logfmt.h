#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

// logfmt lines: `key=value` pairs separated by spaces, as `cometbench run --format logfmt`
// writes them (every present value quoted, absent ones a bare `null`) and as other clients
// write them (bare numbers and words).
namespace cometbench::review {

struct LogfmtResult {
  std::optional<nlohmann::json> object;  // set when the line is logfmt
  std::size_t error_byte = 0;            // 1-based, when it is not
  std::string error;                     // what was expected there
};

/// Parses one line. Values are typed the way the record needs them, since logfmt has no
/// types: a record field that holds an integer (`attempt_index`, the status codes, the `_ms`
/// fields, `attempts`) becomes one when its text is an integer, `finish_reason_seen` and
/// `usage_seen` become booleans for `true`/`false`, and a bare `null`, `true`, `false` or
/// integer is typed for any key. Everything else stays a string ("503" in `error_type` too).
/// Quoted values may use the JSON escapes. Never throws.
LogfmtResult parse_logfmt(std::string_view line);

}  // namespace cometbench::review
