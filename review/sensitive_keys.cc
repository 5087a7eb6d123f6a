#include "review/sensitive_keys.h"

#include <algorithm>
#include <initializer_list>
#include <vector>

namespace cometbench::review {

namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_any(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [s](std::string_view x) { return s.ends_with(x); });
}

std::vector<std::string_view> words_of(std::string_view k) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start <= k.size()) {
    std::size_t end = k.find('_', start);
    if (end == std::string_view::npos) end = k.size();
    if (end > start) words.push_back(k.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

bool has_word(const std::vector<std::string_view>& words,
              std::initializer_list<std::string_view> wanted) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
    return std::find(wanted.begin(), wanted.end(), w) != wanted.end();
  });
}

std::string squashed(std::string_view k) {
  std::string out;
  std::copy_if(k.begin(), k.end(), std::back_inserter(out), [](char c) { return c != '_'; });
  return out;
}

bool is_rate_limit(std::string_view k, const std::vector<std::string_view>& words) {
  if (has_word(words, {"ratelimit", "ratelimits"})) return true;
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "rate" && (words[i + 1] == "limit" || words[i + 1] == "limits")) return true;
  }
  return k.starts_with("x_ratelimit");
}

bool is_billing(const std::vector<std::string_view>& words) {
  // Any word of the name: "cost_usd", "quota_remaining", "account_balance", "totalCost".
  return has_word(words,
                  {"price",   "prices", "pricing", "cost",      "costs", "amount",  "quota",
                   "balance", "credit", "credits", "remaining", "usd",   "billing", "fee",
                   "fees",    "charge", "charges", "charged",   "spend", "spent",   "invoice"});
}

bool is_content(std::string_view k) {
  // Whole names, prefixes and suffixes only: "input_tokens" and "output_tokens" are usage
  // counts, "response_object_type" is the guide's own field, "status_text" a reason phrase.
  if (k == "status_text") return false;
  return is_any(k, {"prompt", "prompts", "messages", "content", "completion", "completions", "text",
                    "choices", "body", "input", "output", "delta", "response", "responses", "raw",
                    "answer", "reply", "payload", "generated_text"}) ||
         k.starts_with("raw_") ||
         ends_with_any(k, {"_prompt", "_messages", "_completion", "_body", "_content", "_text",
                           "_response", "_payload"});
}

bool is_identifier(std::string_view k, const std::vector<std::string_view>& words) {
  // user_agent names the client software, not a person.
  if (k == "user_agent" || k == "http_user_agent") return false;
  return has_word(words, {"customer", "customers", "account", "accounts", "user", "users",
                          "username", "userid", "organization", "organizations", "organisation",
                          "org", "orgs", "tenant", "tenants", "email", "e_mail"});
}

}  // namespace

std::string normalize_key(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 4);
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    // A hump starts at an upper-case letter after a lower-case one ("apiKey"), or at the last
    // upper-case letter of an acronym that a lower-case letter follows ("XApiKey", "HTTPCode").
    if (is_upper(c) && i > 0 &&
        (is_lower_or_digit(key[i - 1]) ||
         (is_upper(key[i - 1]) && i + 1 < key.size() && key[i + 1] >= 'a' && key[i + 1] <= 'z'))) {
      out += '_';
    }
    out += (c == '-' || c == '.' || c == ' ') ? '_' : lower(c);
  }
  return out;
}

bool is_credential_name(std::string_view k) {
  // Exact "token" and "*_token", never "*_tokens": prompt_tokens and max_tokens are counts.
  if (is_any(k, {"authorization", "api_key", "apikey", "token", "secret", "password", "passwd",
                 "bearer", "cookie", "set_cookie", "credential", "credentials"}) ||
      ends_with_any(k, {"_authorization", "_api_key", "_apikey", "_token", "_secret", "_password",
                        "_credentials"})) {
    return true;
  }
  // Any spelling of the compound: "XAPIKEY", "x_apikey", "Api_Key", "accessKey".
  return ends_with_any(squashed(k),
                       {"apikey", "accesskey", "secretkey", "privatekey", "clientsecret"});
}

KeyClass classify_key(std::string_view k) {
  const auto words = words_of(k);
  if (is_credential_name(k)) return KeyClass::kCredential;
  if (is_rate_limit(k, words)) return KeyClass::kRateLimit;
  if (is_billing(words)) return KeyClass::kBilling;
  if (has_word(words, {"availability", "uptime", "sla", "slo"})) return KeyClass::kAvailability;
  if (is_content(k)) return KeyClass::kContent;
  if (is_identifier(k, words)) return KeyClass::kIdentifier;
  return KeyClass::kNone;
}

}  // namespace cometbench::review
