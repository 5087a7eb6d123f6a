#include "review/sensitive_values.h"

#include <array>

#include "review/rules.h"
#include "review/sensitive_keys.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_alnum(c) || c == '_'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 6750 b64token characters.
bool is_token_char(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=';
}

// Case-insensitive: does `text` hold the lower-case `word` at `i`?
bool word_at(std::string_view text, std::size_t i, std::string_view word) {
  if (i + word.size() > text.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower(text[i + k]) != word[k]) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view text, std::string_view needle, std::size_t from = 0) {
  for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
    if (word_at(text, i, needle)) return i;
  }
  return std::string_view::npos;
}

bool has_whole_word_ci(std::string_view text, std::string_view word) {
  for (std::size_t i = find_ci(text, word); i != std::string_view::npos;
       i = find_ci(text, word, i + 1)) {
    const std::size_t end = i + word.size();
    if ((i == 0 || !is_word_char(text[i - 1])) && (end == text.size() || !is_word_char(text[end])))
      return true;
  }
  return false;
}

// The token after `<scheme> ` (scheme lower-case, matched case-insensitively at a word start).
std::optional<std::string_view> scheme_token(std::string_view text, std::string_view scheme,
                                             std::size_t& from) {
  for (std::size_t i = find_ci(text, scheme, from); i != std::string_view::npos;
       i = find_ci(text, scheme, i + 1)) {
    from = i + 1;
    if (i > 0 && is_alnum(text[i - 1])) continue;
    std::size_t j = i + scheme.size();
    const std::size_t spaces = j;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j == spaces) continue;
    const std::size_t start = j;
    while (j < text.size() && is_token_char(text[j])) ++j;
    return text.substr(start, j - start);
  }
  return std::nullopt;
}

