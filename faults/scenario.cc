#include "faults/scenario.h"

#include "faults/step_kinds.h"

namespace cometbench::faults {

const char* step_kind(const Step& step) {
  // Every name in the table is a string literal, so data() is NUL-terminated.
  return step_kind_info(step).name.data();
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
