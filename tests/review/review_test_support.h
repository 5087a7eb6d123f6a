#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "review/review.h"

namespace cometbench::review::testing {

inline std::string fixture_path(const std::string& name) {
  return std::string(COMETBENCH_FIXTURES_DIR) + "/review/" + name;
}

/// Reviews fixtures/review/NAME, naming it NAME in findings so expectations stay short.
inline ReviewReport review_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + fixture_path(name));
  return review_stream(in, name);
}

}  // namespace cometbench::review::testing
