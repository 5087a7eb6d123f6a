#include "mockserver/connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace cometbench::mockserver {
namespace {

// Bytes read from the socket at a time; a request line with its headers usually fits.
constexpr std::size_t kReadChunk = 16 * 1024;

void describe(const sockaddr_storage& ss, std::string& addr, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &ss, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text) != nullptr) addr = text;
    port = ntohs(in.sin_port);
  } else if (ss.ss_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &ss, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text) != nullptr) addr = text;
    port = ntohs(in6.sin6_port);
  }
}

bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  if (fd < 0) return true;  // closed: the next call fails at once instead of waiting
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n >= 0) return n > 0;
    if (errno != EINTR) return true;
  }
}

}  // namespace

Connection::Connection(int fd, std::uint64_t id) : id_(id), fd_(fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
    describe(ss, remote_addr_, remote_port_);
  }
  ss = {};
  len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) == 0) {
    describe(ss, local_addr_, local_port_);
  }
}

Connection::~Connection() { close(); }

int Connection::fd_unlocked() const {
  std::lock_guard lock(mu_);
  return fd_;
}

void Connection::send_fin() {
  std::lock_guard lock(mu_);
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void Connection::send_rst() {
  std::lock_guard lock(mu_);
  if (fd_ < 0) return;
  const linger abortive{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  ::close(fd_);
  fd_ = -1;
}

void Connection::shut_read() {
  std::lock_guard lock(mu_);
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RD);
}

bool Connection::peer_closed() const {
  std::lock_guard lock(mu_);
  if (fd_ < 0) return true;
  pollfd p{fd_, static_cast<short>(POLLIN | POLLRDHUP), 0};
  const int n = ::poll(&p, 1, 0);
  if (n < 0) return errno != EINTR;
  if (n == 0) return false;
  if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return true;
  char byte = 0;
  const ssize_t got = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got > 0) return false;  // a pipelined request, not a hang-up
  if (got == 0) return true;
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

void Connection::close() {
  std::lock_guard lock(mu_);
  if (fd_ < 0) return;
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  fd_ = -1;
}

bool Connection::wait_readable(std::chrono::milliseconds timeout) const {
  return wait_for(fd_unlocked(), POLLIN, timeout);
}

bool Connection::wait_writable(std::chrono::milliseconds timeout) const {
  return wait_for(fd_unlocked(), POLLOUT, timeout);
}

long Connection::receive(char* data, std::size_t size) const {
  const int fd = fd_unlocked();
  if (fd < 0) return -1;
  for (;;) {
    const ssize_t n = ::recv(fd, data, size, 0);
    if (n >= 0 || errno != EINTR) return n;
  }
}

long Connection::send(const char* data, std::size_t size) const {
  const int fd = fd_unlocked();
  if (fd < 0) return -1;
  for (;;) {
    // MSG_NOSIGNAL: a peer that is gone must not raise SIGPIPE in a host process.
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n >= 0 || errno != EINTR) return n;
  }
}

ConnectionStream::ConnectionStream(Connection& connection, std::chrono::milliseconds read_timeout,
                                   std::chrono::milliseconds write_timeout)
    : connection_(connection), read_timeout_(read_timeout), write_timeout_(write_timeout) {}

bool ConnectionStream::is_readable() const {
  return has_buffered() || connection_.wait_readable(read_timeout_);
}

bool ConnectionStream::is_writable() const { return connection_.wait_writable(write_timeout_); }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (!has_buffered()) {
    if (!connection_.wait_readable(read_timeout_)) return -1;
    buffer_.resize(kReadChunk);
    const long n = connection_.receive(buffer_.data(), buffer_.size());
    buffer_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    offset_ = 0;
    if (n <= 0) return n;
  }
  const std::size_t take = std::min(size, buffer_.size() - offset_);
  std::memcpy(ptr, buffer_.data() + offset_, take);
  offset_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  std::size_t written = 0;
  while (written < size) {
    if (!is_writable()) return -1;
    const long n = connection_.send(ptr + written, size - written);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return -1;
    }
    written += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(written);
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.remote_addr();
  port = connection_.remote_port();
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.local_addr();
  port = connection_.local_port();
}

// httplib asks for the socket only to compare it with FD_SETSIZE when built for select(); the
// Debian build polls. A closed connection answers -1.
socket_t ConnectionStream::socket() const { return -1; }

std::shared_ptr<Connection> ConnectionRegistry::add(int fd) {
  std::lock_guard lock(mu_);
  auto connection = std::make_shared<Connection>(fd, next_id_++);
  if (shutting_) connection->shut_read();
  live_[key(connection->remote_addr(), connection->remote_port())] = connection;
  return connection;
}

void ConnectionRegistry::remove(const Connection& connection) {
  std::lock_guard lock(mu_);
  const auto it = live_.find(key(connection.remote_addr(), connection.remote_port()));
  if (it != live_.end() && it->second.get() == &connection) live_.erase(it);
}

std::shared_ptr<Connection> ConnectionRegistry::find(const std::string& remote_addr,
                                                     int remote_port) const {
  std::lock_guard lock(mu_);
  const auto it = live_.find(key(remote_addr, remote_port));
  return it == live_.end() ? nullptr : it->second;
}

void ConnectionRegistry::shut_all() {
  std::lock_guard lock(mu_);
  shutting_ = true;
  for (const auto& [peer, connection] : live_) connection->shut_read();
}

std::string ConnectionRegistry::key(const std::string& addr, int port) {
  return addr + "|" + std::to_string(port);
}

}  // namespace cometbench::mockserver
