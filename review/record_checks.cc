#include "review/record_checks.h"

#include <array>
#include <string_view>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

constexpr std::array<std::string_view, 3> kRetryDecisions{"retried", "not_retried",
                                                          "final_attempt"};
constexpr std::array<std::string_view, 6> kOutcomes{
    "success", "caller_error", "auth_error", "transient_failure", "cancelled", "unknown"};

// The guide writes "none" where no error occurred; DESIGN.md writes null. Both mean the same.
constexpr std::string_view kNoError = "none";

// "sanitized client-side, transport, or HTTP error class": a token, never a message.
void check_error_type(const std::optional<std::string>& error_type, std::size_t line,
                      Collector& out) {
  if (!error_type || *error_type == kNoError || is_status_text(*error_type) ||
      is_short_token(*error_type)) {
    return;
  }
  out.add(line, rules::kErrorTypeFreeText,
          "\"error_type\" is free text, " + describe_value(*error_type) +
              " (expected a short class token: snake_case such as \"timeout\", "
              "the status such as \"503\", or \"none\")");
}

// The finish reason's value may be kept in a field of its own after the guide's fields
// (DESIGN.md section 5): a token such as "stop", or null.
void check_finish_reason(Fields& f) {
  const auto* v = f.find("finish_reason", false);
  if (v == nullptr || v->is_null()) return;
  if (!v->is_string()) {
    f.wrong_type("finish_reason", "a string or null", *v);
  } else if (!is_short_token(v->get_ref<const std::string&>())) {
    f.invalid("finish_reason", describe_value(*v),
              "a short token such as \"stop\" or \"length\", or null");
  }
}

}  // namespace

AttemptFacts check_attempt(const nlohmann::json& record, std::size_t line, Collector& out) {
  Fields f(record, "attempt", line, out);
  AttemptFacts facts;
  facts.operation_id = f.text("operation_id");
  // The guide allows a zero-based or one-based attempt_index, one convention per operation.
  facts.attempt_index = f.integer("attempt_index", true, 0);
  f.text("request_route");
  f.text("http_request_method");
  facts.status = f.status("http_response_status_code");
  const auto error_type = f.optional_string("error_type");
  check_error_type(error_type, line, out);
  if (error_type && *error_type != kNoError) facts.error_type = error_type;
  facts.retry_decision = f.one_of("retry_decision", kRetryDecisions);
  f.snake_case("retry_reason");
  facts.backoff_ms = f.integer("backoff_ms", false, 0);
  f.boolean("finish_reason_seen");
  f.boolean("usage_seen");
  check_finish_reason(f);
  facts.final_outcome = f.one_of("final_outcome", kOutcomes);
  facts.attempt_start_ms = f.integer("attempt_start_ms", false, 0);
  facts.attempt_duration_ms = f.integer("attempt_duration_ms", false, 0);
  check_outcome(record, facts, line, out);
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
  facts.elapsed_ms = f.integer("elapsed_ms", false, 0);
  return facts;
}

}  // namespace cometbench::review
