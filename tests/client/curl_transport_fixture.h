#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "client/curl_transport.h"
#include "clock/fake_clock.h"
#include "raw_server.h"

namespace cometbench::client::testing {

using namespace std::chrono_literals;

/// A CurlTransport on a FakeClock against a RawServer whose behaviour each test scripts.
class CurlTransportTest : public ::testing::Test {
 protected:
  TransportRequest request(const std::string& url) const {
    TransportRequest r;
    r.url = url;
    r.headers = {{"Authorization", "Bearer k"}, {"Content-Type", "application/json"}};
    r.body = R"({"model":"m","messages":[]})";
    r.deadline = clock_.now() + 30s;
    return r;
  }

  // Serves one connection on a thread with `serve(fd)`, closing it afterwards.
  template <typename F>
  void serve_once(F serve) {
    server_thread_ = std::thread([this, serve] {
      const int fd = server_.accept_one();
      serve(fd);
      ::close(fd);
    });
  }

  // Blocks a scripted handler until the test ends (TearDown lets it go).
  void wait_for_release() {
    std::unique_lock lock(release_mu_);
    release_cv_.wait(lock, [this] { return release_.load(); });
  }

  void TearDown() override {
    {
      std::lock_guard lock(release_mu_);
      release_ = true;
    }
    release_cv_.notify_all();
    if (server_thread_.joinable()) server_thread_.join();
  }

  clock::FakeClock clock_;
  CurlTransport transport_{clock_};
  RawServer server_;
  std::thread server_thread_;
  std::atomic<bool> release_{false};  // also polled by handlers holding on clock_
  std::mutex release_mu_;
  std::condition_variable release_cv_;
};

}  // namespace cometbench::client::testing
