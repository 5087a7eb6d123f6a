#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "review/collector.h"

// DESIGN.md section 5: no record may hold the API key, prompt or completion text, full bodies,
// prices or quotas. These checks look at every key and string of a record, at any depth.
namespace cometbench::review {

/// True when `text` holds a Bearer token or an sk- style key (see `scan_sensitive`).
bool contains_secret(std::string_view text);

/// Reports `bearer_token`, `secret_key`, `credential_field`, `content_field` and
/// `billing_field` findings for `record` (the object parsed from log line `line`). Messages
/// name the field by JSON pointer and describe the value's kind and size, never its text.
/// Iterative, so a hostile line nested a million levels deep cannot exhaust the stack.
void scan_sensitive(const nlohmann::json& record, std::size_t line, Collector& out);

}  // namespace cometbench::review
