#include "testing/matchers.h"

#include <utility>

#include "client/record_writers.h"

namespace cometbench::testing {
namespace {

bool explain(const FieldExpectations& expected, const nlohmann::json& actual,
             const std::string& line, std::ostream* why) {
  if (expected.match(actual, why)) return true;
  if (why) *why << "\n    the record: " << line;
  return false;
}

}  // namespace

// ---- AttemptMatcher

AttemptMatcher AttemptMatcher::set(std::string name, nlohmann::json value) const {
  AttemptMatcher copy = *this;
  copy.expected_.expect(std::move(name), std::move(value));
  return copy;
}
AttemptMatcher AttemptMatcher::operation_id(std::string id) const {
  return set("operation_id", std::move(id));
}
AttemptMatcher AttemptMatcher::index(int attempt_index) const {
  return set("attempt_index", attempt_index);
}
AttemptMatcher AttemptMatcher::status(int code) const {
  return set("http_response_status_code", code);
}
AttemptMatcher AttemptMatcher::no_status() const {
  return set("http_response_status_code", nullptr);
}
AttemptMatcher AttemptMatcher::error(std::string_view error_type) const {
  return set("error_type", std::string(error_type));
}
AttemptMatcher AttemptMatcher::no_error() const { return set("error_type", nullptr); }
AttemptMatcher AttemptMatcher::decision(client::RetryDecision value) const {
  return set("retry_decision", std::string(client::to_string(value)));
}
AttemptMatcher AttemptMatcher::reason(client::RetryReason value) const {
  return set("retry_reason", std::string(client::to_string(value)));
}
AttemptMatcher AttemptMatcher::backoff_ms(std::int64_t ms) const { return set("backoff_ms", ms); }
AttemptMatcher AttemptMatcher::outcome(client::Outcome value) const {
  return set("final_outcome", std::string(client::to_string(value)));
}
AttemptMatcher AttemptMatcher::finish_reason_seen(bool seen) const {
  return set("finish_reason_seen", seen);
}
AttemptMatcher AttemptMatcher::usage_seen(bool seen) const { return set("usage_seen", seen); }
AttemptMatcher AttemptMatcher::start_ms(std::int64_t ms) const {
  return set("attempt_start_ms", ms);
}
AttemptMatcher AttemptMatcher::duration_ms(std::int64_t ms) const {
  return set("attempt_duration_ms", ms);
}
AttemptMatcher AttemptMatcher::field(std::string name, nlohmann::json value) const {
  return set(std::move(name), std::move(value));
}

bool AttemptMatcher::MatchAndExplain(const client::AttemptRecord& record, std::ostream* why) const {
  const std::string line = client::to_jsonl(record);
  return explain(expected_, nlohmann::json::parse(line), line, why);
}
void AttemptMatcher::DescribeTo(std::ostream* os) const {
  expected_.describe("is an attempt record", os);
}
void AttemptMatcher::DescribeNegationTo(std::ostream* os) const {
  expected_.describe("is not an attempt record", os);
}

// ---- SummaryMatcher

SummaryMatcher SummaryMatcher::set(std::string name, nlohmann::json value) const {
  SummaryMatcher copy = *this;
  copy.expected_.expect(std::move(name), std::move(value));
  return copy;
}
SummaryMatcher SummaryMatcher::operation_id(std::string id) const {
  return set("operation_id", std::move(id));
}
SummaryMatcher SummaryMatcher::attempts(int count) const { return set("attempts", count); }
SummaryMatcher SummaryMatcher::outcome(client::Outcome value) const {
  return set("final_outcome", std::string(client::to_string(value)));
}
SummaryMatcher SummaryMatcher::status(int code) const {
  return set("final_http_response_status_code", code);
}
SummaryMatcher SummaryMatcher::no_status() const {
  return set("final_http_response_status_code", nullptr);
}
SummaryMatcher SummaryMatcher::total_backoff_ms(std::int64_t ms) const {
  return set("total_backoff_ms", ms);
}
SummaryMatcher SummaryMatcher::elapsed_ms(std::int64_t ms) const { return set("elapsed_ms", ms); }
SummaryMatcher SummaryMatcher::field(std::string name, nlohmann::json value) const {
  return set(std::move(name), std::move(value));
}

bool SummaryMatcher::MatchAndExplain(const client::SummaryRecord& record, std::ostream* why) const {
  const std::string line = client::to_jsonl(record);
  return explain(expected_, nlohmann::json::parse(line), line, why);
}
void SummaryMatcher::DescribeTo(std::ostream* os) const {
  expected_.describe("is a summary record", os);
}
void SummaryMatcher::DescribeNegationTo(std::ostream* os) const {
  expected_.describe("is not a summary record", os);
}

// ---- RequestMatcher

RequestMatcher RequestMatcher::set(std::string name, nlohmann::json value) const {
  RequestMatcher copy = *this;
  copy.expected_.expect(std::move(name), std::move(value));
  return copy;
}
RequestMatcher RequestMatcher::method(std::string value) const {
  return set("method", std::move(value));
}
RequestMatcher RequestMatcher::route(std::string value) const {
  return set("route", std::move(value));
}
RequestMatcher RequestMatcher::served(std::string value) const {
  return set("served", std::move(value));
}
RequestMatcher RequestMatcher::step(std::size_t index) const { return set("step_index", index); }
RequestMatcher RequestMatcher::no_step() const { return set("step_index", nullptr); }
RequestMatcher RequestMatcher::status(int code) const { return set("status", code); }
RequestMatcher RequestMatcher::no_status() const { return set("status", nullptr); }
RequestMatcher RequestMatcher::connection(std::uint64_t id) const {
  return set("connection_id", id);
}
RequestMatcher RequestMatcher::time_ms(std::int64_t ms) const { return set("time_ms", ms); }
RequestMatcher RequestMatcher::field(std::string name, nlohmann::json value) const {
  return set(std::move(name), std::move(value));
}

RequestMatcher RequestMatcher::retry_header(std::string name, std::string value) const {
  RequestMatcher copy = *this;
  copy.expected_.expect_member("retry_headers", std::move(name), std::move(value));
  return copy;
}

bool RequestMatcher::MatchAndExplain(const mockserver::JournalEntry& entry,
                                     std::ostream* why) const {
  const nlohmann::json actual = mockserver::to_json(entry);
  return explain(expected_, actual, actual.dump(), why);
}
void RequestMatcher::DescribeTo(std::ostream* os) const {
  expected_.describe("is a journal entry", os);
}
void RequestMatcher::DescribeNegationTo(std::ostream* os) const {
  expected_.describe("is not a journal entry", os);
}

AttemptMatcher IsAttempt() { return {}; }
SummaryMatcher IsSummary() { return {}; }
RequestMatcher IsRequest() { return {}; }

}  // namespace cometbench::testing
