#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "faults/fixture_error.h"
#include "faults/scenario.h"
#include "json/cursor.h"

namespace cometbench::faults {

/// One `{{http_date:+Ns}}` / `{{http_date:-Ns}}` in a header value: the characters
/// [begin, begin + length) stand for the HTTP-date `offset` after the clock's calendar time.
struct HeaderTemplate {
  std::size_t begin = 0;
  std::size_t length = 0;
  std::chrono::seconds offset{0};
  friend bool operator==(const HeaderTemplate&, const HeaderTemplate&) = default;
};

/// The templates of a header value in order, or `error` (a message for FixtureError) when a
/// `{{` is unclosed or names no known template. Text outside `{{...}}` is left alone. The mock
/// server uses this to expand what the parser validated.
struct HeaderTemplateScan {
  std::vector<HeaderTemplate> templates;
  std::string error;  // empty: valid
};
HeaderTemplateScan scan_header_templates(std::string_view value);

/// A `headers` object, in file order: names are RFC 9110 tokens; values are RFC 9110
/// field-values (visible characters, obs-text bytes 0x80 to 0xFF, space and tab: no control
/// character) with valid templates (kept unexpanded). `Content-Length` and
/// `Transfer-Encoding` are refused: the mock server frames the body itself, and cpp-httplib
/// would send a second Content-Length.
Headers parse_headers(const json::Cursor& at);

}  // namespace cometbench::faults
