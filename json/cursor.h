#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "json/enum_names.h"
#include "json/input_error.h"
#include "json/text.h"

namespace cometbench::json {

/// The key by which a file names its JSON Schema.
inline constexpr std::string_view kSchemaKey = "$schema";

/// "a string", "a number", "an object", "an array", "a boolean" or "null": what a value is,
/// without quoting it (a string in a user's file may be a key or a prompt).
std::string describe_type(const Json& value);

/// describe_type(), except that numbers, booleans and short plain tokens (letters, digits,
/// `_.:-`, at most 40 characters) are shown as they are: `3`, `true`, `"fulll"`. For values that
/// should have been one of a few words or numbers.
std::string describe_value(const Json& value);

/// The candidate closest to `word` when it is close enough to be a typo of it: the same letters
/// in another case, or at most 2 edits (insert, delete, replace, swap two neighbours) for a word
/// of 5 or more characters, 1 for a shorter one. nullopt when none is.
std::optional<std::string_view> closest(std::string_view word,
                                        std::span<const std::string_view> candidates);

/// A JSON value plus where it sits (file and JSON pointer), with strict typed reads whose
/// failures throw InputError at that place with "expected X, got Y". Views only: the value
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
  /// fails at its own pointer with `unknown key "k" (expected one of: a, b)`, or
  /// `unknown key "k", did you mean "a"? (expected one of: a, b)` when it is close to one.
  void expect_keys(std::span<const std::string_view> allowed) const;
  void expect_keys(std::initializer_list<std::string_view> allowed) const {
    expect_keys(std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  /// expect_keys() for the top-level object of a file, which may also hold `$schema`: a string
  /// naming the file's JSON Schema, for editors. It is not listed in the error.
  void expect_file_keys(std::span<const std::string_view> allowed) const;
  void expect_file_keys(std::initializer_list<std::string_view> allowed) const {
    expect_file_keys(std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  /// Fails unless this is an array; returns its size.
  std::size_t array_size() const;

  std::string as_string() const;
  bool as_bool() const;
  /// An integer in [min, max]: `expected an integer from MIN to MAX (NOTE), got X`, where X is
  /// the number itself or the type found. Floats such as 200.0 are not integers.
  std::int64_t as_int(std::int64_t min, std::int64_t max, std::string_view note = {}) const;
  /// A number (integer or not) in [min, max]: `expected a number from MIN to MAX, got X`.
  double as_number(double min, double max) const;
  /// One of the tokens of `names`: `expected one of a, b, got X`, with a "did you mean" when
  /// a string is close to one of them.
  template <typename E, std::size_t N>
  E as_enum(const std::array<EnumName<E>, N>& names) const {
    if (value_->is_string()) {
      if (const auto value = value_of(names, value_->get_ref<const std::string&>())) {
        return *value;
      }
    }
    std::array<std::string_view, N> tokens;
    for (std::size_t i = 0; i < N; ++i) tokens[i] = names[i].name;
    fail_one_of(tokens);
  }
  /// Fails with `expected one of a, b, got X`, and a "did you mean" when this is a string close
  /// to one of `tokens`: for values that must be one of a few words.
  [[noreturn]] void fail_one_of(std::span<const std::string_view> tokens) const;

 private:
  void check_keys(std::span<const std::string_view> allowed, bool schema_key) const;

  const Json* value_;
  const std::string* file_;
  std::string pointer_;
};

}  // namespace cometbench::json
