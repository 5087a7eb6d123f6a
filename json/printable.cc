#include "json/printable.h"

#include <cstdio>

namespace cometbench::json {
namespace {

// One UTF-8 sequence at `i`: its length and code point, or 0 when the bytes there are not
// well-formed UTF-8 (RFC 3629 table 3-7: no overlong forms, no surrogates, nothing past
// U+10FFFF).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  std::size_t length = 0;
  unsigned char low = 0x80;  // the allowed range of the second byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = static_cast<std::uint32_t>(lead & 0x1Fu);
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = static_cast<std::uint32_t>(lead & 0x0Fu);
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = static_cast<std::uint32_t>(lead & 0x07u);
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() - i < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? low : 0x80) || b > (k == 1 ? high : 0xBF)) return 0;
    cp = (cp << 6) | static_cast<std::uint32_t>(b & 0x3Fu);
  }
  return length;
}

bool is_unprintable(std::uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE || cp == 0xFFFF;
}

}  // namespace

std::optional<Unprintable> find_unprintable(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size()) {
    std::uint32_t cp = 0;
    const std::size_t length = decode(text, i, cp);
    if (length == 0) {
      return Unprintable{i, 1, static_cast<unsigned char>(text[i]), true};
    }
    if (is_unprintable(cp)) return Unprintable{i, length, cp, false};
    i += length;
  }
  return std::nullopt;
}

std::string escape_sequence(const Unprintable& u) {
  char buf[16];
  if (u.stray_byte) {
    std::snprintf(buf, sizeof buf, "\\x%02x", u.value);
  } else {
    std::snprintf(buf, sizeof buf, "\\u%04x", u.value);
  }
  return buf;
}

std::string describe_unprintable(const Unprintable& u) {
  char buf[24];
  if (u.stray_byte) {
    std::snprintf(buf, sizeof buf, "byte 0x%02X", u.value);
  } else {
    std::snprintf(buf, sizeof buf, "U+%04X", u.value);
  }
  return buf;
}

std::string printable(std::string_view text) {
  std::optional<Unprintable> u = find_unprintable(text);
  if (!u) return std::string(text);
  std::string out;
  std::size_t done = 0;
  for (; u; u = find_unprintable(text, done)) {
    out.append(text, done, u->offset - done);
    out += escape_sequence(*u);
    done = u->offset + u->length;
  }
  out.append(text, done);
  return out;
}

std::string escape_markup(std::string_view text, bool apostrophe) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        if (apostrophe) {
          out += "&#39;";
          break;
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string printable_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = text.find('\n', start);
    out += printable(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    out += '\n';
    start = end + 1;
  }
}

}  // namespace cometbench::json
