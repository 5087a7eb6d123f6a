#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "review/collector.h"

// DESIGN.md section 5 and the review guide's never-record list: no record may hold the API key
// or any other credential, prompt or completion text, raw bodies, customer, account, user or
// organization identifiers, e-mail addresses, rate-limit or quota values, prices, or
// availability claims. These checks look at every key and string of a record, at any depth.
namespace cometbench::review {

/// True when `text` has any never-record shape (see find_sensitive_value).
bool contains_secret(std::string_view text);

/// Reports the never-record findings for `record` (the object parsed from log line `line`), by
/// field name (review/sensitive_keys.h) and by value shape (review/sensitive_values.h).
/// Messages name the field by JSON pointer and describe the value's kind and size, never its
/// text.
/// Iterative, so a hostile line nested a million levels deep cannot exhaust the stack.
void scan_sensitive(const nlohmann::json& record, std::size_t line, Collector& out);

}  // namespace cometbench::review
