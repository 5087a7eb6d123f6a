#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cometbench::mockserver {

/// Runs jobs on threads started on demand: a thread starts only when a job arrives and every
/// existing one is busy, up to `max_threads`; beyond that, jobs wait in order. A thread idle for
/// `idle_retire` ends, so a burst of held requests does not leave thousands of threads behind.
/// Starting all threads up front (httplib's ThreadPool) cost 10-50 ms per server on a loaded
/// 2-core machine (measured), paid by every test.
///
/// Every worker blocks SIGPIPE for itself: OpenSSL writes with write(2), which raises SIGPIPE on
/// a socket whose peer has gone, and the host process's disposition is not ours to change.
///
/// Thread-safe; `shutdown()` runs the queued jobs, then joins every worker.
class WorkerPool {
 public:
  WorkerPool(std::size_t max_threads, std::chrono::milliseconds idle_retire);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void submit(std::function<void()> job);
  void shutdown();

  /// Threads alive now (for tests and the docs' figures).
  std::size_t threads() const;

 private:
  void work(std::size_t slot);

  const std::size_t max_threads_;
  const std::chrono::milliseconds idle_retire_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  std::vector<std::thread> threads_;        // guarded by mu_; a retired thread's slot is empty
  std::vector<std::size_t> free_slots_;     // guarded by mu_: retired slots, to join and reuse
  std::size_t live_ = 0;                    // guarded by mu_: threads not retired
  std::size_t idle_ = 0;                    // guarded by mu_: workers waiting for a job
  bool shutting_down_ = false;              // guarded by mu_
};

/// Blocks SIGPIPE on the calling thread (see WorkerPool).
void block_sigpipe_on_this_thread();

}  // namespace cometbench::mockserver
