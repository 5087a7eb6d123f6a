#pragma once

// One table per enum that spells its values in files and records: the same table turns a value
// into its token and a token into its value, so the two directions cannot disagree, and the
// list of tokens in an error message comes from it too.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cometbench::json {

/// An enum value and the token that spells it.
template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

/// The token of `value` ("" when the table lacks it; a complete table never does, and the
/// tables' tests check every value).
template <typename E, std::size_t N>
constexpr std::string_view name_of(const std::array<EnumName<E>, N>& names, E value) {
  for (const auto& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

/// The value spelled `token`, if any.
template <typename E, std::size_t N>
constexpr std::optional<E> value_of(const std::array<EnumName<E>, N>& names,
                                    std::string_view token) {
  for (const auto& entry : names) {
    if (entry.name == token) return entry.value;
  }
  return std::nullopt;
}

/// The tokens joined with `separator`: "none, full, equal".
template <typename E, std::size_t N>
std::string names_list(const std::array<EnumName<E>, N>& names, std::string_view separator = ", ") {
  std::string out;
  for (const auto& entry : names) {
    if (!out.empty()) out += separator;
    out += entry.name;
  }
  return out;
}

/// True when every token is distinct and every value is distinct: a table is one-to-one.
template <typename E, std::size_t N>
constexpr bool one_to_one(const std::array<EnumName<E>, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = i + 1; j < N; ++j) {
      if (names[i].name == names[j].name || names[i].value == names[j].value) return false;
    }
  }
  return true;
}

}  // namespace cometbench::json
