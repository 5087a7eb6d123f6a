#include "client/record_types.h"

#include <array>
#include <stdexcept>
#include <string>
#include <utility>

namespace cometbench::client {
namespace {

template <typename Enum, std::size_t N>
std::string_view lookup(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [e, token] : table) {
    if (e == value) return token;
  }
  return "other";
}

constexpr std::array<std::pair<RetryDecision, std::string_view>, 3> kDecisions{{
    {RetryDecision::retried, "retried"},
    {RetryDecision::not_retried, "not_retried"},
    {RetryDecision::final_attempt, "final_attempt"},
}};

constexpr std::array<std::pair<RetryReason, std::string_view>, 18> kReasons{{
    {RetryReason::success, "success"},
    {RetryReason::retryable_status, "retryable_status"},
    {RetryReason::retryable_error, "retryable_error"},
    {RetryReason::retry_after_honored, "retry_after_honored"},
    {RetryReason::server_said_retry, "server_said_retry"},
    {RetryReason::auth_error_terminal, "auth_error_terminal"},
    {RetryReason::caller_error_terminal, "caller_error_terminal"},
    {RetryReason::non_retryable_status, "non_retryable_status"},
    {RetryReason::non_retryable_error, "non_retryable_error"},
    {RetryReason::invalid_response, "invalid_response"},
    {RetryReason::max_attempts_reached, "max_attempts_reached"},
    {RetryReason::deadline_exceeded, "deadline_exceeded"},
    {RetryReason::retry_budget_exhausted, "retry_budget_exhausted"},
    {RetryReason::server_said_no_retry, "server_said_no_retry"},
    {RetryReason::retry_after_exceeds_cap, "retry_after_exceeds_cap"},
    {RetryReason::stream_committed, "stream_committed"},
    {RetryReason::response_committed, "response_committed"},
    {RetryReason::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<Outcome, std::string_view>, 6> kOutcomes{{
    {Outcome::success, "success"},
    {Outcome::caller_error, "caller_error"},
    {Outcome::auth_error, "auth_error"},
    {Outcome::transient_failure, "transient_failure"},
    {Outcome::cancelled, "cancelled"},
    {Outcome::unknown, "unknown"},
}};

constexpr std::array<std::pair<ErrorKind, std::string_view>, 13> kErrorKinds{{
    {ErrorKind::http_status, "http_status"},
    {ErrorKind::timeout, "timeout"},
    {ErrorKind::connection_refused, "connection_refused"},
    {ErrorKind::connection_reset, "connection_reset"},
    {ErrorKind::empty_reply, "empty_reply"},
    {ErrorKind::truncated_body, "truncated_body"},
    {ErrorKind::invalid_json, "invalid_json"},
    {ErrorKind::unexpected_shape, "unexpected_shape"},
    {ErrorKind::stream_error, "stream_error"},
    {ErrorKind::tls_error, "tls_error"},
    {ErrorKind::dns_error, "dns_error"},
    {ErrorKind::transport_error, "transport_error"},
    {ErrorKind::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<ResponseObjectType, std::string_view>, 5> kObjectTypes{{
    {ResponseObjectType::chat_completion, "chat.completion"},
    {ResponseObjectType::chat_completion_chunk, "chat.completion.chunk"},
    {ResponseObjectType::error, "error"},
    {ResponseObjectType::list, "list"},
    {ResponseObjectType::other, "other"},
}};

constexpr std::array<std::pair<FinishReason, std::string_view>, 6> kFinishReasons{{
    {FinishReason::stop, "stop"},
    {FinishReason::length, "length"},
    {FinishReason::tool_calls, "tool_calls"},
    {FinishReason::content_filter, "content_filter"},
    {FinishReason::function_call, "function_call"},
    {FinishReason::other, "other"},
}};

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

std::string_view to_string(RetryDecision value) { return lookup(kDecisions, value); }
std::string_view to_string(RetryReason value) { return lookup(kReasons, value); }
std::string_view to_string(Outcome value) { return lookup(kOutcomes, value); }
std::string_view to_string(ErrorKind value) { return lookup(kErrorKinds, value); }
std::string_view to_string(ResponseObjectType value) { return lookup(kObjectTypes, value); }
std::string_view to_string(FinishReason value) { return lookup(kFinishReasons, value); }
std::string_view to_string(HttpMethod value) { return value == HttpMethod::get ? "GET" : "POST"; }

std::optional<ErrorKind> retryable_error_kind_from_string(std::string_view token) {
  for (const auto& [kind, name] : kErrorKinds) {
    if (kind == ErrorKind::http_status || kind == ErrorKind::cancelled) continue;
    if (name == token) return kind;
  }
  return std::nullopt;
}

std::string_view retryable_error_kind_tokens() {
  static const std::string tokens = [] {
    std::string out;
    for (const auto& [kind, name] : kErrorKinds) {
      if (kind == ErrorKind::http_status || kind == ErrorKind::cancelled) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }();
  return tokens;
}

ResponseObjectType response_object_type_from(std::string_view object) {
  for (const auto& [type, name] : kObjectTypes) {
    if (name == object) return type;
  }
  return ResponseObjectType::other;
}

FinishReason finish_reason_from(std::string_view reason) {
  for (const auto& [type, name] : kFinishReasons) {
    if (name == reason) return type;
  }
  return FinishReason::other;
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
