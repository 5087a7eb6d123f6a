#pragma once

#include <cstddef>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "json/input_error.h"

namespace cometbench::json {

/// The JSON of files users write keeps object keys in file order: header order and canned body
/// bytes must be exactly what the author wrote, and errors come in the order of the file.
using Json = nlohmann::ordered_json;

/// Deeper nesting than this is rejected: later passes (`$ref` resolution, `dump()`) recurse, and
/// no real chat completion body comes close.
inline constexpr std::size_t kMaxJsonDepth = 256;

/// Parses JSON text strictly, keeping key order. Throws InputError naming `file`, with the
/// line and column of the place:
/// - bad syntax: empty pointer, `not valid JSON: REASON` (nlohmann's reason without its "last
///   read" echo, which could repeat secret text);
/// - a key that appears twice in one object: `duplicate key "k"` at that member's pointer
///   (nlohmann would silently keep one of them);
/// - nesting deeper than kMaxJsonDepth;
/// - a NUL byte anywhere: `not valid JSON: unexpected NUL byte (byte offset N)` (nlohmann would
///   end the document there and ignore the rest of the text).
Json parse_text(std::string_view text, const std::string& file);

/// 1-based line and column of the character at byte `offset` (0-based) in `text`; columns count
/// UTF-8 characters, as editors do.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

/// Where the JSON pointer `pointer` points in `text` (JSON that parse_text() read, or stopped
/// reading at a duplicate key or at the nesting limit): the first character of the member's
/// key when the last reference token names an object member, of the element when it names an
/// array element, of the document for the empty pointer. A pointer that leaves the text (it
/// goes through a `{"$ref": ...}` that was replaced by another file's JSON) ends at the deepest
/// place the text has. When an object holds the last token twice, the second one: that is the
/// one a `duplicate key` error names. nullopt when `pointer` is not a JSON pointer or `text` is
/// not JSON where the walk goes. Linear in the text; no recursion.
std::optional<TextPosition> locate(std::string_view text, std::string_view pointer);

/// `error` with the line and column of its pointer in `text`, when it names `file` and a place
/// in it (an error about another file or about the whole document passes through unchanged, as
/// does one that already has a position).
InputError with_position(const InputError& error, std::string_view text, const std::string& file);

/// with_position() with the text of the file the error names, read again (at most `max_bytes`):
/// for errors raised on JSON whose text is gone, such as a scenario's inline `client.policy`.
/// An error whose file cannot be read passes through unchanged.
InputError with_position_from_file(const InputError& error, std::size_t max_bytes);

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

}  // namespace cometbench::json
