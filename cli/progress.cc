#include "cli/progress.h"

#include "json/printable.h"

namespace cometbench::cli {

Progress::Progress(std::ostream& err, bool err_is_terminal, const clock::Clock& clock,
                   std::size_t total)
    : err_(err), enabled_(err_is_terminal), clock_(clock), start_(clock.now()), total_(total) {}

void Progress::done(const std::string& name) {
  if (!enabled_) return;
  const std::lock_guard lock(mutex_);
  ++done_;
  if (clock_.now() - start_ < kProgressDelay) return;
  // CR back to the start of the line, ESC[K to erase what a longer name left behind.
  err_ << "\r[" << done_ << '/' << total_ << "] " << json::printable(name) << "\x1b[K"
       << std::flush;
  drawn_ = true;
}

void Progress::finish() {
  const std::lock_guard lock(mutex_);
  if (drawn_) err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace cometbench::cli
