#pragma once

#include <string>

#include "clock/clock.h"

namespace cometbench::mockserver {

/// RFC 9110 IMF-fixdate, e.g. "Thu, 01 Jan 2026 00:00:02 GMT". Locale-independent (strftime's
/// %a/%b follow the C locale only if nobody called setlocale).
std::string imf_fixdate(clock::WallTime t);

/// Expands every `{{http_date:+Ns}}` (N may be negative or zero) in a fixture header value to
/// the IMF-fixdate of `now + N s`; other text is copied as is. Deterministic under a FakeClock,
/// whose calendar starts at a fixed epoch.
std::string expand_header_templates(const std::string& value, clock::WallTime now);

}  // namespace cometbench::mockserver
