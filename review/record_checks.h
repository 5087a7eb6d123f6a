#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "review/collector.h"
#include "review/fields.h"

// Checks of one attempt or summary record on its own (DESIGN.md section 5). Each returns the
// facts the sequence checks need; a fact is empty when its field is missing or invalid, which
// has already been reported, so later checks skip it instead of piling on findings.
namespace cometbench::review {

struct AttemptFacts {
  std::optional<std::string> operation_id;
  std::optional<std::int64_t> attempt_index;
  std::optional<std::string> retry_decision;  // one of the allowed values
  std::optional<std::string> final_outcome;   // one of the allowed values
  StatusFacts status;
  std::optional<std::int64_t> backoff_ms;           // a non-negative integer
  std::optional<std::string> error_type;            // a string other than "none"
  std::optional<std::int64_t> attempt_start_ms;     // when present and valid
  std::optional<std::int64_t> attempt_duration_ms;  // likewise
};

struct SummaryFacts {
  std::optional<std::string> operation_id;
  std::optional<std::int64_t> attempts;
  std::optional<std::string> final_outcome;
  StatusFacts final_status;
  std::optional<std::int64_t> total_backoff_ms;
  std::optional<std::int64_t> elapsed_ms;
};

/// Field presence, types and values (the guide's types: `true_or_false` flags, short class
/// tokens), then the outcome against status and error (`check_outcome`).
AttemptFacts check_attempt(const nlohmann::json& record, std::size_t line, Collector& out);

/// The attempt's outcome and decision against its status and error: a status with a
/// transport error, a status outside 100-599, a retry without backoff, a success without a
/// status or with an error, an auth failure that is not a terminal auth_error.
void check_outcome(const nlohmann::json& record, const AttemptFacts& facts, std::size_t line,
                   Collector& out);

/// Field presence, types and values of a summary.
SummaryFacts check_summary(const nlohmann::json& record, std::size_t line, Collector& out);

}  // namespace cometbench::review
