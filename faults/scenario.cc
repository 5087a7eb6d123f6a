#include "faults/scenario.h"

namespace cometbench::faults {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
// clang 14 lacks class template argument deduction for aggregates (P1816).
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

const char* step_kind(const Step& step) {
  return std::visit(Overloaded{
                        [](const RespondStep&) { return "respond"; },
                        [](const TimeoutStep&) { return "timeout"; },
                        [](const DropStep&) { return "drop"; },
                        [](const ResetStep&) { return "reset"; },
                        [](const TruncateStep&) { return "truncate"; },
                        [](const StreamStep&) { return "stream"; },
                    },
                    step);
}

const char* to_string(WhenExhausted w) {
  switch (w) {
    case WhenExhausted::kRepeatLast:
      return "repeat_last";
    case WhenExhausted::kCycle:
      return "cycle";
    case WhenExhausted::kFail:
      return "fail";
  }
  return "repeat_last";
}

}  // namespace cometbench::faults
