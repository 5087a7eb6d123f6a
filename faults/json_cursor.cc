#include "faults/json_cursor.h"

#include <algorithm>

namespace cometbench::faults {

std::string pointer_token(std::string_view key) {
  // RFC 6901 escaping (~0, ~1) as nlohmann's json_pointer writes it.
  return (nlohmann::json::json_pointer{} / std::string(key)).to_string().substr(1);
}

std::string describe_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return "an unsupported value";
}

void Cursor::fail(const std::string& message) const {
  throw FixtureError(*file_, pointer_, message);
}

Cursor Cursor::child(std::string_view key) const {
  return Cursor(value_->at(std::string(key)), *file_, pointer_ + "/" + pointer_token(key));
}

Cursor Cursor::child(std::string_view key, const Json& member) const {
  return Cursor(member, *file_, pointer_ + "/" + pointer_token(key));
}

Cursor Cursor::element(std::size_t index) const {
  return Cursor(value_->at(index), *file_, pointer_ + "/" + std::to_string(index));
}

std::optional<Cursor> Cursor::find(std::string_view key) const {
  if (!value_->is_object() || !value_->contains(key)) return std::nullopt;
  return child(key);
}

Cursor Cursor::required(std::string_view key) const {
  auto member = find(key);
  if (!member) fail("missing required key \"" + std::string(key) + "\"");
  return *member;
}

void Cursor::expect_object() const {
  if (!value_->is_object()) fail("expected an object, got " + describe_type(*value_));
}

void Cursor::expect_keys(std::initializer_list<std::string_view> allowed) const {
  expect_object();
  for (const auto& [key, value] : value_->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const std::string_view name : allowed) {
      list += (list.empty() ? "" : ", ") + std::string(name);
    }
    child(key).fail("unknown key \"" + key + "\" (expected one of: " + list + ")");
  }
}

std::size_t Cursor::array_size() const {
  if (!value_->is_array()) fail("expected an array, got " + describe_type(*value_));
  return value_->size();
}

std::string Cursor::as_string() const {
  if (!value_->is_string()) fail("expected a string, got " + describe_type(*value_));
  return value_->get<std::string>();
}

bool Cursor::as_bool() const {
  if (!value_->is_boolean()) fail("expected true or false, got " + describe_type(*value_));
  return value_->get<bool>();
}

std::int64_t Cursor::as_int(std::int64_t min, std::int64_t max, std::string_view note) const {
  std::string expected =
      "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!note.empty()) expected += " (" + std::string(note) + ")";
  if (value_->is_number_unsigned()) {
    const auto v = value_->get<std::uint64_t>();
    if (max >= 0 && v <= static_cast<std::uint64_t>(max) &&
        (min <= 0 || v >= static_cast<std::uint64_t>(min))) {
      return static_cast<std::int64_t>(v);
    }
    fail(expected + ", got " + std::to_string(v));
  }
  if (value_->is_number_integer()) {
    const auto v = value_->get<std::int64_t>();
    if (v >= min && v <= max) return v;
    fail(expected + ", got " + std::to_string(v));
  }
  // A float is shown as written-ish (200.0, 1.5, 1e+100): numbers never hold secrets.
  if (value_->is_number_float()) fail(expected + ", got " + value_->dump());
  fail(expected + ", got " + describe_type(*value_));
}

}  // namespace cometbench::faults
