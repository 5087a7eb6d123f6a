#include "review/fields.h"

#include <algorithm>
#include <limits>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {
constexpr auto kMaxInt64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}  // namespace

bool is_snake_case(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z' || s.back() == '_') return false;
  char previous = ' ';
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && previous == '_')) return false;
    previous = c;
  }
  return true;
}

bool is_short_token(std::string_view s) { return s.size() <= kMaxTokenChars && is_snake_case(s); }

bool is_status_text(std::string_view s) {
  return s.size() == 3 && s[0] >= '1' && s[0] <= '5' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
         s[2] <= '9';
}

std::string join_or(std::span<const std::string_view> values) {
  std::string out;
  std::size_t i = 0;
  for (auto v : values) {
    if (i > 0) out += (i + 1 == values.size()) ? " or " : ", ";
    out += v;
    ++i;
  }
  return out;
}

bool contains(std::span<const std::string_view> set, std::string_view v) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

const nlohmann::json* Fields::find(std::string_view key, bool required) {
  const auto it = record_.find(key);
  if (it == record_.end()) {
    if (required) {
      out_.add(line_, rules::kMissingField,
               std::string(kind_) + " is missing \"" + std::string(key) + "\"");
    }
    return nullptr;
  }
  return &*it;
}

void Fields::wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& v) {
  out_.add(
      line_, rules::kWrongType,
      "\"" + std::string(key) + "\" must be " + std::string(expected) + ", got " + type_name(v));
}

void Fields::invalid(std::string_view key, const std::string& what, const std::string& expected) {
  out_.add(line_, rules::kInvalidValue,
           "\"" + std::string(key) + "\" is " + what + " (expected " + expected + ")");
}

std::optional<std::string> Fields::text(std::string_view key) {
  const auto* v = find(key, true);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    wrong_type(key, "a string", *v);
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty()) {
    invalid(key, "empty", "a non-empty string");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> Fields::one_of(std::string_view key,
                                          std::span<const std::string_view> allowed) {
  auto s = text(key);
  if (s && !contains(allowed, *s)) {
    invalid(key, quote_safe(*s), join_or(allowed));
    return std::nullopt;
  }
  return s;
}

void Fields::snake_case(std::string_view key) {
  if (auto s = text(key); s && !is_snake_case(*s)) {
    invalid(key, quote_safe(*s), "a snake_case token such as \"retryable_status\"");
  }
}

std::optional<std::int64_t> Fields::integer(std::string_view key, bool required, std::int64_t min) {
  const auto* v = find(key, required);
  if (v == nullptr || (!required && v->is_null())) return std::nullopt;
  const auto n = as_int64(*v);
  if (!n) {
    wrong_type(key, required ? "an integer" : "an integer or null", *v);
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > kMaxInt64) {
    invalid(key, v->dump(), "at most " + std::to_string(kMaxInt64));
    return std::nullopt;
  }
  if (*n < min) {
    invalid(key, v->dump(), std::to_string(min) + " or more");
    return std::nullopt;
  }
  return n;
}

std::optional<bool> Fields::boolean(std::string_view key) {
  const auto* v = find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    wrong_type(key, "a boolean (true or false)", *v);
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> Fields::optional_string(std::string_view key) {
  const auto* v = find(key, false);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    wrong_type(key, "a string or null", *v);
    return std::nullopt;
  }
  return v->get<std::string>();
}

StatusFacts Fields::status(std::string_view key) {
  StatusFacts facts;
  const auto* v = find(key, true);
  if (v == nullptr) return facts;
  if (!v->is_null() && !as_int64(*v)) {
    wrong_type(key, "an integer or null", *v);
    return facts;
  }
  facts.known = true;
  facts.code = v->is_null() ? std::nullopt : as_int64(*v);
  facts.text = v->dump();
  return facts;
}

void Fields::status_range(std::string_view key, const StatusFacts& s) {
  if (s.code && (*s.code < 100 || *s.code > 599)) {
    out_.add(line_, rules::kInvalidStatus,
             "\"" + std::string(key) + "\" is " + s.text +
                 ", not an HTTP status (100-599); a missing status must be null");
  }
}

}  // namespace cometbench::review
