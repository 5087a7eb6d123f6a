#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "faults/fixture_error.h"
#include "faults/json_text.h"

namespace cometbench::faults {

/// `key` escaped as one RFC 6901 reference token: `~` -> `~0`, `/` -> `~1`.
std::string pointer_token(std::string_view key);

/// "a string", "a number", "an object", "an array", "a boolean" or "null".
std::string describe_type(const Json& value);

/// A JSON value plus where it sits (file and JSON pointer), with strict typed reads whose
/// failures throw FixtureError at that place with "expected X, got Y". Views only: the value
/// and the file name must outlive the cursor and every cursor derived from it.
class Cursor {
 public:
  Cursor(const Json& value, const std::string& file, std::string pointer = {})
      : value_(&value), file_(&file), pointer_(std::move(pointer)) {}

  const Json& json() const { return *value_; }
  const std::string& file() const { return *file_; }
  const std::string& pointer() const { return pointer_; }

  [[noreturn]] void fail(const std::string& message) const;

  /// The member `key` of this object; it must exist.
  Cursor child(std::string_view key) const;
  /// The member `key` whose value is `member`, found while iterating this object: no lookup,
  /// which matters because objects keep file order and search linearly.
  Cursor child(std::string_view key, const Json& member) const;
  /// The element `index` of this array; it must exist.
  Cursor element(std::size_t index) const;
  /// The member `key` if this object has it.
  std::optional<Cursor> find(std::string_view key) const;
  /// The member `key`; fails with `missing required key "key"` here when absent.
  Cursor required(std::string_view key) const;

  /// Fails unless this is an object.
  void expect_object() const;
  /// Fails unless this is an object whose keys all appear in `allowed`: the first other key
  /// fails at its own pointer with `unknown key "k" (expected one of: a, b)`.
  void expect_keys(std::initializer_list<std::string_view> allowed) const;
  /// Fails unless this is an array; returns its size.
  std::size_t array_size() const;

  std::string as_string() const;
  bool as_bool() const;
  /// An integer in [min, max]: `expected an integer from MIN to MAX (NOTE), got X`, where X is
  /// the number itself or the type found. Floats such as 200.0 are not integers.
  std::int64_t as_int(std::int64_t min, std::int64_t max, std::string_view note = {}) const;

 private:
  const Json* value_;
  const std::string* file_;
  std::string pointer_;
};

}  // namespace cometbench::faults
