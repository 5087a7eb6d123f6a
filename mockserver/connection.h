#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace cometbench::mockserver {

/// One accepted TCP connection (plain or TLS), owned by the mock from accept to close.
///
/// cpp-httplib 0.11.4 gives a handler no access to its socket, yet a FIN or RST before any
/// response byte, noticing that a held request's peer went away and ending connections at stop
/// all need it. Finding the fd afterwards by scanning /proc/self/fd is not safe: between the scan
/// and the call, the number can be closed and reused by another thread's socket, so a fault
/// would hit a stranger's connection. So the server keeps each socket in a Connection from the
/// moment it is accepted, and every operation goes through it.
///
/// The socket is non-blocking. TLS is ours too (OpenSSL on this socket, not httplib's
/// SSLServer), so faults, limits and stop work the same over HTTPS.
///
/// Thread-safety: one thread at a time *owns* the connection (the hub while it is parked, a
/// worker while it serves a request) and alone reads, writes, closes and touches the SSL object.
/// Any thread may call `shut_read()`, `shut_down()` and `peer_closed()`, which use the fd only
/// under `mu_`; the fd is closed only under `mu_`, so no call ever reaches a reused number.
class Connection {
 public:
  /// What a non-blocking read or handshake step did.
  enum class Io {
    kOk,         // done / bytes appended
    kWantRead,   // nothing now: wait until readable
    kWantWrite,  // TLS: wait until writable, then call again
    kEof,        // the peer closed its side (for TLS: close_notify or a bare FIN)
    kError,      // reset, a TLS failure, or closed by this side
  };

  /// Takes ownership of `fd`, an accepted, connected socket, and of `ssl` (null: plain TCP),
  /// an SSL object bound to `fd` that has not shaken hands yet. Makes the socket non-blocking.
  Connection(int fd, std::uint64_t id, SSL* ssl);
  ~Connection();  // closes the socket if still open
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Sequential per server, from 1.
  std::uint64_t id() const { return id_; }
  bool is_tls() const { return ssl_ != nullptr; }
  const std::string& remote_addr() const { return remote_addr_; }
  int remote_port() const { return remote_port_; }
  const std::string& local_addr() const { return local_addr_; }
  int local_port() const { return local_port_; }

  // --- Owner thread only -------------------------------------------------------------------

  /// One step of the TLS server handshake (plain: kOk at once).
  Io handshake();
  /// Appends what can be read now (at most `max` bytes) to `buffer`: kOk when bytes came,
  /// kWantRead when none are waiting.
  Io read_some(std::string& buffer, std::size_t max);
  /// Reads and drops up to `max` bytes that are waiting, below TLS (a ClientHello, say).
  void read_raw(std::string& buffer, std::size_t max);
  /// True once `send_fin()` or `send_rst()` ran: the connection carries nothing more.
  bool faulted() const { return fault_; }
  /// The socket, for the hub's epoll registration only (-1 once closed). Everything else goes
  /// through the methods above.
  int socket() const { return fd(); }
  /// True when TLS has decrypted bytes that a poll on the socket would not announce.
  bool has_pending() const;
  /// Writes all of `data`, waiting up to `timeout` each time the socket cannot take more. False
  /// when the peer is gone, the time ran out or the connection was closed by a fault.
  bool write_all(const char* data, std::size_t size, std::chrono::milliseconds timeout);
  /// Writes what the socket takes at once, without waiting (short answers from the hub).
  void write_now(const char* data, std::size_t size);
  /// Waits until the socket is readable (or closed) or `timeout` passes; false on timeout.
  bool wait_readable(std::chrono::milliseconds timeout) const;
  /// Graceful close before any response byte: the peer sees FIN (TLS: close_notify, then FIN;
  /// curl: 52 empty reply either way). Later writes fail quietly.
  void send_fin();
  /// Abortive close: SO_LINGER {1, 0}, then close, so the peer sees RST (curl: 56). Later reads
  /// and writes fail quietly; the number is released at once.
  void send_rst();
  /// Stops sending (FIN after whatever was written; TLS: close_notify first) but keeps reading,
  /// so an answer that rejects a request is not destroyed by an RST from unread bytes.
  void finish_writing();
  /// Closes the socket (idempotent); TLS sends close_notify first, as a server closing
  /// gracefully does.
  void close();

  // --- Any thread ----------------------------------------------------------------------------

  /// Shuts the read side: a worker waiting on this connection sees EOF, while a response being
  /// written still completes.
  void shut_read();
  /// Shuts both directions: reads see EOF and writes fail at once (used at stop, so no worker
  /// waits for a client that does not read).
  void shut_down();
  /// True when the peer has closed or reset the connection, or this side closed it.
  /// Pipelined request bytes do not count. Non-blocking.
  bool peer_closed() const;

 private:
  int fd() const;
  Io tls_result(int ret);

  const std::uint64_t id_;
  SSL* const ssl_;
  std::string remote_addr_;
  int remote_port_ = -1;
  std::string local_addr_;
  int local_port_ = -1;
  mutable std::mutex mu_;
  int fd_;                    // guarded by mu_ for other threads; -1 once closed
  bool fault_ = false;        // owner only: send_fin/send_rst ran, so writes are refused
  bool tls_closing_ = false;  // owner only: close_notify already sent
};

}  // namespace cometbench::mockserver
