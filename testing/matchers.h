#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

#include "client/record_types.h"
#include "client/records.h"
#include "mockserver/mock_server.h"
#include "testing/field_expectations.h"

namespace cometbench::testing {

/// gMock matcher for one attempt record (docs/records.md), built field by field:
///
///     using enum cometbench::client::RetryDecision;
///     EXPECT_THAT(mock.attempts(),
///                 ElementsAre(IsAttempt().status(503).decision(retried).backoff_ms(500),
///                             IsAttempt().status(200).decision(not_retried)));
///
/// Fields left unset match anything. A mismatch names every differing field with the expected
/// and the actual value (`backoff_ms (expected 500, actual 1000)`), followed by the record's
/// JSONL line. Values are compared in the record's JSONL form, so `field()` reaches any field,
/// extras included. A value type: copy it, extend the copy.
class AttemptMatcher {
 public:
  using is_gtest_matcher = void;

  AttemptMatcher operation_id(std::string id) const;
  AttemptMatcher index(int attempt_index) const;            ///< attempt_index, from 1
  AttemptMatcher status(int code) const;                    ///< http_response_status_code
  AttemptMatcher no_status() const;                         ///< no status arrived (`null`)
  AttemptMatcher error(std::string_view error_type) const;  ///< "503", "timeout", ...
  AttemptMatcher no_error() const;                          ///< error_type `null`
  AttemptMatcher decision(client::RetryDecision value) const;
  AttemptMatcher reason(client::RetryReason value) const;
  AttemptMatcher backoff_ms(std::int64_t ms) const;
  AttemptMatcher outcome(client::Outcome value) const;  ///< this attempt's final_outcome
  AttemptMatcher finish_reason_seen(bool seen) const;
  AttemptMatcher usage_seen(bool seen) const;
  AttemptMatcher start_ms(std::int64_t ms) const;     ///< attempt_start_ms
  AttemptMatcher duration_ms(std::int64_t ms) const;  ///< attempt_duration_ms
  /// Any field of the JSONL record, e.g. `field("connection_reused", true)`.
  AttemptMatcher field(std::string name, nlohmann::json value) const;

  bool MatchAndExplain(const client::AttemptRecord& record, std::ostream* why) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  // A matcher is a value: each builder returns a copy with one more field, so a partly built
  // matcher can be shared and extended by several expectations.
  AttemptMatcher set(std::string name, nlohmann::json value) const;

  FieldExpectations expected_;
};

/// gMock matcher for one summary record, like AttemptMatcher.
class SummaryMatcher {
 public:
  using is_gtest_matcher = void;

  SummaryMatcher operation_id(std::string id) const;
  SummaryMatcher attempts(int count) const;
  SummaryMatcher outcome(client::Outcome value) const;
  SummaryMatcher status(int code) const;  ///< final_http_response_status_code
  SummaryMatcher no_status() const;
  SummaryMatcher total_backoff_ms(std::int64_t ms) const;
  SummaryMatcher elapsed_ms(std::int64_t ms) const;
  SummaryMatcher field(std::string name, nlohmann::json value) const;

  bool MatchAndExplain(const client::SummaryRecord& record, std::ostream* why) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  // A matcher is a value: each builder returns a copy with one more field, so a partly built
  // matcher can be shared and extended by several expectations.
  SummaryMatcher set(std::string name, nlohmann::json value) const;

  FieldExpectations expected_;
};

/// gMock matcher for one request in the mock's journal (docs/serve.md), compared in the
/// journal's JSON form: `IsRequest().served("timeout").step(1)`.
class RequestMatcher {
 public:
  using is_gtest_matcher = void;

  RequestMatcher method(std::string value) const;
  RequestMatcher route(std::string value) const;
  /// The step kind served ("respond", "timeout", ...) or "auth_rejected", "invalid_request",
  /// "exhausted", "not_found".
  RequestMatcher served(std::string value) const;
  RequestMatcher step(std::size_t index) const;  ///< the scripted step, from 0
  RequestMatcher no_step() const;
  RequestMatcher status(int code) const;  ///< the status sent
  RequestMatcher no_status() const;       ///< nothing was sent (drop, reset, timeout)
  RequestMatcher connection(std::uint64_t id) const;
  RequestMatcher time_ms(std::int64_t ms) const;
  /// A retry header the client sent, by lowercase name: `retry_header("x-stainless-retry-count",
  /// "1")`.
  RequestMatcher retry_header(std::string name, std::string value) const;
  RequestMatcher field(std::string name, nlohmann::json value) const;

  bool MatchAndExplain(const mockserver::JournalEntry& entry, std::ostream* why) const;
  void DescribeTo(std::ostream* os) const;
  void DescribeNegationTo(std::ostream* os) const;

 private:
  // A matcher is a value: each builder returns a copy with one more field, so a partly built
  // matcher can be shared and extended by several expectations.
  RequestMatcher set(std::string name, nlohmann::json value) const;

  FieldExpectations expected_;
};

/// Matches any attempt record; add the fields that matter.
AttemptMatcher IsAttempt();
/// Matches any summary record; add the fields that matter.
SummaryMatcher IsSummary();
/// Matches any journal entry; add the fields that matter.
RequestMatcher IsRequest();

}  // namespace cometbench::testing
