#pragma once

#include <httplib.h>

#include <cstddef>
#include <memory>
#include <string>

#include "mockserver/connection.h"

namespace cometbench::mockserver {

/// httplib::Server with the settings the mock needs, measured on cpp-httplib 0.11.4, and with
/// connections of its own: every accepted socket lives in a Connection (see connection.h) that
/// the server owns until it closes it, so faults and stop act on exactly the right socket.
/// Not thread-safe to configure; thread-safe to run, like httplib::Server itself.
class HttpServer : public httplib::Server {
 public:
  /// TCP_NODELAY, bounded keep-alive, an on-demand pool of up to `worker_threads`, no
  /// SO_REUSEPORT, `handler` for every path of every method httplib routes, and a JSON 500 for
  /// a handler that throws.
  void configure(std::size_t worker_threads, const Handler& handler);

  /// Binds `host`:`port` (0: an ephemeral port) and returns the port. Throws
  /// std::runtime_error when the address cannot be bound.
  int bind(const std::string& host, int port);

  /// The live connection a request arrived on (by its peer address), or null once it closed.
  std::shared_ptr<Connection> connection_of(const httplib::Request& req) const;

  /// Wakes every worker waiting on an idle keep-alive connection (and every connection accepted
  /// from now on): call after `stop()`, whose `listen()` otherwise waits for the keep-alive
  /// timeout.
  void shut_connections() { connections_.shut_all(); }

 private:
  // httplib 0.11.4 declares this private virtual; overriding it hands the accepted socket to us.
  // It replaces httplib's keep-alive loop: same limits, but one buffered stream per connection
  // (pipelined requests survive) and a socket that only this class closes.
  bool process_and_close_socket(socket_t sock) override;

  ConnectionRegistry connections_;
};

}  // namespace cometbench::mockserver
