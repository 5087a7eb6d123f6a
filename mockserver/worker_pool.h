#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cometbench::mockserver {

/// httplib's task queue, growing on demand: a thread is started only when a connection arrives
/// and every existing worker is busy, up to `max_threads`; beyond that, connections wait in
/// order. httplib's own ThreadPool starts all its threads up front, and starting and joining 64
/// threads cost 10-50 ms per server on a loaded 2-core machine (measured), paid by every test.
/// Thread-safe; `shutdown()` runs the queued jobs, then joins every worker.
class WorkerPool final : public httplib::TaskQueue {
 public:
  explicit WorkerPool(std::size_t max_threads);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();

  const std::size_t max_threads_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;  // guarded by mu_
  std::vector<std::thread> threads_;        // guarded by mu_
  std::size_t idle_ = 0;                    // guarded by mu_: workers waiting for a job
  bool shutting_down_ = false;              // guarded by mu_
};

}  // namespace cometbench::mockserver
