#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

#include "clock/clock.h"

namespace cometbench::cli {

/// The `[12/57] name` line `run` keeps rewriting on stderr while a long suite runs. It appears
/// only when stderr is a terminal (a CI log must not fill with carriage returns) and only once
/// the run has taken longer than `kProgressDelay` of real time (a quick suite prints nothing).
/// Thread-safe: scenarios finish on several threads.
class Progress {
 public:
  /// How long a run must take before the line appears.
  static constexpr std::chrono::milliseconds kProgressDelay{500};

  /// `clock` gives real time (SystemClock; FakeClock in tests); `total` is the scenario count.
  Progress(std::ostream& err, bool err_is_terminal, const clock::Clock& clock, std::size_t total);

  /// One scenario finished.
  void done(const std::string& name);
  /// Erases the line, if one was drawn, so the verdicts and totals start on a clean line.
  void finish();

 private:
  std::ostream& err_;
  const bool enabled_;
  const clock::Clock& clock_;
  const clock::TimePoint start_;
  const std::size_t total_;
  std::mutex mutex_;  // guards done_, drawn_ and writes to err_
  std::size_t done_ = 0;
  bool drawn_ = false;
};

}  // namespace cometbench::cli
