#pragma once

#include <optional>
#include <string>
#include <string_view>

// What a string's shape says it holds, whatever its field is called: the never-record list
// (DESIGN.md section 5 and the review guide) by value.
namespace cometbench::review {

struct ValueMatch {
  std::string_view rule;  // a rule id from review/rules.h
  std::string what;       // "a Bearer token", "an e-mail address", ...
  std::string hint;       // how much of it a message may show: never the value itself
};

/// The first of these shapes found in `text`, tried in this order: `Bearer <token>`,
/// `Basic <base64 of user:password>`, an sk- style key, a credential in a URL (a credential
/// query parameter such as `?api_key=...`, or `user:password@`), an e-mail address, an
/// `x-ratelimit-*` header, a price (`$0.02`, `0.02 USD`), an availability claim (`uptime`,
/// `availability`, `99.9%`), a raw response body (`"choices"`, `"object":"chat.completion`,
/// `data: {`, `<html`).
std::optional<ValueMatch> find_sensitive_value(std::string_view text);

/// Only the first five of those shapes: a credential or an e-mail address. Field names are
/// checked for these (a key that is itself a secret); a name such as `availability` or
/// `x-ratelimit-remaining` says what its value holds and is judged as a name instead.
std::optional<ValueMatch> find_secret_value(std::string_view text);

}  // namespace cometbench::review
