#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cometbench::json {

/// A character that must not reach a terminal or an XML report as it is: it could move the
/// cursor, erase or recolour a line, reorder the text around it, or make XML 1.0 ill-formed.
struct Unprintable {
  std::size_t offset = 0;   // byte offset of its first byte
  std::size_t length = 0;   // its bytes
  std::uint32_t value = 0;  // the code point, or the byte when `stray_byte`
  bool stray_byte = false;  // a byte that is not part of a well-formed UTF-8 sequence
  friend bool operator==(const Unprintable&, const Unprintable&) = default;
};

/// The first unprintable character at or after byte `from` of `text`: a C0 control (U+0000 to
/// U+001F, TAB, CR and LF included), DEL and the C1 controls (U+007F to U+009F), a bidirectional
/// formatting control (U+202A to U+202E, U+2066 to U+2069: they reorder what follows them on the
/// screen), the non-characters U+FFFE and U+FFFF (not allowed in XML), or a byte that is not
/// part of well-formed UTF-8.
std::optional<Unprintable> find_unprintable(std::string_view text, std::size_t from = 0);

/// How an Unprintable is shown: `\u001b` for a code point, `\xff` for a stray byte.
std::string escape_sequence(const Unprintable& u);

/// `text` with every unprintable character replaced by its escape_sequence(). Ordinary text
/// comes back unchanged, and so does text that was already made printable. The backslash itself
/// is left alone so that messages keep their meaning (`\n` in "must be escaped to \n").
std::string printable(std::string_view text);

/// printable() on each line of `text`, keeping its LF line breaks: for multi-line reports.
std::string printable_lines(std::string_view text);

/// `text` with the characters markup gives meaning to escaped as entities: `&`, `<`, `>`, `"`
/// and, when `apostrophe` is set (HTML attributes may be single-quoted), `'`. For HTML, SVG and
/// XML reports; make fixture text printable() first where control characters may occur.
std::string escape_markup(std::string_view text, bool apostrophe = true);

/// "U+001B" for a code point, "byte 0xFF" for a stray byte: for error messages.
std::string describe_unprintable(const Unprintable& u);

}  // namespace cometbench::json
