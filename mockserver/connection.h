#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cometbench::mockserver {

/// One accepted TCP connection, owned by the mock from accept to close.
///
/// cpp-httplib 0.11.4 gives a handler no access to its socket, yet a FIN or RST before any
/// response byte, noticing that a held request's peer went away and waking idle keep-alive
/// connections at stop all need it. Finding the fd afterwards by scanning /proc/self/fd is not
/// safe: between the scan and the call, the number can be closed and reused by another thread's
/// socket (another server's, or the client's), so a fault or a stop would hit a stranger's
/// connection. So the server keeps each socket in a Connection from the moment it is accepted,
/// and every operation goes through it.
///
/// Thread-safety: the connection's worker thread reads, writes and closes; any thread may call
/// `shut_read()` and `peer_closed()`. The fd is closed only under `mu_`, and every call that uses
/// the number from another thread holds `mu_`, so no call ever reaches a reused number.
class Connection {
 public:
  /// Takes ownership of `fd`, an accepted, connected socket.
  Connection(int fd, std::uint64_t id);
  ~Connection();  // closes the socket if still open
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Sequential per server, from 1.
  std::uint64_t id() const { return id_; }
  const std::string& remote_addr() const { return remote_addr_; }
  int remote_port() const { return remote_port_; }
  const std::string& local_addr() const { return local_addr_; }
  int local_port() const { return local_port_; }

  /// Graceful close before any response byte: the peer sees FIN (curl: 52 empty reply). Later
  /// writes fail quietly.
  void send_fin();
  /// Abortive close: SO_LINGER {1, 0}, then close, so the peer sees RST (curl: 56). Later reads
  /// and writes fail quietly; the number is released at once.
  void send_rst();
  /// Shuts the read side: a worker waiting for the next request on this connection wakes and
  /// sees EOF, while a response being written still completes. Used at stop.
  void shut_read();
  /// True when the peer has closed or reset the connection, or this side closed it.
  /// Pipelined request bytes do not count. Non-blocking.
  bool peer_closed() const;
  /// Shuts down and closes the socket (idempotent). Only the worker thread calls this.
  void close();

  /// Waits until bytes can be read or `timeout` passes; false on timeout, EOF still counts as
  /// readable. Only the worker thread calls these.
  bool wait_readable(std::chrono::milliseconds timeout) const;
  bool wait_writable(std::chrono::milliseconds timeout) const;
  /// recv()/send() on the socket; -1 once closed.
  long receive(char* data, std::size_t size) const;
  long send(const char* data, std::size_t size) const;

 private:
  int fd_unlocked() const;

  const std::uint64_t id_;
  std::string remote_addr_;
  int remote_port_ = -1;
  std::string local_addr_;
  int local_port_ = -1;
  mutable std::mutex mu_;
  int fd_;  // guarded by mu_ for every thread but the worker's reads; -1 once closed
};

/// httplib's view of a Connection for one or more requests: buffered reads, so bytes of a
/// pipelined next request read along with this one stay for the next `process_request`; a write
/// fails only when the socket cannot take bytes, never because the peer half-closed its side
/// (httplib's own SocketStream treats a peer's FIN as a dead socket and drops the answer).
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, std::chrono::milliseconds read_timeout,
                   std::chrono::milliseconds write_timeout);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  /// True when bytes of a next request are already buffered.
  bool has_buffered() const { return offset_ < buffer_.size(); }

 private:
  Connection& connection_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  std::vector<char> buffer_;
  std::size_t offset_ = 0;
};

/// The live connections of one server, by peer address. Thread-safe.
class ConnectionRegistry {
 public:
  /// Wraps an accepted socket. Once `shut_all()` ran, new connections are shut at once, so a
  /// connection accepted during stop cannot keep its worker waiting.
  std::shared_ptr<Connection> add(int fd);
  void remove(const Connection& connection);
  /// The connection whose peer is `remote_addr`:`remote_port` (a request's own), if live.
  std::shared_ptr<Connection> find(const std::string& remote_addr, int remote_port) const;
  /// Shuts the read side of every live connection and of every later one.
  void shut_all();

 private:
  static std::string key(const std::string& addr, int port);

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Connection>> live_;  // guarded by mu_
  std::uint64_t next_id_ = 1;                                // guarded by mu_
  bool shutting_ = false;                                    // guarded by mu_
};

}  // namespace cometbench::mockserver
