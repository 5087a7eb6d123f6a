#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace cometbench::client::testing {

/// A bare listening socket on 127.0.0.1 (an ephemeral port) for transport tests that need
/// byte-exact server behaviour: answers, silences, FIN, RST.
class RawServer {
 public:
  RawServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0) {
      throw std::runtime_error("cannot listen");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~RawServer() { ::close(fd_); }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  int port() const { return port_; }
  std::string url(std::string_view path = "/v1/chat/completions") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int accept_one() const { return ::accept(fd_, nullptr, nullptr); }
  /// True when a connection waits to be accepted (checked without waiting).
  bool has_pending_connection() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  /// A port that nobody listens on: bound, never listened, then closed.
  static int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  /// Reads one request: the head, then Content-Length body bytes.
  static std::string read_request(int fd) {
    std::string data;
    char buffer[4096];
    std::size_t head_end = std::string::npos;
    std::size_t need = 0;
    for (;;) {
      if (head_end == std::string::npos) {
        head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          const std::size_t cl = lower(data.substr(0, head_end)).find("content-length:");
          const std::size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 15));
          need = head_end + 4 + length;
        }
      }
      if (head_end != std::string::npos && data.size() >= need) return data;
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return data;
      data.append(buffer, static_cast<std::size_t>(n));
    }
  }

  static void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  /// Closes with RST instead of FIN.
  static void reset(int fd) {
    const linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  }

  int fd_ = -1;
  int port_ = 0;
};

}  // namespace cometbench::client::testing
