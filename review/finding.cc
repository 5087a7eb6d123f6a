#include "review/finding.h"

#include <nlohmann/json.hpp>

namespace cometbench::review {

std::string format_text(const Finding& finding) {
  const std::string where =
      finding.line == 0 ? finding.file : finding.file + ":" + std::to_string(finding.line);
  return where + ": " + finding.rule + ": " + finding.message;
}

void to_json(nlohmann::json& j, const Finding& finding) {
  j = nlohmann::json{{"file", finding.file},
                     {"line", finding.line},
                     {"rule", finding.rule},
                     {"message", finding.message}};
}

std::string format_json(const std::vector<Finding>& findings) {
  // Replace, not throw: a file name given on the command line need not be valid UTF-8.
  return nlohmann::json(findings).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void PrintTo(const Finding& finding, std::ostream* os) { *os << format_text(finding); }

}  // namespace cometbench::review
