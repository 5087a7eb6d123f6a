#include "review/logfmt.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <span>

namespace cometbench::review {

namespace {

// Record fields (DESIGN.md section 5) whose value is an integer or a boolean.
constexpr std::array<std::string_view, 9> kIntegerFields{"attempt_index",
                                                         "http_response_status_code",
                                                         "backoff_ms",
                                                         "attempt_start_ms",
                                                         "attempt_duration_ms",
                                                         "attempts",
                                                         "final_http_response_status_code",
                                                         "total_backoff_ms",
                                                         "elapsed_ms"};
constexpr std::array<std::string_view, 2> kBooleanFields{"finish_reason_seen", "usage_seen"};

bool is_one_of(std::string_view key, std::span<const std::string_view> names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

std::optional<std::int64_t> integer_text(std::string_view s) {
  std::int64_t value = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (s.empty() || ec != std::errc() || ptr != end || s.front() == '+') return std::nullopt;
  return value;
}

nlohmann::json typed(std::string_view key, std::string value, bool quoted) {
  const bool integer_field = is_one_of(key, kIntegerFields);
  if (integer_field || !quoted) {
    if (auto n = integer_text(value)) return *n;
  }
  if (is_one_of(key, kBooleanFields) || !quoted) {
    if (value == "true") return true;
    if (value == "false") return false;
  }
  if (!quoted && value == "null") return nullptr;
  return value;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view line) : s_(line) {
    while (!s_.empty() && (s_.back() == '\r' || s_.back() == ' ' || s_.back() == '\t')) {
      s_.remove_suffix(1);
    }
  }

  LogfmtResult run() {
    nlohmann::json object = nlohmann::json::object();
    skip_spaces();
    if (i_ == s_.size()) return fail("a key=value pair");
    while (i_ < s_.size()) {
      const std::size_t key_start = i_;
      while (i_ < s_.size() && is_key_char(s_[i_])) ++i_;
      if (i_ == key_start) return fail("a key");
      const std::string key(s_.substr(key_start, i_ - key_start));
      if (i_ == s_.size() || s_[i_] != '=') return fail("'=' after the key");
      ++i_;
      std::string value;
      bool quoted = false;
      if (i_ < s_.size() && s_[i_] == '"') {
        quoted = true;
        if (!quoted_value(value)) return fail(error_);
      } else {
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != '\t') {
          if (s_[i_] == '"') return fail("a space before the quote");
          if (is_control(s_[i_])) return fail("a value without control characters");
          ++i_;
        }
        value = std::string(s_.substr(start, i_ - start));
      }
      object[key] = typed(key, std::move(value), quoted);
      if (i_ < s_.size() && s_[i_] != ' ' && s_[i_] != '\t') {
        return fail("a space after the value");
      }
      skip_spaces();
    }
    return LogfmtResult{std::move(object), 0, {}};
  }

 private:
  // Printable ASCII: a record's keys are field names, and this keeps binary noise from
  // passing for a record.
  static bool is_key_char(char c) { return c > ' ' && c < 0x7F && c != '=' && c != '"'; }
  static bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7F;
  }

  void skip_spaces() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }

  LogfmtResult fail(const std::string& expected) {
    return LogfmtResult{std::nullopt, i_ + 1, expected};
  }

  bool quoted_value(std::string& out) {
    ++i_;  // the opening quote
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        ++i_;
        return true;
      }
      if (is_control(c)) {
        error_ = "a value without control characters";
        return false;
      }
      if (c != '\\') {
        out += c;
        ++i_;
        continue;
      }
      if (++i_ == s_.size()) break;
      const char e = s_[i_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          const auto* first = s_.data() + i_;
          const auto* last = first + std::min<std::size_t>(4, s_.size() - i_);
          const auto [ptr, ec] = std::from_chars(first, last, cp, 16);
          if (ec != std::errc() || ptr != first + 4) {
            error_ = "four hex digits after \\u";
            return false;
          }
          i_ += 4;
          append_utf8(out, cp);
          break;
        }
        default:
          i_ -= 2;  // at the backslash
          error_ = "a JSON escape (\\\" \\\\ \\n \\t \\uXXXX ...)";
          return false;
      }
    }
    error_ = "a closing quote";
    return false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

}  // namespace

LogfmtResult parse_logfmt(std::string_view line) { return Parser(line).run(); }

}  // namespace cometbench::review
