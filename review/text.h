#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

// Small helpers that turn JSON values into words for finding messages without ever quoting
// something that could be a secret or a prompt.
namespace cometbench::review {

/// "string", "integer", "number", "boolean", "null", "object" or "array".
std::string type_name(const nlohmann::json& value);

/// "a string of 12 chars", "an array of 1 item", "an object of 2 keys", "a number", ...
std::string describe_value(const nlohmann::json& value);

/// `"value"` (quoted) when the value is short, plain and not secret-looking; otherwise
/// "a string of N chars". Used for enum-like values and operation ids in messages.
std::string quote_safe(std::string_view value);

/// "1 attempt", "2 attempts".
std::string count_of(std::size_t n, std::string_view one, std::string_view many);

/// The value if it is a JSON integer. Unsigned values above INT64_MAX clamp to INT64_MAX
/// (only ever shown through the original JSON text), so arithmetic stays defined.
std::optional<std::int64_t> as_int64(const nlohmann::json& value);

/// Number of UTF-8 code points (bytes that are not continuation bytes).
std::size_t char_count(std::string_view text);

}  // namespace cometbench::review
