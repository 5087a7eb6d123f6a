#pragma once

#include <cstddef>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "faults/fixture_error.h"

namespace cometbench::faults {

/// Fixture JSON keeps object keys in file order: header order and canned body bytes must be
/// exactly what the author wrote.
using Json = nlohmann::ordered_json;

/// Deeper nesting than this is rejected: later passes (`$ref` resolution, `dump()`) recurse, and
/// no real chat completion body comes close.
inline constexpr std::size_t kMaxJsonDepth = 256;

/// Parses JSON text strictly, keeping key order. Throws FixtureError naming `file`:
/// - bad syntax: empty pointer, `not valid JSON: line L, column C: REASON` (nlohmann's reason
///   without its "last read" echo, which could repeat secret text);
/// - a key that appears twice in one object: `duplicate key "k"` at that member's pointer
///   (nlohmann would silently keep one of them);
/// - nesting deeper than kMaxJsonDepth;
/// - a NUL byte anywhere: `not valid JSON: line L, column C: unexpected NUL byte (byte offset N)`
///   (nlohmann would end the document there and ignore the rest of the text).
Json parse_json_text(std::string_view text, const std::string& file);

/// 1-based line and column of the character at `offset` (0-based) in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

/// The contents of a regular file, or why it cannot be used: `cannot read file: <strerror>`,
/// `expected a JSON file, got a directory` (or `a special file`), or `larger than N bytes` when
/// it holds more than `max_bytes` (then `too_large` is set, and at most `max_bytes` + 16 KiB
/// were read). Special files are refused before reading so that a FIFO cannot block the parser.
struct FileText {
  std::optional<std::string> text;
  std::string error;       // set when !text
  bool too_large = false;  // the file holds more than `max_bytes`
};
FileText read_text_file(const std::filesystem::path& path,
                        std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace cometbench::faults
