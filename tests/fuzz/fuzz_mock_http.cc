// libFuzzer target: raw bytes from a client into the mock server over a real loopback
// connection: request lines, headers, bodies, pipelining, the admin API. The client sends the
// input, half-closes and reads until the server closes; the server must answer or close within
// the time limit, never crash, and still answer a well-formed request afterwards.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "clock/fake_clock.h"
#include "faults/parser.h"
#include "mockserver/mock_server.h"

namespace {

using namespace cometbench;

constexpr const char* kScenario = R"({
  "name": "fuzz", "description": "every step kind in turn", "api_key": "k",
  "script": {"POST /v1/chat/completions": {"when_exhausted": "cycle", "steps": [
    {"respond": {"status": 200, "body": {"object": "chat.completion", "choices": []}}},
    {"respond": {"status": 429, "headers": {"Retry-After": "1"}, "body": {"raw": "slow down"}}},
    {"respond": {"status": 200, "body": {"raw": "abcdefghij"}, "dribble": {"chunks": 3, "gap_ms": 5}}},
    {"truncate": {"status": 200, "body": {"raw": "abcdefghij"}, "after_bytes": 4}},
    {"stream": {"events": [{"object": "chat.completion.chunk", "choices": []}], "gap_ms": 5}},
    {"drop": {}}, {"reset": {}}, {"timeout": {}}]}}})";

struct Bench {
  clock::FakeClock clock;
  faults::Scenario scenario = faults::parse_scenario(kScenario, "fuzz.json", "/");
  std::unique_ptr<mockserver::MockServer> server;
  Bench() {
    mockserver::MockServerOptions options;
    options.admin_api = true;
    server = std::make_unique<mockserver::MockServer>(clock, scenario, options);
    server->start();
  }
};

Bench& bench() {
  static Bench instance;
  return instance;
}

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // libFuzzer's -timeout runs on a periodic SIGALRM: every blocking call here may see EINTR.
  int rc = 0;
  do {
    rc = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0 && errno != EISCONN) __builtin_trap();
  return fd;
}

// Sends everything, half-closes, reads until EOF; false if the server neither answers nor
// closes within 10 s of real time (interruptions by signals do not count as an answer).
bool exchange(int port, std::string_view bytes, std::string& answer) {
  const int fd = connect_to(port);
  for (std::size_t sent = 0; sent < bytes.size();) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the server may close early (a bad request line)
    sent += static_cast<std::size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  char buffer[4096];
  bool closed = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      closed = true;
      break;
    }
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return closed;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bench& b = bench();
  std::string answer;
  if (!exchange(b.server->port(), {reinterpret_cast<const char*>(data), size}, answer)) {
    __builtin_trap();  // the server hung
  }
  // Still serving: a well-formed request right after gets an HTTP answer.
  b.server->load(b.scenario);
  const std::string body = R"({"model":"m","messages":[]})";
  const std::string probe =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: h\r\nAuthorization: "
      "Bearer k\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string probe_answer;
  if (!exchange(b.server->port(), probe, probe_answer) ||
      probe_answer.rfind("HTTP/1.1 200", 0) != 0) {
    __builtin_trap();
  }
  b.server->load(b.scenario);
  return 0;
}
