#include "faults/header_parser.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "json/ascii.h"

namespace cometbench::faults {

using json::Cursor;
namespace {

constexpr std::string_view kTemplateHelp =
    "(expected {{http_date:+Ns}} or {{http_date:-Ns}}, N whole seconds)";

// Nine digits (~31 years) keep the offset far from overflowing the calendar arithmetic.
constexpr std::size_t kMaxOffsetDigits = 9;

// RFC 9110 section 5.5: field-vchar (VCHAR, obs-text), SP and HTAB. CR, LF and NUL would split
// or end the header; the other controls are refused by strict parsers and can fool a terminal.
bool is_field_value_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == '\t' || (u >= 0x20 && u != 0x7f);
}

// `inner` is the text between "{{" and "}}": "http_date:+2s".
bool parse_template(std::string_view inner, std::chrono::seconds& offset) {
  constexpr std::string_view kPrefix = "http_date:";
  if (!inner.starts_with(kPrefix)) return false;
  inner.remove_prefix(kPrefix.size());
  if (inner.size() < 2 || inner.back() != 's') return false;
  inner.remove_suffix(1);
  // The sign is optional ("+" implied), as in the mock server's expansion.
  const bool negative = inner.starts_with('-');
  if (inner.starts_with('+') || negative) inner.remove_prefix(1);
  const std::string_view digits = inner;
  if (digits.empty() || digits.size() > kMaxOffsetDigits) return false;
  std::int64_t n = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  offset = std::chrono::seconds(negative ? -n : n);
  return true;
}

}  // namespace

HeaderTemplateScan scan_header_templates(std::string_view value) {
  HeaderTemplateScan scan;
  std::size_t from = 0;
  for (;;) {
    const std::size_t open = value.find("{{", from);
    if (open == std::string_view::npos) return scan;
    const std::size_t close = value.find("}}", open + 2);
    if (close == std::string_view::npos) {
      scan.error = "unclosed template \"{{\" " + std::string(kTemplateHelp);
      return scan;
    }
    const std::string_view inner = value.substr(open + 2, close - open - 2);
    HeaderTemplate found{open, close + 2 - open, std::chrono::seconds(0)};
    if (!parse_template(inner, found.offset)) {
      scan.error =
          "invalid template \"{{" + std::string(inner) + "}}\" " + std::string(kTemplateHelp);
      return scan;
    }
    scan.templates.push_back(found);
    from = close + 2;
  }
}

Headers parse_headers(const Cursor& at) {
  at.expect_object();
  Headers headers;
  for (const auto& [name, value] : at.json().items()) {
    const Cursor field = at.child(name, value);
    if (name.empty() || !std::all_of(name.begin(), name.end(), json::ascii::is_token_char)) {
      field.fail("expected a header name made of RFC 9110 token characters, got \"" + name + "\"");
    }
    for (const std::string_view framing : {"Content-Length", "Transfer-Encoding"}) {
      if (json::ascii::iequals(name, framing)) {
        field.fail("the mock server sets " + std::string(framing) +
                   " from the step itself; remove this header");
      }
    }
    // Messages never echo a value (a fixture may carry a credential-like header), only the
    // offending template text.
    std::string text = field.as_string();
    if (const auto bad = std::find_if_not(text.begin(), text.end(), is_field_value_char);
        bad != text.end()) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned char>(*bad));
      field.fail(std::string("expected a header value of visible characters, spaces and tabs "
                             "(RFC 9110 field-value), got the control character ") +
                 code + " at byte offset " + std::to_string(bad - text.begin()));
    }
    if (const HeaderTemplateScan scan = scan_header_templates(text); !scan.error.empty()) {
      field.fail(scan.error);
    }
    headers.emplace_back(name, std::move(text));
  }
  return headers;
}

}  // namespace cometbench::faults
