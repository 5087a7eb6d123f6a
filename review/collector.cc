#include "review/collector.h"

#include <algorithm>

#include "review/rules.h"
#include "review/text.h"

namespace cometbench::review {

namespace {
bool before(std::size_t line_a, std::size_t order_a, std::size_t line_b, std::size_t order_b) {
  return line_a != line_b ? line_a < line_b : order_a < order_b;
}
}  // namespace

void Collector::begin_line(std::size_t line) {
  in_line_ = true;
  line_ = line;
  line_count_ = 0;
}

void Collector::end_line() {
  if (in_line_ && line_count_ > kMaxFindingsPerLine) {
    const std::size_t hidden = line_count_ - kMaxFindingsPerLine;
    keep(line_, rules::kTooManyFindings,
         count_of(hidden, "more finding", "more findings") + " on this line not shown (at most " +
             std::to_string(kMaxFindingsPerLine) + " a line)");
  }
  in_line_ = false;
}

void Collector::add(std::size_t line, std::string_view rule, std::string message) {
  if (in_line_ && line == line_ && ++line_count_ > kMaxFindingsPerLine) return;
  keep(line, rule, std::move(message));
}

void Collector::keep(std::size_t line, std::string_view rule, std::string message) {
  ++total_;
  entries_.push_back(Entry{Finding{file_, line, std::string(rule), std::move(message)}, order_++});
  // Trimming at twice the bound keeps the cost per finding constant.
  if (entries_.size() >= 2 * max_kept_ + 2) trim();
}

void Collector::trim() {
  const auto by_line = [](const Entry& a, const Entry& b) {
    return before(a.finding.line, a.order, b.finding.line, b.order);
  };
  if (entries_.size() <= max_kept_) return;
  std::nth_element(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(max_kept_),
                   entries_.end(), by_line);
  entries_.resize(max_kept_);
}

std::vector<Finding> Collector::take() {
  trim();
  std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return before(a.finding.line, a.order, b.finding.line, b.order);
  });
  std::vector<Finding> out;
  out.reserve(entries_.size());
  for (auto& e : entries_) out.push_back(std::move(e.finding));
  entries_.clear();
  return out;
}

}  // namespace cometbench::review
