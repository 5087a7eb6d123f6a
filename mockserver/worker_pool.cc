#include "mockserver/worker_pool.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>

namespace cometbench::mockserver {

void block_sigpipe_on_this_thread() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

WorkerPool::WorkerPool(std::size_t max_threads, std::chrono::milliseconds idle_retire)
    : max_threads_(std::max<std::size_t>(max_threads, 1)), idle_retire_(idle_retire) {}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(job));
    // Each queued job needs a worker of its own: an idle one, else a new one while allowed.
    if (!shutting_down_ && jobs_.size() > idle_ && live_ < max_threads_) {
      std::size_t slot = threads_.size();
      if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
        // The retired thread has left work() or is about to: joining is immediate.
        if (threads_[slot].joinable()) threads_[slot].join();
      } else {
        threads_.emplace_back();
      }
      threads_[slot] = std::thread([this, slot] { work(slot); });
      ++live_;
    }
  }
  wake_.notify_one();
}

void WorkerPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    shutting_down_ = true;
    threads.swap(threads_);
    free_slots_.clear();
  }
  wake_.notify_all();
  for (auto& t : threads) {
    if (t.joinable()) t.join();
  }
}

std::size_t WorkerPool::threads() const {
  std::lock_guard lock(mu_);
  return live_;
}

void WorkerPool::work(std::size_t slot) {
  block_sigpipe_on_this_thread();
  std::unique_lock lock(mu_);
  for (;;) {
    ++idle_;
    const bool woken =
        wake_.wait_for(lock, idle_retire_, [this] { return !jobs_.empty() || shutting_down_; });
    --idle_;
    if (jobs_.empty()) {
      if (shutting_down_) return;  // shutdown() joins this thread
      if (!woken) {
        // Retire: the slot is joined and reused by the next submit() that needs a thread.
        --live_;
        free_slots_.push_back(slot);
        return;
      }
      continue;
    }
    std::function<void()> job = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

}  // namespace cometbench::mockserver
