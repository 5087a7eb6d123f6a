#include "faults/scenario.h"

#include "faults/step_kinds.h"

namespace cometbench::faults {

const char* step_kind(const Step& step) {
  // Every name in the table is a string literal, so data() is NUL-terminated.
  return step_kind_info(step).name.data();
}

const char* to_string(WhenExhausted w) {
  // Every token in the table is a string literal, so data() is NUL-terminated.
  return json::name_of(kWhenExhaustedNames, w).data();
}

}  // namespace cometbench::faults
