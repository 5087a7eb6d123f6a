#pragma once

// The keys each object of the fixture format may hold, in the order error messages list them.
// The parsers read through these lists, and a test checks them against the JSON Schemas in
// schemas/ (docs/schemas.md), so that the schemas cannot drift from the parser. A file's
// top-level object may also hold `$schema` (json::Cursor::expect_file_keys()).

#include <array>
#include <string_view>

namespace cometbench::faults::keys {

using Keys = std::string_view;

inline constexpr std::array<Keys, 5> kScenario{"name", "description", "api_key", "script",
                                               "client"};
inline constexpr std::array<Keys, 2> kRoute{"steps", "when_exhausted"};
inline constexpr std::array<Keys, 6> kStep{"respond", "timeout",  "drop",
                                           "reset",   "truncate", "stream"};
inline constexpr std::array<Keys, 5> kRespond{"status", "headers", "body", "delay_ms", "dribble"};
inline constexpr std::array<Keys, 2> kDribble{"chunks", "gap_ms"};
inline constexpr std::array<Keys, 4> kTruncate{"status", "headers", "body", "after_bytes"};
inline constexpr std::array<Keys, 7> kStream{"status", "headers",    "events", "usage",
                                             "gap_ms", "drop_after", "done"};
inline constexpr std::array<Keys, 7> kClient{
    "policy", "request", "api_key", "operations", "base_path", "cancel_after_ms", "tls"};
inline constexpr std::array<Keys, 2> kTls{"trusted", "handshake"};

inline constexpr std::array<Keys, 5> kProfile{"name", "description", "api_key", "profile",
                                              "client"};
inline constexpr std::array<Keys, 5> kProfileSection{"operations", "arrival_interval_ms", "seed",
                                                     "mix", "outages"};
inline constexpr std::array<Keys, 7> kMixEntry{"weight", "respond",  "timeout", "drop",
                                               "reset",  "truncate", "stream"};
inline constexpr std::array<Keys, 8> kOutage{"from_ms", "to_ms", "respond",  "timeout",
                                             "drop",    "reset", "truncate", "stream"};
inline constexpr std::array<Keys, 3> kProfileClient{"request", "api_key", "base_path"};

}  // namespace cometbench::faults::keys
