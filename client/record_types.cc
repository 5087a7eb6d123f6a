#include "client/record_types.h"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

#include "json/enum_names.h"

namespace cometbench::client {
namespace {

using json::EnumName;

constexpr std::array<EnumName<RetryDecision>, 3> kDecisions{{
    {"retried", RetryDecision::retried},
    {"not_retried", RetryDecision::not_retried},
    {"final_attempt", RetryDecision::final_attempt},
}};

constexpr std::array<EnumName<RetryReason>, 18> kReasons{{
    {"success", RetryReason::success},
    {"retryable_status", RetryReason::retryable_status},
    {"retryable_error", RetryReason::retryable_error},
    {"retry_after_honored", RetryReason::retry_after_honored},
    {"server_said_retry", RetryReason::server_said_retry},
    {"auth_error_terminal", RetryReason::auth_error_terminal},
    {"caller_error_terminal", RetryReason::caller_error_terminal},
    {"non_retryable_status", RetryReason::non_retryable_status},
    {"non_retryable_error", RetryReason::non_retryable_error},
    {"invalid_response", RetryReason::invalid_response},
    {"max_attempts_reached", RetryReason::max_attempts_reached},
    {"deadline_exceeded", RetryReason::deadline_exceeded},
    {"retry_budget_exhausted", RetryReason::retry_budget_exhausted},
    {"server_said_no_retry", RetryReason::server_said_no_retry},
    {"retry_after_exceeds_cap", RetryReason::retry_after_exceeds_cap},
    {"stream_committed", RetryReason::stream_committed},
    {"response_committed", RetryReason::response_committed},
    {"cancelled", RetryReason::cancelled},
}};

constexpr std::array<EnumName<Outcome>, 6> kOutcomes{{
    {"success", Outcome::success},
    {"caller_error", Outcome::caller_error},
    {"auth_error", Outcome::auth_error},
    {"transient_failure", Outcome::transient_failure},
    {"cancelled", Outcome::cancelled},
    {"unknown", Outcome::unknown},
}};

constexpr std::array<EnumName<ErrorKind>, 13> kErrorKinds{{
    {"http_status", ErrorKind::http_status},
    {"timeout", ErrorKind::timeout},
    {"connection_refused", ErrorKind::connection_refused},
    {"connection_reset", ErrorKind::connection_reset},
    {"empty_reply", ErrorKind::empty_reply},
    {"truncated_body", ErrorKind::truncated_body},
    {"invalid_json", ErrorKind::invalid_json},
    {"unexpected_shape", ErrorKind::unexpected_shape},
    {"stream_error", ErrorKind::stream_error},
    {"tls_error", ErrorKind::tls_error},
    {"dns_error", ErrorKind::dns_error},
    {"transport_error", ErrorKind::transport_error},
    {"cancelled", ErrorKind::cancelled},
}};

constexpr std::array<EnumName<ResponseObjectType>, 5> kObjectTypes{{
    {"chat.completion", ResponseObjectType::chat_completion},
    {"chat.completion.chunk", ResponseObjectType::chat_completion_chunk},
    {"error", ResponseObjectType::error},
    {"list", ResponseObjectType::list},
    {"other", ResponseObjectType::other},
}};

constexpr std::array<EnumName<FinishReason>, 6> kFinishReasons{{
    {"stop", FinishReason::stop},
    {"length", FinishReason::length},
    {"tool_calls", FinishReason::tool_calls},
    {"content_filter", FinishReason::content_filter},
    {"function_call", FinishReason::function_call},
    {"other", FinishReason::other},
}};

constexpr std::array<EnumName<HttpMethod>, 2> kMethods{{
    {"GET", HttpMethod::get},
    {"POST", HttpMethod::post},
}};

static_assert(json::one_to_one(kDecisions) && json::one_to_one(kReasons) &&
              json::one_to_one(kOutcomes) && json::one_to_one(kErrorKinds) &&
              json::one_to_one(kObjectTypes) && json::one_to_one(kFinishReasons) &&
              json::one_to_one(kMethods));

}  // namespace

ErrorType ErrorType::http(int status) {
  if (status < 100 || status > 599) throw std::invalid_argument("HTTP status outside 100..599");
  return ErrorType(ErrorKind::http_status, status);
}

ErrorType ErrorType::of(ErrorKind kind) {
  if (kind == ErrorKind::http_status) {
    throw std::invalid_argument("ErrorType::of(http_status): use ErrorType::http(status)");
  }
  return ErrorType(kind, 0);
}

std::optional<int> ErrorType::status() const {
  if (kind_ == ErrorKind::http_status) return status_;
  return std::nullopt;
}

std::string ErrorType::str() const {
  if (kind_ == ErrorKind::http_status) return std::to_string(status_);
  return std::string(to_string(kind_));
}

std::string_view to_string(RetryDecision value) { return json::name_of(kDecisions, value); }
std::string_view to_string(RetryReason value) { return json::name_of(kReasons, value); }
std::string_view to_string(Outcome value) { return json::name_of(kOutcomes, value); }
std::string_view to_string(ErrorKind value) { return json::name_of(kErrorKinds, value); }
std::string_view to_string(ResponseObjectType value) { return json::name_of(kObjectTypes, value); }
std::string_view to_string(FinishReason value) { return json::name_of(kFinishReasons, value); }
std::string_view to_string(HttpMethod value) { return json::name_of(kMethods, value); }

std::optional<ErrorKind> retryable_error_kind_from_string(std::string_view token) {
  const std::optional<ErrorKind> kind = json::value_of(kErrorKinds, token);
  if (kind == ErrorKind::http_status || kind == ErrorKind::cancelled) return std::nullopt;
  return kind;
}

std::string_view retryable_error_kind_tokens() {
  static const std::string tokens = [] {
    std::string out;
    for (const auto& [name, kind] : kErrorKinds) {
      if (kind == ErrorKind::http_status || kind == ErrorKind::cancelled) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }();
  return tokens;
}

ResponseObjectType response_object_type_from(std::string_view object) {
  return json::value_of(kObjectTypes, object).value_or(ResponseObjectType::other);
}

FinishReason finish_reason_from(std::string_view reason) {
  return json::value_of(kFinishReasons, reason).value_or(FinishReason::other);
}

std::ostream& operator<<(std::ostream& out, RetryDecision value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, RetryReason value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, Outcome value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, ErrorKind value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, const ErrorType& value) { return out << value.str(); }
std::ostream& operator<<(std::ostream& out, ResponseObjectType value) {
  return out << to_string(value);
}
std::ostream& operator<<(std::ostream& out, FinishReason value) { return out << to_string(value); }
std::ostream& operator<<(std::ostream& out, HttpMethod value) { return out << to_string(value); }

}  // namespace cometbench::client
