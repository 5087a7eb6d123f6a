#pragma once

// JSON pointers (RFC 6901), the way every error of a user's file names a place in it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cometbench::json {

/// `key` escaped as one reference token: `~` -> `~0`, `/` -> `~1`.
std::string pointer_token(std::string_view key);

/// The reference tokens of `pointer`, unescaped (`/a~1b/0` -> {"a/b", "0"}; "" -> {}); nullopt
/// when it is not a JSON pointer (it does not start with `/`, or holds `~` followed by anything
/// but 0 or 1).
std::optional<std::vector<std::string>> pointer_tokens(std::string_view pointer);

}  // namespace cometbench::json
