#pragma once

// A byte-level loopback client for the mock's connection tests: what a client that pipelines,
// half-closes, dribbles its head or never finishes its request sends and sees.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "server_fixture.h"

namespace cometbench::mockserver::testing {

struct Answer {
  std::string head;  // status line and headers
  std::string body;
};

// One loopback connection to the mock, driven byte for byte.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool connected() const { return connected_; }
  void send_all(const std::string& bytes) const {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  void half_close() const { shutdown(fd_, SHUT_WR); }

  // Bytes until `marker` has arrived (included), or everything until the server closes.
  std::string read_until(const std::string& marker) const {
    std::string out;
    char byte = 0;
    while (out.find(marker) == std::string::npos) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0 || recv(fd_, &byte, 1, 0) <= 0) return out;
      out += byte;
    }
    return out;
  }

  // Everything until the server closes (bounded by a 10 s poll per read, which a passing test
  // never waits for: the server closes at once).
  std::string read_to_end() const {
    std::string out;
    char buffer[4096];
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) return out;
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return out;
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

inline std::string chat_request_bytes(const std::string& extra_headers = "") {
  const std::string body = kChatBody;
  return "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(kAuthHeader) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra_headers + "\r\n" + body;
}

// Splits a byte stream into answers by their Content-Length.
inline std::vector<Answer> answers_in(const std::string& bytes) {
  std::vector<Answer> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t end = bytes.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    Answer a;
    a.head = bytes.substr(at, end - at);
    const std::size_t cl = a.head.find("Content-Length: ");
    const std::size_t length =
        cl == std::string::npos
            ? 0
            : std::stoul(a.head.substr(cl + 16, a.head.find("\r\n", cl) - cl - 16));
    a.body = bytes.substr(end + 4, length);
    out.push_back(a);
    at = end + 4 + length;
  }
  return out;
}

inline std::string status_line(const Answer& a) { return a.head.substr(0, a.head.find("\r\n")); }

}  // namespace cometbench::mockserver::testing
