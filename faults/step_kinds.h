#pragma once

// Every step kind in one table: its name in fixtures, journals and records of the mock, and what
// playing it needs of the connection. A new alternative in `Step` does not compile until it has
// its entry here (step_kind_info has no general definition), so no place can silently give a
// new kind a wrong default.

#include <array>
#include <cstddef>
#include <string_view>
#include <utility>
#include <variant>

#include "faults/scenario.h"

namespace cometbench::faults {

/// What playing a step needs of the connection's socket.
enum class SocketUse {
  kNone,            ///< writes an ordinary response (truncate: a short body, then the close)
  kWhenItWaits,     ///< only if it waits (a delay, a dribble), to notice the client hanging up
  kToNoticeHangUp,  ///< always waits between writes (stream gaps), so always watches the socket
  kRequired,        ///< acts on the socket itself (hold, FIN, RST); fails without it
};

/// One step kind's traits.
struct StepKindInfo {
  std::string_view name;  ///< as fixtures spell it: "respond", "timeout", ...
  SocketUse socket = SocketUse::kNone;
};

/// The traits of step kind `T`; defined for each alternative of `Step` and nothing else.
template <typename T>
constexpr StepKindInfo step_kind_info() = delete;
template <>
constexpr StepKindInfo step_kind_info<RespondStep>() {
  return {"respond", SocketUse::kWhenItWaits};
}
template <>
constexpr StepKindInfo step_kind_info<TimeoutStep>() {
  return {"timeout", SocketUse::kRequired};
}
template <>
constexpr StepKindInfo step_kind_info<DropStep>() {
  return {"drop", SocketUse::kRequired};
}
template <>
constexpr StepKindInfo step_kind_info<ResetStep>() {
  return {"reset", SocketUse::kRequired};
}
template <>
constexpr StepKindInfo step_kind_info<TruncateStep>() {
  return {"truncate", SocketUse::kNone};
}
template <>
constexpr StepKindInfo step_kind_info<StreamStep>() {
  return {"stream", SocketUse::kToNoticeHangUp};
}

namespace detail {
template <std::size_t... I>
constexpr std::array<StepKindInfo, sizeof...(I)> all_step_kinds(std::index_sequence<I...>) {
  return {step_kind_info<std::variant_alternative_t<I, Step>>()...};
}
}  // namespace detail

/// Every step kind, in the order of `Step`'s alternatives.
inline constexpr std::array<StepKindInfo, std::variant_size_v<Step>> kStepKinds =
    detail::all_step_kinds(std::make_index_sequence<std::variant_size_v<Step>>{});

/// The traits of the kind `step` holds.
constexpr const StepKindInfo& step_kind_info(const Step& step) { return kStepKinds[step.index()]; }

/// True when `name` is a step kind's name.
constexpr bool is_step_kind(std::string_view name) {
  for (const StepKindInfo& kind : kStepKinds) {
    if (kind.name == name) return true;
  }
  return false;
}

}  // namespace cometbench::faults
