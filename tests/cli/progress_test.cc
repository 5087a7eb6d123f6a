#include "cli/progress.h"

#include <gtest/gtest.h>

#include <sstream>

#include "clock/fake_clock.h"

namespace cometbench::cli {
namespace {
using std::chrono::milliseconds;

TEST(ProgressTest, ALogFileGetsNothingHoweverLongTheRun) {
  clock::FakeClock clock;
  std::ostringstream err;
  Progress progress(err, /*err_is_terminal=*/false, clock, 2);
  clock.advance(milliseconds(5000));
  progress.done("a");
  progress.done("b");
  progress.finish();
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressTest, AQuickRunOnATerminalGetsNothing) {
  clock::FakeClock clock;
  std::ostringstream err;
  Progress progress(err, true, clock, 2);
  clock.advance(milliseconds(499));
  progress.done("a");
  progress.done("b");
  progress.finish();
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressTest, ALongRunOnATerminalRewritesOneLineThenErasesIt) {
  clock::FakeClock clock;
  std::ostringstream err;
  Progress progress(err, true, clock, 3);
  progress.done("first");  // before the delay: counted, not drawn
  clock.advance(Progress::kProgressDelay);
  progress.done("second\x1b[2J");
  progress.done("third");
  progress.finish();
  EXPECT_EQ(err.str(),
            "\r[2/3] second\\u001b[2J\x1b[K"
            "\r[3/3] third\x1b[K"
            "\r\x1b[K");
}

}  // namespace
}  // namespace cometbench::cli
