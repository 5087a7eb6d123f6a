#include "client/policy_reader.h"

#include <algorithm>

namespace cometbench::client::policy_fields {
namespace {

std::string escape_pointer_token(std::string_view token) {
  // RFC 6901 escaping (~0, ~1) as nlohmann's json_pointer writes it.
  return (nlohmann::json::json_pointer{} / std::string(token)).to_string().substr(1);
}

}  // namespace

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      std::string text = value.dump();
      if (text.size() > 42) text = text.substr(0, 40) + "...\"";
      return text;
    }
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return value.dump();
  }
}

void FieldReader::fail(const std::string& pointer, const std::string& message) const {
  throw PolicyError(file_, pointer, message);
}

std::string FieldReader::at(std::string_view key) const {
  return prefix_ + "/" + escape_pointer_token(key);
}

std::string FieldReader::at(std::string_view key, std::string_view sub) const {
  return at(key) + "/" + escape_pointer_token(sub);
}

std::int64_t FieldReader::integer(const Json& v, const std::string& ptr, std::int64_t min,
                                  std::int64_t max) const {
  const std::string expected =
      "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if ((min > 0 && u < static_cast<std::uint64_t>(min)) || u > static_cast<std::uint64_t>(max)) {
      fail(ptr, expected + ", got " + v.dump());
    }
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    if (i < min || i > max) fail(ptr, expected + ", got " + v.dump());
    return i;
  }
  fail(ptr, expected + ", got " + describe(v));
}

bool FieldReader::boolean(const Json& v, const std::string& ptr) const {
  if (!v.is_boolean()) fail(ptr, "expected true or false, got " + describe(v));
  return v.get<bool>();
}

void FieldReader::expect_object(const Json& v, const std::string& ptr) const {
  if (!v.is_object()) fail(ptr, "expected an object, got " + describe(v));
}

void FieldReader::known_keys(const Json& v, std::span<const std::string_view> keys,
                             const std::string& base) const {
  for (const auto& [key, value] : v.items()) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string list;
    for (std::string_view k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
    fail(base + "/" + escape_pointer_token(key),
         "unknown key \"" + key + "\" (expected one of: " + list + ")");
  }
}

}  // namespace cometbench::client::policy_fields
