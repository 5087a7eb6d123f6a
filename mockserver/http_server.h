#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace cometbench::mockserver {

/// httplib::Server with the settings the mock needs, measured on cpp-httplib 0.11.4.
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
};

}  // namespace cometbench::mockserver
