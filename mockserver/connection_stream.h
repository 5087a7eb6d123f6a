#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

#include "mockserver/connection_hub.h"

namespace cometbench::mockserver {

/// httplib's view of one request of a Client: reads come from the bytes the hub already
/// buffered, and end (EOF) at the request's last byte, so httplib never waits for a client and
/// never reads into a pipelined next request; writes go to the Connection (plain or TLS).
///
/// Writes fail only when the socket cannot take bytes, never because the peer half-closed its
/// side (httplib's own SocketStream treats a peer's FIN as a dead socket and drops the answer).
/// The first write of an answer (its status line and headers) is held back and sent together
/// with the next one, so a small answer leaves in one segment; `flush()` sends what is held.
/// httplib's own `100 Continue` is dropped: the hub sends it while the body is still arriving.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Client& client, std::chrono::milliseconds write_timeout);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  /// Sends the held-back bytes; false when a write failed at any point.
  bool flush();

 private:
  bool send(const char* data, std::size_t size);

  Client& client_;
  std::chrono::milliseconds write_timeout_;
  std::size_t offset_ = 0;  // read position in client_.buffer, up to client_.frame.size
  std::string held_;        // the answer's head, until the next write or flush()
  bool wrote_ = false;      // any byte of this answer was written or held
  bool ok_ = true;
};

}  // namespace cometbench::mockserver
