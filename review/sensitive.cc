#include "review/sensitive.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 6750 b64token characters.
bool is_token_char(char c) {
  return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' ||
         c == '=';
}

struct SecretMatch {
  std::string_view rule;
  std::string_view what;
  std::string hint;
};

// `Bearer <token>`. Prose such as "missing Bearer authentication" must not count, so the
// token needs 8+ characters and either a digit or punctuation (every real key has one) or
// 20+ characters. A test key like "test-key-123" still counts.
std::optional<SecretMatch> find_bearer(std::string_view text) {
  constexpr std::string_view kWord = "bearer";
  for (std::size_t i = 0; i + kWord.size() < text.size(); ++i) {
    if (i > 0 && is_alnum(text[i - 1])) continue;
    bool word = true;
    for (std::size_t k = 0; k < kWord.size() && word; ++k) word = lower(text[i + k]) == kWord[k];
    if (!word) continue;
    std::size_t j = i + kWord.size();
    const std::size_t spaces = j;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j == spaces) continue;
    const std::size_t start = j;
    bool strong = false;
    while (j < text.size() && is_token_char(text[j])) {
      strong = strong || !(is_alnum(text[j])) || (text[j] >= '0' && text[j] <= '9');
      ++j;
    }
    const std::size_t length = j - start;
    if (length >= 8 && (strong || length >= 20)) {
      return SecretMatch{
          rules::kBearerToken, "a Bearer token",
          "\"Bearer ****\", a token of " + std::to_string(length) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

// OpenAI-style keys (`sk-...`, `sk-proj-...`, `sk_live_...`), which CometAPI keys follow.
// The `sk` must start a word so "task-0123456789abcdefgh" is not a key.
std::optional<SecretMatch> find_sk_key(std::string_view text) {
  constexpr std::size_t kMinBody = 16;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (text[i] != 's' || text[i + 1] != 'k' || (text[i + 2] != '-' && text[i + 2] != '_')) {
      continue;
    }
    if (i > 0 && is_alnum(text[i - 1])) continue;
    std::size_t j = i + 3;
    while (j < text.size() && (is_alnum(text[j]) || text[j] == '-' || text[j] == '_')) ++j;
    if (j - (i + 3) >= kMinBody) {
      return SecretMatch{rules::kSecretKey, "an sk- style key",
                         "\"sk" + std::string(1, text[i + 2]) + "****\", a key of " +
                             std::to_string(j - i) + " chars, redacted"};
    }
  }
  return std::nullopt;
}

std::optional<SecretMatch> find_secret(std::string_view text) {
  if (auto m = find_bearer(text)) return m;
  return find_sk_key(text);
}

// "X-API-Key", "apiKey" and "api.key" all become "x_api_key" / "api_key".
std::string normalize_key(std::string_view key) {
  std::string out;
  out.reserve(key.size() + 4);
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool upper = c >= 'A' && c <= 'Z';
    if (upper && i > 0 &&
        ((key[i - 1] >= 'a' && key[i - 1] <= 'z') || (key[i - 1] >= '0' && key[i - 1] <= '9'))) {
      out += '_';
    }
    out += (c == '-' || c == '.' || c == ' ') ? '_' : lower(c);
  }
  return out;
}

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [s](std::string_view x) { return s.ends_with(x); });
}