// Prose such as "missing Bearer authentication" must not count, so the token needs 8+
// characters and either a digit or punctuation (every real key has one) or 20+ characters.
std::optional<ValueMatch> find_bearer(std::string_view text) {
  std::size_t from = 0;
  while (const auto token = scheme_token(text, "bearer", from)) {
    bool strong = false;
    for (char c : *token) strong = strong || !is_alnum(c) || is_digit(c);
    if (token->size() >= 8 && (strong || token->size() >= 20)) {
      return ValueMatch{
          rules::kBearerToken, "a Bearer token",
          "\"Bearer ****\", a token of " + std::to_string(token->size()) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (is_digit(c)) return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Basic credentials are base64 of "user:password": decoding tells them from prose such as
// "Basic authentication failed".
bool is_basic_credential(std::string_view token) {
  while (!token.empty() && token.back() == '=') token.remove_suffix(1);
  if (token.size() < 4 || token.size() % 4 == 1) return false;
  std::uint32_t bits = 0;
  int count = 0;
  bool colon = false;
  for (char c : token) {
    const int v = base64_value(c);
    if (v < 0) return false;
    bits = (bits << 6U) | static_cast<std::uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      const auto byte = static_cast<unsigned char>((bits >> static_cast<unsigned>(count)) & 0xFFU);
      if (byte < 0x20 || byte == 0x7F) return false;
      colon = colon || byte == ':';
    }
  }
  return colon;
}

std::optional<ValueMatch> find_basic(std::string_view text) {
  std::size_t from = 0;
  while (const auto token = scheme_token(text, "basic", from)) {
    if (is_basic_credential(*token)) {
      return ValueMatch{rules::kBasicAuth, "HTTP Basic credentials",
                        "\"Basic ****\", " + std::to_string(token->size()) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

// OpenAI-style keys (`sk-...`, `sk-proj-...`, `sk_live_...`), which CometAPI keys follow.
// The `sk` must start a word so "task-0123456789abcdefgh" is not a key.
std::optional<ValueMatch> find_sk_key(std::string_view text) {
  constexpr std::size_t kMinBody = 16;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (text[i] != 's' || text[i + 1] != 'k' || (text[i + 2] != '-' && text[i + 2] != '_')) {
      continue;
    }
    if (i > 0 && is_alnum(text[i - 1])) continue;
    std::size_t j = i + 3;
    while (j < text.size() && (is_alnum(text[j]) || text[j] == '-' || text[j] == '_')) ++j;
    if (j - (i + 3) >= kMinBody) {
      return ValueMatch{rules::kSecretKey, "an sk- style key",
                        "\"sk" + std::string(1, text[i + 2]) + "****\", a key of " +
                            std::to_string(j - i) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

// The name only when it is a plain short word (it matched a credential name, so it is one).
std::string parameter_words(std::string_view name) {
  for (char c : name) {
    if (!is_word_char(c) && c != '-' && c != '.')
      return "of " + std::to_string(name.size()) + " chars";
  }
  return std::string(name);
}

bool ends_url_part(char c) { return c == '&' || c == '#' || c == ' ' || c == '"' || c == '\''; }

std::optional<ValueMatch> find_url_credential(std::string_view text) {
  // `scheme://user:password@host`.
  for (std::size_t i = text.find("://"); i != std::string_view::npos; i = text.find("://", i + 1)) {
    const std::size_t start = i + 3;
    std::size_t end = start;
    while (end < text.size() && text[end] != '/' && text[end] != '?' && !ends_url_part(text[end]))
      ++end;
    const auto authority = text.substr(start, end - start);
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos)
      return ValueMatch{rules::kCredentialInUrl, "a credential in a URL",
                        "a user:password part, redacted"};
  }
  // `?api_key=...`, `&access_token=...`, `?key=...`.
  for (std::size_t i = text.find_first_of("?&"); i != std::string_view::npos;
       i = text.find_first_of("?&", i + 1)) {
    const std::size_t eq = text.find('=', i + 1);
    if (eq == std::string_view::npos) break;
    const auto name = text.substr(i + 1, eq - i - 1);
    if (name.empty() || name.size() > 64 || name.find_first_of("?& \"") != std::string_view::npos)
      continue;
    std::size_t end = eq + 1;
    while (end < text.size() && !ends_url_part(text[end])) ++end;
    const std::string normalized = normalize_key(name);
    if (end > eq + 1 && (is_credential_name(normalized) || normalized == "key" ||
                         normalized == "sig" || normalized == "signature")) {
      return ValueMatch{rules::kCredentialInUrl, "a credential in a URL",
                        "query parameter " + parameter_words(name) + " with a value of " +
                            std::to_string(end - eq - 1) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

std::optional<ValueMatch> find_email(std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    if (at == 0 || !is_local_char(text[at - 1])) continue;
    std::size_t end = at + 1;
    std::size_t last_dot = std::string_view::npos;
    while (end < text.size() && (is_alnum(text[end]) || text[end] == '-' || text[end] == '.')) {
      if (text[end] == '.') last_dot = end;
      ++end;
    }
    if (last_dot == std::string_view::npos || last_dot == at + 1) continue;
    std::size_t tld = 0;
    for (std::size_t k = last_dot + 1; k < end && !is_digit(text[k]) && text[k] != '-'; ++k) ++tld;
    if (tld >= 2 && tld == end - last_dot - 1) {
      return ValueMatch{rules::kEmailAddress, "an e-mail address", "redacted"};
    }
  }
  return std::nullopt;
}

std::optional<ValueMatch> find_price(std::string_view text) {
  const ValueMatch price{rules::kBillingField, "a price", "a currency amount, redacted"};
  constexpr std::string_view kEuro = "\xE2\x82\xAC";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t sign = text[i] == '$' ? 1 : text.substr(i).starts_with(kEuro) ? 3 : 0;
    if (sign > 0 && i + sign < text.size() && is_digit(text[i + sign])) return price;
  }
  for (std::string_view currency : {"usd", "eur", "cny"}) {
    for (std::size_t i = find_ci(text, currency); i != std::string_view::npos;
         i = find_ci(text, currency, i + 1)) {
      const std::size_t end = i + currency.size();
      if ((i > 0 && is_alnum(text[i - 1])) || (end < text.size() && is_alnum(text[end]))) continue;
      std::size_t before = i;
      while (before > 0 && text[before - 1] == ' ') --before;
      std::size_t after = end;
      while (after < text.size() && text[after] == ' ') ++after;
      if ((before > 0 && is_digit(text[before - 1])) ||
          (after < text.size() && is_digit(text[after]))) {
        return price;
      }
    }
  }
  return std::nullopt;
}

// "99.9%", "99.95 %": the way uptime is claimed.
bool has_nines_percent(std::string_view text) {
  for (std::size_t i = 0; i + 3 < text.size(); ++i) {
    if (text[i] != '9' || text[i + 1] != '9' || (i > 0 && is_digit(text[i - 1]))) continue;
    std::size_t j = i + 2;
    if (j < text.size() && text[j] == '.') {
      ++j;
      while (j < text.size() && is_digit(text[j])) ++j;
    }
    while (j < text.size() && text[j] == ' ') ++j;
    if (j < text.size() && text[j] == '%') return true;
  }
  return false;
}

std::optional<ValueMatch> find_shapes_of_data(std::string_view text) {
  if (find_ci(text, "x-ratelimit-") != std::string_view::npos) {
    return ValueMatch{rules::kRateLimitField, "rate-limit data", "an x-ratelimit-* header"};
  }
  if (auto m = find_price(text)) return m;
  if (has_whole_word_ci(text, "uptime") || has_whole_word_ci(text, "availability") ||
      has_whole_word_ci(text, "sla") || has_nines_percent(text)) {
    return ValueMatch{rules::kAvailabilityClaim, "an availability or uptime claim", "not quoted"};
  }
  static constexpr std::array<std::string_view, 6> kBodyMarks{"\"choices\"",
                                                              "\"object\":\"chat.completion",
                                                              "\"object\": \"chat.completion",
                                                              "data: {",
                                                              "<html",
                                                              "<!doctype"};
  for (auto mark : kBodyMarks) {
    if (find_ci(text, mark) != std::string_view::npos) {
      return ValueMatch{rules::kContentField, "a raw response body",
                        "a string of " + std::to_string(char_count(text)) + " chars, not quoted"};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ValueMatch> find_secret_value(std::string_view text) {
  if (auto m = find_bearer(text)) return m;
  if (auto m = find_basic(text)) return m;
  if (auto m = find_sk_key(text)) return m;
  if (auto m = find_url_credential(text)) return m;
  return find_email(text);
}

std::optional<ValueMatch> find_sensitive_value(std::string_view text) {
  if (auto m = find_secret_value(text)) return m;
  return find_shapes_of_data(text);
}

}  // namespace cometbench::review
