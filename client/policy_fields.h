#pragma once

// The table of retry policy keys (docs/policy.md "Fields"). One entry per key says how the key
// is read, how it is printed and how docs/policy.md describes it, so that adding a field is one
// struct member plus one table row. Internal to the client library: users call
// parse_policy() and to_json() (client/policy.h).

#include <array>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "client/policy.h"
#include "client/policy_names.h"
#include "json/cursor.h"

namespace cometbench::client::policy_fields {

using Json = nlohmann::json;

/// One key of a policy object.
struct PolicyField {
  std::string_view key;
  std::string_view meaning;  ///< docs/policy.md's "meaning" column (Markdown)
  /// Reads the member `at` into `policy`; throws PolicyError.
  void (*read)(const json::Cursor& at, RetryPolicy& policy);
  Json (*write)(const RetryPolicy& policy);
  std::string (*type)();  ///< docs/policy.md's "type" column (Markdown)
};

/// Every field, in the order documents list them (to_json sorts keys anyway).
std::span<const PolicyField> fields();

/// The field named `key`, or nullptr.
const PolicyField* find(std::string_view key);

/// Every key a policy object may hold, in the order error messages list them: "preset" first,
/// then the fields. (`$schema` is also accepted but not listed: it is not a policy setting.)
std::span<const std::string_view> listed_keys();

/// The rows of docs/policy.md's field table, header included, one line each; the docs hold
/// this text between the `policy-fields` markers and a test keeps the two equal.
std::string fields_markdown();

}  // namespace cometbench::client::policy_fields
