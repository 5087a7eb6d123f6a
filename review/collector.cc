#include "review/collector.h"

#include <algorithm>

namespace cometbench::review {

void Collector::add(std::size_t line, std::string_view rule, std::string message) {
  findings_.push_back(Finding{file_, line, std::string(rule), std::move(message)});
}

std::vector<Finding> Collector::take() {
  std::stable_sort(findings_.begin(), findings_.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return std::move(findings_);
}

}  // namespace cometbench::review
