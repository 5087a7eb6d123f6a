#pragma once

#include <string>
#include <string_view>

#include "faults/fixture_error.h"
#include "json/cursor.h"

namespace cometbench::faults {

// Fields that scenarios and fault profiles share, with the same rules and messages.

/// A `name`: letters, digits, '.', '_' and '-', not empty.
std::string parse_name(const json::Cursor& at);

/// True when `name` follows the rule parse_name() enforces.
bool is_name(std::string_view name);

/// A `description`: one line of text without control characters (reports print it on the line
/// that announces a scenario or profile, where a control character could rewrite that line).
std::string parse_description(const json::Cursor& at);

/// An API key: one clean token for an `Authorization: Bearer` header. The value is never
/// repeated in a message.
std::string parse_api_key(const json::Cursor& at);

/// A `base_path`: starts with '/', does not end with it (the client appends
/// "/chat/completions"), no spaces, '?' or '#'.
std::string parse_base_path(const json::Cursor& at);

}  // namespace cometbench::faults
