#include "testing/golden.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "runner/golden.h"

namespace cometbench::testing {

bool GoldenFileMatcher::MatchAndExplain(const std::vector<std::string>& lines,
                                        std::ostream* why) const {
  std::ifstream in(golden_, std::ios::binary);
  if (!in) {
    if (why) {
      *why << "cannot read the golden file " << golden_.string() << "; the run's lines are:\n"
           << runner::golden_text_for(lines);
    }
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const runner::GoldenComparison comparison = runner::compare_with_golden(lines, text.str());
  if (!comparison.equal && why) *why << comparison.explanation;
  return comparison.equal;
}

void GoldenFileMatcher::DescribeTo(std::ostream* os) const {
  *os << "equals the golden file " << golden_.string() << " byte for byte";
}

void GoldenFileMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "differs from the golden file " << golden_.string();
}

GoldenFileMatcher MatchesGoldenFile(std::filesystem::path golden) {
  return GoldenFileMatcher(std::move(golden));
}

}  // namespace cometbench::testing
