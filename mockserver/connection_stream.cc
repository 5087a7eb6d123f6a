#include "mockserver/connection_stream.h"

#include <cstring>
#include <string_view>

namespace cometbench::mockserver {
namespace {

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// A held head and a body up to this size leave in one write; a larger body is not copied.
constexpr std::size_t kCoalesceLimit = 16 * 1024;

}  // namespace

ConnectionStream::ConnectionStream(Client& client, std::chrono::milliseconds write_timeout)
    : client_(client), write_timeout_(write_timeout) {}

bool ConnectionStream::is_readable() const { return offset_ < client_.frame.size; }

bool ConnectionStream::is_writable() const {
  return ok_ && !client_.connection->faulted() && client_.connection->socket() >= 0;
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  const std::size_t take = std::min(size, client_.frame.size - offset_);
  std::memcpy(ptr, client_.buffer.data() + offset_, take);
  offset_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!wrote_ && std::string_view(ptr, size) == kContinue) {
    return static_cast<ssize_t>(size);
  }
  if (!wrote_) {
    wrote_ = true;
    held_.assign(ptr, size);
    return static_cast<ssize_t>(size);
  }
  if (!held_.empty()) {
    if (size <= kCoalesceLimit) {
      held_.append(ptr, size);
      return flush() ? static_cast<ssize_t>(size) : -1;
    }
    if (!flush()) return -1;
  }
  return send(ptr, size) ? static_cast<ssize_t>(size) : -1;
}

bool ConnectionStream::flush() {
  if (held_.empty()) return ok_;
  const bool sent = send(held_.data(), held_.size());
  held_.clear();
  return sent;
}

bool ConnectionStream::send(const char* data, std::size_t size) {
  ok_ = ok_ && client_.connection->write_all(data, size, write_timeout_);
  return ok_;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = client_.connection->remote_addr();
  port = client_.connection->remote_port();
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = client_.connection->local_addr();
  port = client_.connection->local_port();
}

// httplib asks for the socket only to compare it with FD_SETSIZE when built for select(), as
// the Debian .so is; -1 passes that check, and nothing else may use the number.
socket_t ConnectionStream::socket() const { return -1; }

}  // namespace cometbench::mockserver
