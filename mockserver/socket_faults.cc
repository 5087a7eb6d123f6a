#include "mockserver/socket_faults.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace cometbench::mockserver::socket_faults {
namespace {

struct Endpoint {
  std::string addr;
  int port = -1;
};

std::optional<Endpoint> to_endpoint(const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &ss, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text) == nullptr) return std::nullopt;
    return Endpoint{text, ntohs(in.sin_port)};
  }
  if (ss.ss_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &ss, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text) == nullptr) return std::nullopt;
    return Endpoint{text, ntohs(in6.sin6_port)};
  }
  return std::nullopt;
}

std::optional<Endpoint> local_endpoint(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return std::nullopt;
  return to_endpoint(ss);
}

std::optional<Endpoint> peer_endpoint(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return std::nullopt;
  return to_endpoint(ss);
}

// The open fds of this process, from /proc/self/fd (cheaper than probing every number up to
// RLIMIT_NOFILE). The directory's own fd is excluded.
std::vector<int> open_fds() {
  std::vector<int> fds;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  const int own = dirfd(dir);
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const int fd = static_cast<int>(std::strtol(e->d_name, nullptr, 10));
    if (fd != own) fds.push_back(fd);
  }
  closedir(dir);
  return fds;
}

}  // namespace

std::optional<int> find_connection_fd(int local_port, const std::string& remote_addr,
                                      int remote_port) {
  for (const int fd : open_fds()) {
    const auto local = local_endpoint(fd);
    if (!local || local->port != local_port) continue;
    const auto peer = peer_endpoint(fd);
    if (peer && peer->port == remote_port && peer->addr == remote_addr) return fd;
  }
  return std::nullopt;
}

void send_fin(int fd) { shutdown(fd, SHUT_RDWR); }

void send_rst(int fd) {
  const linger abortive{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  const int stand_in = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (stand_in < 0) {
    // Out of fds: shutting down still ends the exchange, as a FIN; better than nothing.
    shutdown(fd, SHUT_RDWR);
    return;
  }
  dup2(stand_in, fd);
  close(stand_in);
}

bool peer_closed(int fd) {
  pollfd p{fd, static_cast<short>(POLLIN | POLLRDHUP), 0};
  const int n = poll(&p, 1, 0);
  if (n < 0) return errno != EINTR;
  if (n == 0) return false;
  if ((p.revents & (POLLERR | POLLHUP | POLLNVAL | POLLRDHUP)) != 0) return true;
  char byte = 0;
  const ssize_t got = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (got > 0) return false;  // a pipelined request, not a hang-up
  if (got == 0) return true;
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

int shut_read_side_of_connections(int port) {
  int count = 0;
  for (const int fd : open_fds()) {
    const auto local = local_endpoint(fd);
    if (!local || local->port != port) continue;
    if (!peer_endpoint(fd)) continue;  // the listening socket, or one not connected
    if (shutdown(fd, SHUT_RD) == 0) ++count;
  }
  return count;
}

}  // namespace cometbench::mockserver::socket_faults