bool is_any(std::string_view s, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

bool is_credential_key(std::string_view k) {
  // Exact "token" and "*_token", never "*_tokens": prompt_tokens and max_tokens are counts.
  return is_any(k, {"authorization", "api_key", "apikey", "token", "secret", "password", "passwd",
                    "bearer", "cookie", "set_cookie", "credential", "credentials"}) ||
         ends_with_any(k,
                       {"_authorization", "_api_key", "_apikey", "_token", "_secret", "_password"});
}

bool is_content_key(std::string_view k) {
  // Whole names only: "input_tokens" and "output_tokens" are usage counts, not text.
  return is_any(k, {"prompt", "prompts", "messages", "content", "completion", "completions", "text",
                    "choices", "body", "input", "output", "delta"}) ||
         ends_with_any(k, {"_prompt", "_messages", "_completion", "_body", "_content"});
}

bool is_billing_key(std::string_view k) {
  // Any word of the name: "cost_usd", "quota_remaining", "account_balance".
  static constexpr std::array<std::string_view, 13> kWords{
      "price",   "prices", "pricing", "cost",      "costs", "amount", "quota",
      "balance", "credit", "credits", "remaining", "usd",   "billing"};
  std::size_t start = 0;
  while (start <= k.size()) {
    std::size_t end = k.find('_', start);
    if (end == std::string_view::npos) end = k.size();
    const auto word = k.substr(start, end - start);
    if (std::find(kWords.begin(), kWords.end(), word) != kWords.end()) return true;
    start = end + 1;
  }
  return false;
}

bool has_value(const nlohmann::json& v) {
  if (v.is_null()) return false;
  // nlohmann's empty() is false for every string, so strings are checked by their text.
  if (v.is_string()) return !v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

// One container being walked; the pointer of a node is the tokens of the frames above it.
struct Frame {
  const nlohmann::json* node;
  nlohmann::json::const_iterator next;
  std::size_t index;
  std::string token;
};

// Paths appear in messages, so a key that is itself a secret, or long enough to be text
// (a client keying by prompt), is replaced by a description.
std::string path_token(const std::string& key) {
  constexpr std::size_t kMaxKey = 64;
  if (find_secret(key)) return "<redacted key>";
  if (key.size() > kMaxKey) return "<key of " + std::to_string(char_count(key)) + " chars>";
  return pointer_token(key);
}

std::string pointer_of(const std::vector<Frame>& stack, const std::string& last) {
  std::string out;
  for (std::size_t i = 1; i < stack.size(); ++i) out += "/" + stack[i].token;
  return out + "/" + last;
}

}  // namespace

bool contains_secret(std::string_view text) { return find_secret(text).has_value(); }

void scan_sensitive(const nlohmann::json& record, std::size_t line, Collector& out) {
  if (!record.is_structured() || record.empty()) return;
  std::vector<Frame> stack;
  stack.push_back(Frame{&record, record.cbegin(), 0, ""});
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.node->cend()) {
      stack.pop_back();
      continue;
    }
    const bool in_object = top.node->is_object();
    const std::string key = in_object ? top.next.key() : std::string();
    const std::string token = in_object ? path_token(key) : std::to_string(top.index);
    const nlohmann::json& child = *top.next;
    ++top.next;
    ++top.index;
    // `top` may dangle after this point (push_back below).

    // Built only when reporting: building it per node would cost O(depth^2) on deep input.
    const auto path = [&] { return pointer_of(stack, token); };
    if (in_object) {
      if (auto m = find_secret(key)) {
        out.add(
            line, m->rule,
            "key of field " + path() + " contains " + std::string(m->what) + " (" + m->hint + ")");
      }
      const std::string name = normalize_key(key);
      if (has_value(child)) {
        // A flagged field is reported once; its insides would only repeat the finding.
        if (is_credential_key(name)) {
          out.add(
              line, rules::kCredentialField,
              "field " + path() + " holds a credential (" + describe_value(child) + ", redacted)");
          continue;
        }
        if (is_content_key(name)) {
          out.add(line, rules::kContentField,
                  "field " + path() + " holds prompt or completion content (" +
                      describe_value(child) + ")");
          continue;
        }
        if (is_billing_key(name)) {
          out.add(line, rules::kBillingField,
                  "field " + path() + " holds price or quota data (" + describe_value(child) + ")");
          continue;
        }
      }
    }
    if (child.is_string()) {
      if (auto m = find_secret(child.get_ref<const std::string&>())) {
        out.add(line, m->rule,
                "field " + path() + " contains " + std::string(m->what) + " (" + m->hint + ")");
      }
    } else if (child.is_structured() && !child.empty()) {
      stack.push_back(Frame{&child, child.cbegin(), 0, token});
    }
  }
}

}  // namespace cometbench::review
