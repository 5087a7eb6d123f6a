#include "review/line_parser.h"

#include <string>

#include "review/logfmt.h"
#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

constexpr std::string_view kExpected = " (expected one record per line: a JSON object or logfmt)";

}  // namespace

std::optional<std::size_t> find_too_deep(std::string_view text, std::size_t max_depth) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<ParsedLine> parse_line(std::string_view text, std::size_t line, Collector& out) {
  const std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) {
    out.add(line, rules::kNotJson, "empty line" + std::string(kExpected));
    return std::nullopt;
  }
  if (const auto at = find_too_deep(text, kMaxNestingDepth)) {
    out.add(line, rules::kTooDeep,
            "nesting deeper than " + std::to_string(kMaxNestingDepth) + " levels at byte " +
                std::to_string(*at + 1) + " (a record is flat; the line was not parsed)");
    return std::nullopt;
  }
  // A line that opens an object is JSON, whatever follows; anything else is JSON only if it
  // parses (to report "a JSON array, not an object"), else logfmt.
  if (text[first] == '{' || nlohmann::json::accept(text)) {
    try {
      auto value = nlohmann::json::parse(text);
      if (value.is_object()) return ParsedLine{std::move(value), LineForm::kJson};
      out.add(line, rules::kNotJson,
              "a JSON " + type_name(value) + ", not an object" + std::string(kExpected));
    } catch (const nlohmann::json::parse_error& e) {
      out.add(line, rules::kNotJson,
              "not JSON: syntax error at byte " + std::to_string(e.byte) + std::string(kExpected));
    } catch (const nlohmann::json::exception&) {
      // nlohmann reports a number beyond a double's range (1e400) as out_of_range 406.
      out.add(line, rules::kNotJson,
              "not JSON: a number beyond the range of a 64-bit float" + std::string(kExpected));
    }
    return std::nullopt;
  }
  auto logfmt = parse_logfmt(text);
  if (logfmt.object) return ParsedLine{std::move(*logfmt.object), LineForm::kLogfmt};
  out.add(line, rules::kNotJson,
          "neither JSON nor logfmt: at byte " + std::to_string(logfmt.error_byte) + ", wanted " +
              logfmt.error + std::string(kExpected));
  return std::nullopt;
}

}  // namespace cometbench::review
