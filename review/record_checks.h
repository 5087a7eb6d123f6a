#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "review/collector.h"

// Checks of one attempt or summary record on its own (DESIGN.md section 5). Each returns the
// facts the sequence checks need; a fact is empty when its field is missing or invalid, which
// has already been reported, so later checks skip it instead of piling on findings.
namespace cometbench::review {

/// A status code field: `known` when present and an integer or null; `code` empty for null.
struct StatusFacts {
  bool known = false;
  std::optional<std::int64_t> code;
  std::string text;  // the JSON text as written ("503", "null"), for messages
};

struct AttemptFacts {
  std::optional<std::string> operation_id;
  std::optional<std::int64_t> attempt_index;
  std::optional<std::string> retry_decision;  // one of the allowed values
  std::optional<std::string> final_outcome;   // one of the allowed values
  StatusFacts status;
  std::optional<std::int64_t> backoff_ms;  // a non-negative integer
};

struct SummaryFacts {
  std::optional<std::string> operation_id;
  std::optional<std::int64_t> attempts;
  std::optional<std::string> final_outcome;
  StatusFacts final_status;
  std::optional<std::int64_t> total_backoff_ms;
};

/// Field presence, types and values; invalid and transport-class status codes; a retried
/// attempt without backoff; a retried auth failure.
AttemptFacts check_attempt(const nlohmann::json& record, std::size_t line, Collector& out);

/// Field presence, types and values of a summary.
SummaryFacts check_summary(const nlohmann::json& record, std::size_t line, Collector& out);

}  // namespace cometbench::review
