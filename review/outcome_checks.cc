// The outcome of one attempt against what it received. The guide's wording: a missing status
// is "represented explicitly" (null, never a made-up code, never a success), and auth
// failures are "sanitized terminal failures" (auth_error, not_retried).
#include <array>
#include <string_view>

#include "review/fields.h"
#include "review/record_checks.h"
#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {

// Error classes where no response (and so no status line) ever arrived. truncated_body is
// not one: its headers, status included, arrived before the body was cut.
constexpr std::array<std::string_view, 6> kTransportErrors{
    "timeout", "connection_refused", "connection_reset", "empty_reply", "dns_error", "tls_error"};

// An error_type as a reader may see it: quoted when it is a token, described when free text.
// quote_safe still hides a token that looks like a key (sk_live_...).
std::string error_words(const std::string& error_type) {
  return is_short_token(error_type) || is_status_text(error_type) ? quote_safe(error_type)
                                                                  : "free text";
}

bool is_auth_status(const StatusFacts& s) { return s.code == 401 || s.code == 403; }

void check_success(const AttemptFacts& a, std::size_t line, Collector& out) {
  if (a.final_outcome != "success" || !a.status.known) return;
  if (!a.status.code) {
    const std::string error =
        a.error_type ? " and \"error_type\" is " + error_words(*a.error_type) : "";
    out.add(line, rules::kSuccessWithoutStatus,
            "final_outcome \"success\" but \"http_response_status_code\" is null" + error +
                ": no response arrived (a missing status is represented explicitly, as a "
                "failure)");
  } else if (*a.status.code >= 400 && *a.status.code <= 599) {
    out.add(line, rules::kSuccessWithErrorStatus,
            "final_outcome \"success\" but the status is " + a.status.text +
                " (a 4xx or 5xx answer is a failure)");
  } else if (a.error_type) {
    out.add(line, rules::kSuccessWithError,
            "final_outcome \"success\" but \"error_type\" is " + error_words(*a.error_type) +
                " (a success has error_type null or \"none\")");
  }
}

void check_auth(const AttemptFacts& a, std::size_t line, Collector& out) {
  const bool auth_status = is_auth_status(a.status);
  if (!auth_status && a.final_outcome != "auth_error") return;
  const std::string what =
      auth_status ? "status " + a.status.text : std::string("final_outcome \"auth_error\"");
  if (a.retry_decision == "retried") {
    out.add(line, rules::kAuthRetried, what + " was retried (auth failures are terminal)");
  } else if (a.retry_decision == "final_attempt") {
    out.add(line, rules::kAuthFinalAttempt,
            what +
                " says retry_decision \"final_attempt\" (expected \"not_retried\": an auth "
                "failure is terminal, not a retryable failure on the last attempt)");
  }
  if (auth_status && a.final_outcome && *a.final_outcome != "auth_error") {
    out.add(line, rules::kAuthOutcome,
            "status " + a.status.text + " has final_outcome \"" + *a.final_outcome +
                "\" (expected \"auth_error\": auth failures are sanitized terminal failures)");
  }
}

}  // namespace

void check_outcome(const nlohmann::json& record, const AttemptFacts& a, std::size_t line,
                   Collector& out) {
  if (a.status.code && a.error_type && contains(kTransportErrors, *a.error_type)) {
    out.add(line, rules::kStatusWithTransportError,
            "\"error_type\" \"" + *a.error_type +
                "\" means no response arrived, but \"http_response_status_code\" is " +
                a.status.text + " (expected null)");
  } else if (a.status.code && (*a.status.code < 100 || *a.status.code > 599)) {
    out.add(line, rules::kInvalidStatus,
            "\"http_response_status_code\" is " + a.status.text +
                ", not an HTTP status (100-599); a missing status must be null");
  }
  if (a.retry_decision == "retried") {
    const auto backoff = record.find("backoff_ms");
    if (backoff == record.end() || backoff->is_null()) {
      out.add(line, rules::kRetriedWithoutBackoff,
              "retry_decision \"retried\" without \"backoff_ms\" (expected the delay before the "
              "next attempt, 0 or more)");
    }
  }
  check_auth(a, line, out);
  check_success(a, line, out);
}

}  // namespace cometbench::review
