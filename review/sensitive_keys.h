#pragma once

#include <string>
#include <string_view>

// What a field's name says it holds. Names are compared in one normalized spelling, so
// `X-API-Key`, `XApiKey`, `apiKey` and `api.key` are the same name.
namespace cometbench::review {

/// Lower-case, with `-`, `.`, spaces and camelCase humps (acronyms included) turned into `_`:
/// `XApiKey` -> `x_api_key`, `HTTPStatus` -> `http_status`, `x-ratelimit-remaining` ->
/// `x_ratelimit_remaining`.
std::string normalize_key(std::string_view key);

/// The never-record classes a field name can announce, in the order they are tried.
enum class KeyClass {
  kNone,
  kCredential,    // authorization, api_key, XApiKey, token, password, cookie, ...
  kRateLimit,     // x-ratelimit-*, rate_limit_*, ratelimit
  kBilling,       // price, cost, quota, balance, credit, fee, charge, spend, usd, ...
  kAvailability,  // availability, uptime, sla, slo
  kContent,       // prompt, messages, content, completion, response, body, raw_*, *_text, ...
  kIdentifier,    // customer, account, user, organization, org, tenant (+ _id, _email, ...)
};

/// The class of a normalized name (see normalize_key).
KeyClass classify_key(std::string_view normalized);

/// True for a normalized name that names a credential (also used for URL query parameters).
bool is_credential_name(std::string_view normalized);

}  // namespace cometbench::review
