#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace cometbench::client {

/// What happened after an attempt (DESIGN.md section 5 `retry_decision`).
enum class RetryDecision {
  retried,        ///< another attempt follows after `backoff_ms`
  not_retried,    ///< the operation ends here (success or a terminal condition)
  final_attempt,  ///< a retryable failure on the last allowed attempt
};

/// Why the decision was taken (`retry_reason`). Every value is a fixed snake_case token.
enum class RetryReason {
  success,
  retryable_status,
  retryable_error,
  retry_after_honored,
  server_said_retry,
  auth_error_terminal,
  caller_error_terminal,
  non_retryable_status,
  non_retryable_error,
  invalid_response,
  max_attempts_reached,
  deadline_exceeded,
  retry_budget_exhausted,
  server_said_no_retry,
  retry_after_exceeds_cap,
  stream_committed,
  /// A 2xx response's headers arrived and its body broke off; the policy judges responses by
  /// their headers (`cut_body: by_status`), so the request counts as delivered.
  response_committed,
  cancelled,
};

/// The class of an attempt or an operation (`final_outcome`).
enum class Outcome { success, caller_error, auth_error, transient_failure, cancelled, unknown };

/// Failure classes of `error_type`; `http_status` stands for "the status code as a string".
enum class ErrorKind {
  http_status,
  timeout,
  connection_refused,
  connection_reset,
  empty_reply,
  truncated_body,
  invalid_json,
  unexpected_shape,  ///< a 2xx whose JSON lacks what the client depends on
  stream_error,      ///< an error event inside an SSE stream
  tls_error,
  dns_error,
  transport_error,
  cancelled,
};

/// `error_type`: either an HTTP status (rendered "503") or a failure class ("timeout").
/// Holds no text, so it cannot carry response content.
class ErrorType {
 public:
  /// An HTTP error status; throws std::invalid_argument outside 100..599.
  static ErrorType http(int status);
  /// A failure class other than `ErrorKind::http_status` (throws std::invalid_argument for it).
  static ErrorType of(ErrorKind kind);

  ErrorKind kind() const { return kind_; }
  /// The status for `ErrorKind::http_status`, else nullopt.
  std::optional<int> status() const;
  /// "503" or "timeout".
  std::string str() const;

  friend bool operator==(const ErrorType&, const ErrorType&) = default;

 private:
  ErrorType(ErrorKind kind, int status) : kind_(kind), status_(status) {}
  ErrorKind kind_;
  int status_;
};

/// `response_object_type`: the body's `object` member, limited to a fixed set.
enum class ResponseObjectType { chat_completion, chat_completion_chunk, error, list, other };

/// The extra record field `finish_reason`: `choices[0].finish_reason`, limited to a fixed set.
enum class FinishReason { stop, length, tool_calls, content_filter, function_call, other };

enum class HttpMethod { get, post };

std::string_view to_string(RetryDecision value);
std::string_view to_string(RetryReason value);
std::string_view to_string(Outcome value);
/// The token of a failure class; "http_status" for `ErrorKind::http_status`.
std::string_view to_string(ErrorKind value);
std::string_view to_string(ResponseObjectType value);
std::string_view to_string(FinishReason value);
std::string_view to_string(HttpMethod value);

/// The inverse of `to_string(ErrorKind)` for the classes a policy may name in
/// `retry_on_errors` (every kind except `http_status` and `cancelled`).
std::optional<ErrorKind> retryable_error_kind_from_string(std::string_view token);
/// The tokens accepted by `retryable_error_kind_from_string`, in declaration order.
std::string_view retryable_error_kind_tokens();

/// Maps a body's `object` value; anything outside the fixed set is `other`.
ResponseObjectType response_object_type_from(std::string_view object);
/// Maps a `finish_reason` value; anything outside the fixed set is `other`.
FinishReason finish_reason_from(std::string_view reason);

std::ostream& operator<<(std::ostream& out, RetryDecision value);
std::ostream& operator<<(std::ostream& out, RetryReason value);
std::ostream& operator<<(std::ostream& out, Outcome value);
std::ostream& operator<<(std::ostream& out, ErrorKind value);
std::ostream& operator<<(std::ostream& out, const ErrorType& value);
std::ostream& operator<<(std::ostream& out, ResponseObjectType value);
std::ostream& operator<<(std::ostream& out, FinishReason value);
std::ostream& operator<<(std::ostream& out, HttpMethod value);

}  // namespace cometbench::client
