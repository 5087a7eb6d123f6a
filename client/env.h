#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cometbench::client {

/// Reads one environment variable; nullopt when unset. Injected so tests never touch the
/// process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The real process environment (getenv). Not safe against concurrent setenv.
EnvLookup process_environment();

/// An environment with no variables.
EnvLookup empty_environment();

}  // namespace cometbench::client
