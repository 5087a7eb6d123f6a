#include "review/record_checks.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>
#include <string_view>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

constexpr std::array<std::string_view, 3> kRetryDecisions{"retried", "not_retried",
                                                          "final_attempt"};
constexpr std::array<std::string_view, 6> kOutcomes{
    "success", "caller_error", "auth_error", "transient_failure", "cancelled", "unknown"};
// Error classes where no response (and so no status line) ever arrived. truncated_body is
// not one: its headers, status included, arrived before the body was cut.
constexpr std::array<std::string_view, 6> kTransportErrors{
    "timeout", "connection_refused", "connection_reset", "empty_reply", "dns_error", "tls_error"};

constexpr auto kMaxInt64 = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

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

// Reads the fields of one record and reports what is missing or malformed.
class Fields {
 public:
  Fields(const nlohmann::json& record, std::string_view kind, std::size_t line, Collector& out)
      : record_(record), kind_(kind), line_(line), out_(out) {}

  // Absent and null count as "not there" for optional fields.
  const nlohmann::json* find(std::string_view key, bool required) {
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

  void wrong_type(std::string_view key, std::string_view expected, const nlohmann::json& v) {
    out_.add(
        line_, rules::kWrongType,
        "\"" + std::string(key) + "\" must be " + std::string(expected) + ", got " + type_name(v));
  }

  void invalid(std::string_view key, const std::string& what, const std::string& expected) {
    out_.add(line_, rules::kInvalidValue,
             "\"" + std::string(key) + "\" is " + what + " (expected " + expected + ")");
  }

  std::optional<std::string> text(std::string_view key) {
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

  std::optional<std::string> one_of(std::string_view key,
                                    std::span<const std::string_view> allowed) {
    auto s = text(key);
    if (s && !contains(allowed, *s)) {
      invalid(key, quote_safe(*s), join_or(allowed));
      return std::nullopt;
    }
    return s;
  }

  void snake_case(std::string_view key) {
    if (auto s = text(key); s && !is_snake_case(*s)) {
      invalid(key, quote_safe(*s), "a snake_case token such as \"retryable_status\"");
    }
  }

  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min) {
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

  void optional_string(std::string_view key) {
    const auto* v = find(key, false);
    if (v != nullptr && !v->is_null() && !v->is_string()) wrong_type(key, "a string or null", *v);
  }

  StatusFacts status(std::string_view key) {
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

  void status_range(std::string_view key, const StatusFacts& s) {
    if (s.code && (*s.code < 100 || *s.code > 599)) {
      out_.add(line_, rules::kInvalidStatus,
               "\"" + std::string(key) + "\" is " + s.text +
                   ", not an HTTP status (100-599); a missing status must be null");
    }
  }

 private:
  const nlohmann::json& record_;
  std::string_view kind_;
  std::size_t line_;
  Collector& out_;
};

}  // namespace

AttemptFacts check_attempt(const nlohmann::json& record, std::size_t line, Collector& out) {
  Fields f(record, "attempt", line, out);
  AttemptFacts facts;
  facts.operation_id = f.text("operation_id");
  facts.attempt_index = f.integer("attempt_index", true, 1);
  f.text("request_route");
  f.text("http_request_method");
  facts.status = f.status("http_response_status_code");
  f.optional_string("error_type");
  facts.retry_decision = f.one_of("retry_decision", kRetryDecisions);
  f.snake_case("retry_reason");
  facts.backoff_ms = f.integer("backoff_ms", false, 0);
  facts.final_outcome = f.one_of("final_outcome", kOutcomes);
  f.integer("attempt_start_ms", false, 0);
  f.integer("attempt_duration_ms", false, 0);

  const auto error_type = record.find("error_type");
  if (facts.status.code && error_type != record.end() && error_type->is_string() &&
      contains(kTransportErrors, error_type->get_ref<const std::string&>())) {
    out.add(line, rules::kStatusWithTransportError,
            "\"error_type\" \"" + error_type->get<std::string>() +
                "\" means no response arrived, but \"http_response_status_code\" is " +
                facts.status.text + " (expected null)");
  } else {
    f.status_range("http_response_status_code", facts.status);
  }

  if (facts.retry_decision == "retried") {
    const auto backoff = record.find("backoff_ms");
    if (backoff == record.end() || backoff->is_null()) {
      out.add(line, rules::kRetriedWithoutBackoff,
              "retry_decision \"retried\" without \"backoff_ms\" (expected the delay before the "
              "next attempt, 0 or more)");
    }
    if (facts.status.code == 401 || facts.status.code == 403) {
      out.add(line, rules::kAuthRetried,
              "status " + facts.status.text + " was retried (auth failures are terminal)");
    } else if (facts.final_outcome == "auth_error") {
      out.add(line, rules::kAuthRetried,
              "final_outcome \"auth_error\" was retried (auth failures are terminal)");
    }
  }
  return facts;
}

SummaryFacts check_summary(const nlohmann::json& record, std::size_t line, Collector& out) {
  Fields f(record, "summary", line, out);
  SummaryFacts facts;
  facts.operation_id = f.text("operation_id");
  facts.attempts = f.integer("attempts", true, 0);
  facts.final_outcome = f.one_of("final_outcome", kOutcomes);
  facts.final_status = f.status("final_http_response_status_code");
  f.status_range("final_http_response_status_code", facts.final_status);
  facts.total_backoff_ms = f.integer("total_backoff_ms", false, 0);
  f.integer("elapsed_ms", false, 0);
  return facts;
}

}  // namespace cometbench::review
