#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "review/collector.h"

// Reading the fields of one record, reporting what is missing or malformed. Each getter
// returns the value only when it is usable, so later checks skip a field already reported.
namespace cometbench::review {

/// A status code field: `known` when present and an integer or null; `code` empty for null.
struct StatusFacts {
  bool known = false;
  std::optional<std::int64_t> code;
  std::string text;  // the JSON text as written ("503", "null"), for messages
};

/// "retry_reason" tokens and the like: lowercase letters, digits, single inner underscores.
bool is_snake_case(std::string_view s);

/// The guide's "short sanitized" class token: snake_case and at most kMaxTokenChars.
bool is_short_token(std::string_view s);
inline constexpr std::size_t kMaxTokenChars = 40;

/// A status written as text, as OpenTelemetry's error.type does: "100" to "599".
bool is_status_text(std::string_view s);

/// "a, b or c".
std::string join_or(std::span<const std::string_view> values);

bool contains(std::span<const std::string_view> set, std::string_view v);

class Fields {
 public:
  Fields(const nlohmann::json& record, std::string_view kind, std::size_t line, Collector& out)
      : record_(record), kind_(kind), line_(line), out_(out) {}

  /// The field, or null when absent (reported as `missing_field` when `required`).
  const nlohmann::json* find(std::string_view key, bool required);

  void wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& v);
  void invalid(std::string_view key, const std::string& what, const std::string& expected);

  /// A required non-empty string.
  std::optional<std::string> text(std::string_view key);
  /// A required string from `allowed`.
  std::optional<std::string> one_of(std::string_view key,
                                    std::span<const std::string_view> allowed);
  /// A required snake_case token.
  void snake_case(std::string_view key);
  /// An integer of at least `min`; optional ones may be absent or null.
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min);
  /// An optional boolean (the guide's `true_or_false`): absent is fine, null is not.
  std::optional<bool> boolean(std::string_view key);
  /// An optional string or null; the string when there is one.
  std::optional<std::string> optional_string(std::string_view key);
  /// A required status: an integer or null.
  StatusFacts status(std::string_view key);
  /// Reports a status outside 100-599.
  void status_range(std::string_view key, const StatusFacts& s);

 private:
  const nlohmann::json& record_;
  std::string_view kind_;
  std::size_t line_;
  Collector& out_;
};

}  // namespace cometbench::review
