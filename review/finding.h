#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace cometbench::review {

/// One problem found in an attempt log. `line` is the 1-based line of the log the problem is
/// attached to, or 0 for a problem of the whole log (a journal operation it does not record);
/// `rule` is a stable id from review/rules.h (docs/review.md lists them all). `message` never
/// contains a credential, prompt or completion text: values that look sensitive are described (kind
/// and length), not quoted.
struct Finding {
  std::string file;
  std::size_t line = 0;
  std::string rule;
  std::string message;

  friend bool operator==(const Finding&, const Finding&) = default;
};

/// `FILE:LINE: RULE: MESSAGE`, the form compilers use, so editors can jump to the line
/// (`FILE: RULE: MESSAGE` for line 0).
std::string format_text(const Finding& finding);

/// `{"file":..., "line":..., "rule":..., "message":...}`.
void to_json(nlohmann::json& j, const Finding& finding);

/// A JSON array of findings, one line, for `--format json`.
std::string format_json(const std::vector<Finding>& findings);

/// gtest printer.
void PrintTo(const Finding& finding, std::ostream* os);

}  // namespace cometbench::review
