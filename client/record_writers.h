#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "client/records.h"

namespace cometbench::client {

/// The three line formats of docs/records.md.
enum class RecordFormat {
  jsonl,   ///< one JSON object, keys in DESIGN.md order, `null` for absent values
  logfmt,  ///< `key="value"` pairs in the same order, `key=null` for absent values
  otel,    ///< one JSON object with OpenTelemetry attribute names; absent values omitted
};

/// Parses "jsonl" | "logfmt" | "otel"; nullopt otherwise.
std::optional<RecordFormat> record_format_from_string(std::string_view name);

/// One line without the trailing newline. Pure functions; safe from any thread.
std::string to_jsonl(const AttemptRecord& record);
std::string to_jsonl(const SummaryRecord& record);
std::string to_logfmt(const AttemptRecord& record);
std::string to_logfmt(const SummaryRecord& record);
std::string to_otel(const AttemptRecord& record);
std::string to_otel(const SummaryRecord& record);

std::string format_record(const AttemptRecord& record, RecordFormat format);
std::string format_record(const SummaryRecord& record, RecordFormat format);

}  // namespace cometbench::client
