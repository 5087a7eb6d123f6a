#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "client/record_types.h"

namespace cometbench::client {

/// An operation id: `[A-Za-z0-9._:-]{1,128}`. The restriction keeps prompt text, keys and
/// anything needing escaping out of records by construction.
class OperationId {
 public:
  /// Throws std::invalid_argument (without echoing the value) when `value` does not match.
  explicit OperationId(std::string value);
  static bool is_valid(std::string_view value);
  const std::string& str() const { return value_; }
  friend bool operator==(const OperationId&, const OperationId&) = default;

 private:
  std::string value_;
};

/// A request route (`/v1/chat/completions`): starts with '/', then `[A-Za-z0-9/._~:-]`, at most
/// 256 characters; no query string, so no parameter can leak into a record.
class RequestRoute {
 public:
  /// Throws std::invalid_argument (without echoing the value) when `value` does not match.
  explicit RequestRoute(std::string value);
  static bool is_valid(std::string_view value);
  const std::string& str() const { return value_; }
  friend bool operator==(const RequestRoute&, const RequestRoute&) = default;

 private:
  std::string value_;
};

/// One attempt, field for field DESIGN.md section 5 (docs/records.md). Every field is an enum, a
/// number, a bool or a validated token: no field can hold body text, so records are redacted by
/// construction.
struct AttemptRecord {
  OperationId operation_id{"op"};
  int attempt_index = 1;  ///< 1-based
  RequestRoute request_route{"/v1/chat/completions"};
  HttpMethod http_request_method = HttpMethod::post;
  std::optional<int> http_response_status_code;  ///< nullopt when no status line arrived
  std::optional<ErrorType> error_type;           ///< nullopt on success
  RetryDecision retry_decision = RetryDecision::not_retried;
  RetryReason retry_reason = RetryReason::success;
  std::chrono::milliseconds backoff{0};  ///< planned delay before the next attempt
  std::optional<ResponseObjectType> response_object_type;
  bool finish_reason_seen = false;             ///< a non-null `choices[].finish_reason` was present
  bool usage_seen = false;                     ///< a `usage` object was present
  Outcome final_outcome = Outcome::success;    ///< this attempt's class
  std::chrono::milliseconds attempt_start{0};  ///< since the operation started
  std::chrono::milliseconds attempt_duration{0};  ///< start to end of this attempt
  // Extra fields, after the review guide's thirteen and the two times:
  std::optional<FinishReason> finish_reason;  ///< the finish marker's value, when seen
  /// Whether the request went out on a kept-alive connection; nullopt when none went out.
  std::optional<bool> connection_reused;

  friend bool operator==(const AttemptRecord&, const AttemptRecord&) = default;
};

/// One operation (DESIGN.md section 5 summary).
struct SummaryRecord {
  OperationId operation_id{"op"};
  int attempts = 0;
  Outcome final_outcome = Outcome::success;
  std::optional<int> final_http_response_status_code;  ///< of the last attempt
  std::chrono::milliseconds total_backoff{0};          ///< sum of the attempts' backoff_ms
  std::chrono::milliseconds elapsed{0};                ///< operation start to end

  friend bool operator==(const SummaryRecord&, const SummaryRecord&) = default;
};

/// gtest printers: the record's JSONL line.
void PrintTo(const AttemptRecord& record, std::ostream* out);
void PrintTo(const SummaryRecord& record, std::ostream* out);
void PrintTo(const OperationId& id, std::ostream* out);
void PrintTo(const RequestRoute& route, std::ostream* out);
std::ostream& operator<<(std::ostream& out, const AttemptRecord& record);
std::ostream& operator<<(std::ostream& out, const SummaryRecord& record);

}  // namespace cometbench::client
