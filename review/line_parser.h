#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "review/collector.h"

// Turns one line of a log into the object it holds: a JSON object (record field names or
// OpenTelemetry names) or a logfmt record. The form is decided per line, so a log may mix them.
namespace cometbench::review {

/// Records are flat; nesting deeper than this is reported as `too_deep` and not parsed, which
/// bounds the work, memory and finding paths of any line.
inline constexpr std::size_t kMaxNestingDepth = 64;

enum class LineForm { kJson, kLogfmt };

struct ParsedLine {
  nlohmann::json object;  // as written: keys are not renamed yet (see with_record_names)
  LineForm form = LineForm::kJson;
};

/// The object on line `line`, or nothing after reporting `not_json` or `too_deep`. Never
/// throws on content (a number beyond a double's range included) and never quotes the line.
std::optional<ParsedLine> parse_line(std::string_view text, std::size_t line, Collector& out);

/// The 0-based offset of the first bracket that opens level `max_depth + 1`, if any. Strings
/// are skipped as JSON lexes them, so a parser stopping at a syntax error never goes deeper.
std::optional<std::size_t> find_too_deep(std::string_view text, std::size_t max_depth);

}  // namespace cometbench::review
