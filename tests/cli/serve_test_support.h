#pragma once

// Helpers for serve_command_test.cc: a fixture file, a tiny libcurl client, `cometbench serve`
// as a child process, and cli::run on a thread with streams the test can read meanwhile.
#include <curl/curl.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <ostream>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli.h"

extern char** environ;

namespace cometbench::cli::serve_test {

using RealClock = std::chrono::steady_clock;

inline constexpr const char* kFixture = R"({
  "name": "serve-test",
  "description": "a 200, then held requests",
  "api_key": "test-key-123",
  "script": {"POST /v1/chat/completions": {"steps": [
    {"respond": {"status": 200, "body": {"ok": true}}},
    {"timeout": {}}
  ]}}
})";

struct TempFixture {
  TempFixture() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "serve_test_XXXXXX").string();
    dir = mkdtemp(tmpl.data());
    path = dir / "scenario.json";
    std::ofstream(path) << kFixture;
  }
  ~TempFixture() { std::filesystem::remove_all(dir); }
  std::filesystem::path dir;
  std::filesystem::path path;
};

inline size_t append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

struct Reply {
  CURLcode code = CURLE_OK;
  long status = 0;
  std::string body;
};

inline Reply post_chat(const std::string& base_url, long timeout_ms = 5000) {
  Reply reply;
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Authorization: Bearer test-key-123");
  const std::string url = base_url + "/v1/chat/completions";
  const char* body = R"({"model":"m","messages":[]})";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  reply.code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return reply;
}

inline std::string get(const std::string& url) {
  std::string body;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return body;
}

// `cometbench serve` as a child process with its stdout on a pipe.
class ServeProcess {
 public:
  explicit ServeProcess(const std::filesystem::path& fixture) {
    int out[2];
    EXPECT_EQ(pipe2(out, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    // The child gets default dispositions whatever this test runner ignores.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
    const std::string binary = COMETBENCH_BINARY;
    const std::string fixture_arg = fixture.string();
    std::vector<char*> argv{const_cast<char*>(binary.c_str()), const_cast<char*>("serve"),
                            const_cast<char*>("--fixture"), const_cast<char*>(fixture_arg.c_str()),
                            nullptr};
    EXPECT_EQ(posix_spawn(&pid_, binary.c_str(), &actions, &attr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    close(out[1]);
    stdout_ = out[0];
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  }

  ~ServeProcess() {
    if (!reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(stdout_);
    close(pidfd_);
  }

  /// The first stdout line, waiting at most 5 s.
  std::string first_line() {
    std::string line;
    char c = 0;
    while (line.empty() || line.back() != '\n') {
      pollfd p{stdout_, POLLIN, 0};
      if (poll(&p, 1, 5000) != 1 || read(stdout_, &c, 1) != 1) break;
      line += c;
    }
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  /// Waits up to `limit` for the exit; returns the exit status, nullopt if still running.
  std::optional<int> wait_exit(std::chrono::milliseconds limit) {
    pollfd p{pidfd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(limit.count())) != 1) return std::nullopt;
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  int pidfd_ = -1;
  bool reaped_ = false;
};

inline std::string url_of(const std::string& first_line) {
  return first_line.substr(std::string("listening on ").size());
}

// A thread-safe sink for cli::run's streams: the test reads while the command writes.
class SharedText : public std::streambuf {
 public:
  std::string text() const {
    std::lock_guard lock(mu_);
    return text_;
  }
  // Waits until `needle` has been written, or `timeout` passed; returns the text so far.
  std::string wait_for_text(const std::string& needle, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    written_.wait_for(lock, timeout, [&] { return text_.find(needle) != std::string::npos; });
    return text_;
  }
  // Waits until a whole line has been written, or `timeout` passed; returns the text so far.
  std::string wait_for_line(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    written_.wait_for(lock, timeout, [this] { return text_.find('\n') != std::string::npos; });
    return text_;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (ch != traits_type::eof()) {
      std::lock_guard lock(mu_);
      text_ += traits_type::to_char_type(ch);
      written_.notify_all();
    }
    return ch;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(mu_);
    text_.append(s, static_cast<std::size_t>(n));
    written_.notify_all();
    return n;
  }

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable written_;
  std::string text_;
};

struct InProcessServe {
  explicit InProcessServe(std::vector<std::string> args)
      : out(&out_text), err(&err_text), thread([this, args] { exit_code = run(args, out, err); }) {}

  // Waits (bounded) for the first stdout line.
  std::string first_line() {
    const std::string text = out_text.wait_for_line(std::chrono::seconds(20));
    return text.substr(0, text.find('\n'));
  }

  SharedText out_text;
  SharedText err_text;
  std::ostream out;
  std::ostream err;
  int exit_code = -1;
  std::thread thread;
};

}  // namespace cometbench::cli::serve_test
