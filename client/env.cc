#include "client/env.h"

#include <cstdlib>

namespace cometbench::client {

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

EnvLookup empty_environment() {
  return [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
}

}  // namespace cometbench::client
