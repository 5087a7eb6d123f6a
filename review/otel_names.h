#pragma once

#include <nlohmann/json.hpp>

// `cometbench run --format otel` and other OpenTelemetry-minded clients name record fields
// after the HTTP semantic conventions (docs/records.md). The checks work on record names.
namespace cometbench::review {

/// True for an object written with OpenTelemetry names: it has none of `record`,
/// `attempt_index` and `attempts`, but has `cometbench.record` or one of
/// `http.request.method`, `http.request.resend_count`, `url.template`,
/// `http.response.status_code`, `error.type`.
bool uses_otel_names(const nlohmann::json& object);

/// A copy of such an object with record names: `cometbench.F` -> `F`, `http.request.method`
/// -> `http_request_method`, `url.template` -> `request_route`, `error.type` -> `error_type`,
/// `http.request.resend_count` -> `attempt_index` (zero-based, as OpenTelemetry counts),
/// `http.response.status_code` -> the record's status field. OpenTelemetry attributes cannot
/// be null, so an absent status or error type reads as null and an absent resend count as 0
/// (the convention writes it only on a resend). A name whose record name is already taken is
/// left as it is.
nlohmann::json with_record_names(const nlohmann::json& object);

}  // namespace cometbench::review
