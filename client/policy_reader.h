#pragma once

// Typed, located reads of the members of a policy document, for the field table
// (client/policy_fields.h). Internal to the client library.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "client/policy.h"

namespace cometbench::client::policy_fields {

using Json = nlohmann::json;

/// An enum value and the token that spells it in a policy document.
template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

inline constexpr std::array<EnumName<Jitter>, 5> kJitterNames{{
    {"none", Jitter::none},
    {"full", Jitter::full},
    {"equal", Jitter::equal},
    {"decorrelated", Jitter::decorrelated},
    {"openai", Jitter::openai},
}};
inline constexpr std::array<EnumName<RetryAfterOverCap>, 2> kOverCapNames{{
    {"give_up", RetryAfterOverCap::give_up},
    {"use_backoff", RetryAfterOverCap::use_backoff},
}};
inline constexpr std::array<EnumName<RetryAfterZero>, 2> kZeroNames{{
    {"use_backoff", RetryAfterZero::use_backoff},
    {"immediately", RetryAfterZero::immediately},
}};
inline constexpr std::array<EnumName<StreamCommit>, 2> kStreamCommitNames{{
    {"first_chunk", StreamCommit::first_chunk},
    {"headers", StreamCommit::headers},
}};
inline constexpr std::array<EnumName<CutBody>, 2> kCutBodyNames{{
    {"transfer_failure", CutBody::transfer_failure},
    {"by_status", CutBody::by_status},
}};

/// The token of `value` in `names` ("" when absent, which a complete table never allows).
template <typename E, std::size_t N>
constexpr std::string_view name_of(const std::array<EnumName<E>, N>& names, E value) {
  for (const auto& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

/// A short, safe rendering of a JSON value for error messages ("a string", "an array", 3).
std::string describe(const Json& value);

/// Typed reads of the members of one policy document, with errors that name the file and the
/// JSON pointer (`prefix` + the member's pointer). Borrows both strings.
class FieldReader {
 public:
  FieldReader(const std::string& file, const std::string& prefix) : file_(file), prefix_(prefix) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const;

  /// The pointer of member `key` (RFC 6901 escaped), and of `sub` inside it.
  std::string at(std::string_view key) const;
  std::string at(std::string_view key, std::string_view sub) const;

  std::int64_t integer(const Json& v, const std::string& ptr, std::int64_t min,
                       std::int64_t max) const;
  bool boolean(const Json& v, const std::string& ptr) const;
  void expect_object(const Json& v, const std::string& ptr) const;
  /// Fails on the first member of object `v` whose key is not in `keys`, listing `keys`.
  void known_keys(const Json& v, std::span<const std::string_view> keys,
                  const std::string& base) const;

  template <typename E, std::size_t N>
  E choice(const Json& v, const std::string& ptr, const std::array<EnumName<E>, N>& options) const {
    std::string names;
    for (const auto& [name, value] : options) {
      names += (names.empty() ? "" : ", ") + std::string(name);
      if (v.is_string() && v.get_ref<const std::string&>() == name) return value;
    }
    fail(ptr, "expected one of " + names + ", got " + describe(v));
  }

 private:
  const std::string& file_;
  const std::string& prefix_;
};

}  // namespace cometbench::client::policy_fields
