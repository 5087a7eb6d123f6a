#pragma once

// The tokens that spell the policy's enums in policy documents, one table per enum for both
// directions (json/enum_names.h). Internal to the client library.

#include <array>

#include "client/policy.h"
#include "json/enum_names.h"

namespace cometbench::client::policy_fields {

using json::EnumName;

inline constexpr std::array<EnumName<Jitter>, 5> kJitterNames{{
    {"none", Jitter::none},
    {"full", Jitter::full},
    {"equal", Jitter::equal},
    {"decorrelated", Jitter::decorrelated},
    {"openai", Jitter::openai},
}};
inline constexpr std::array<EnumName<RetryAfterOverCap>, 2> kOverCapNames{{
    {"give_up", RetryAfterOverCap::give_up},
    {"use_backoff", RetryAfterOverCap::use_backoff},
}};
inline constexpr std::array<EnumName<RetryAfterZero>, 2> kZeroNames{{
    {"use_backoff", RetryAfterZero::use_backoff},
    {"immediately", RetryAfterZero::immediately},
}};
inline constexpr std::array<EnumName<StreamCommit>, 2> kStreamCommitNames{{
    {"first_chunk", StreamCommit::first_chunk},
    {"headers", StreamCommit::headers},
}};
inline constexpr std::array<EnumName<CutBody>, 2> kCutBodyNames{{
    {"transfer_failure", CutBody::transfer_failure},
    {"by_status", CutBody::by_status},
}};

static_assert(json::one_to_one(kJitterNames) && json::one_to_one(kOverCapNames) &&
              json::one_to_one(kZeroNames) && json::one_to_one(kStreamCommitNames) &&
              json::one_to_one(kCutBodyNames));

}  // namespace cometbench::client::policy_fields
