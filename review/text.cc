#include "review/text.h"

#include <algorithm>
#include <limits>

#include "review/sensitive.h"

namespace cometbench::review {

std::string type_name(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
      return "integer";
    case nlohmann::json::value_t::number_float:
      return "number";
    case nlohmann::json::value_t::string:
      return "string";
    case nlohmann::json::value_t::array:
      return "array";
    case nlohmann::json::value_t::object:
      return "object";
    default:
      return "binary";
  }
}

std::string count_of(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::size_t char_count(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

std::string describe_value(const nlohmann::json& value) {
  if (value.is_string()) {
    return "a string of " +
           count_of(char_count(value.get_ref<const std::string&>()), "char", "chars");
  }
  if (value.is_array()) return "an array of " + count_of(value.size(), "item", "items");
  if (value.is_object()) return "an object of " + count_of(value.size(), "key", "keys");
  if (value.is_null()) return "null";
  if (value.is_number_integer()) return "an integer";
  return "a " + type_name(value);
}

std::string quote_safe(std::string_view value) {
  // Plain tokens (ids, enum values) are what a reader needs to see; anything longer or with
  // other characters could be prose, a prompt or a key, so only its size is reported.
  constexpr std::size_t kMaxQuoted = 64;
  const bool plain = !value.empty() && value.size() <= kMaxQuoted &&
                     std::all_of(value.begin(), value.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
                              c == ':' || c == ' ';
                     });
  if (plain && !contains_secret(value)) return "\"" + std::string(value) + "\"";
  if (value.empty()) return "an empty string";
  return "a string of " + count_of(char_count(value), "char", "chars");
}

std::optional<std::int64_t> as_int64(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    return u > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  return std::nullopt;
}

}  // namespace cometbench::review
