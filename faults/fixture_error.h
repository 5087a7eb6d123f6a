#pragma once

#include "json/input_error.h"

namespace cometbench::faults {

/// A scenario, fault profile or `$ref` target that breaks the fixture format: the one error
/// type of every JSON input (json/input_error.h), `FILE:LINE:COLUMN: POINTER: MESSAGE`.
using FixtureError = json::InputError;

}  // namespace cometbench::faults
