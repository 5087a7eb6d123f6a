#pragma once

#include <chrono>
#include <cstdint>

#include "faults/fixture_error.h"
#include "faults/ref_resolver.h"
#include "faults/scenario.h"
#include "json/cursor.h"

namespace cometbench::faults {

/// The longest `delay_ms`, `gap_ms` or `cancel_after_ms` a fixture may name: one day. Longer
/// waits are a `timeout` step; the cap keeps clock arithmetic far from overflow.
inline constexpr std::int64_t kMaxDurationMs = 86'400'000;

/// One element of a route's `steps` array (an object with exactly one step-kind key).
Step parse_step(const json::Cursor& at, RefResolver& refs);

/// A `body`: any JSON value (`$ref`s resolved, dumped compactly) or `{"raw": "text"}`.
Body parse_body(const json::Cursor& at, RefResolver& refs);

/// A duration in milliseconds from 0 to kMaxDurationMs.
std::chrono::milliseconds parse_duration_ms(const json::Cursor& at);

}  // namespace cometbench::faults
