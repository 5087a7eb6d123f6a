#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "clock/system_clock.h"
#include "mockserver/connection.h"
#include "mockserver/connection_hub.h"
#include "mockserver/tls.h"
#include "mockserver/worker_pool.h"

namespace cometbench::mockserver {

/// How an HttpServer treats connections (docs/serve.md, "Limits" and "TLS").
struct HttpServerOptions {
  /// Request limits, connection limit, timeouts, priority prefix (its `tls` is set by the
  /// server from `tls` below).
  HubOptions hub;
  /// Requests answered at once, each on a thread of its own (started on demand); a request held
  /// by a `timeout` step keeps its thread. Beyond this, complete requests wait in order.
  std::size_t worker_threads = 4096;
  /// Threads reserved for priority requests (the admin API), which never queue behind held ones.
  std::size_t priority_threads = 2;
  /// Requests per connection before the answer says `Connection: close`; 0: no cap.
  std::size_t max_requests_per_connection = 0;
  /// After an answer, the worker waits this long for the connection's next request and serves
  /// it itself; only then is the connection parked with the hub. Saves two thread hand-offs
  /// per request on a busy keep-alive connection; 0: park at once.
  std::chrono::milliseconds keep_alive_grace{1};
  /// At most this many workers wait out a grace at once; the others park their connection at
  /// once. Hundreds of waiting threads on a few cores starve the clients themselves (measured:
  /// p99 at 256 connections rose from 61 to 97-313 ms with every worker waiting).
  std::size_t max_graced_workers = 16;
  /// How long one write may wait for a client that does not read.
  std::chrono::milliseconds write_timeout{5000};
  /// Serve HTTPS with this certificate and key; nullopt: plain HTTP.
  std::optional<TlsIdentity> tls;
  /// The clock whose calendar stamps `Date` on the answers the connection layer gives itself
  /// (the same as the handler's answers); null: real time.
  const clock::Clock* date_clock = nullptr;
};

/// The mock's HTTP server: httplib parses requests, routes them and writes answers, and
/// everything about connections is ours. A ConnectionHub accepts and parks connections (no
/// thread waits for an idle or slow client) and hands complete requests to a WorkerPool; each
/// worker runs httplib's `process_request` on a ConnectionStream over the buffered bytes. Every
/// socket lives in a Connection that the server owns until it closes it, so faults and stop act
/// on exactly the right socket, over TLS too.
///
/// Not thread-safe to configure; `stop()` and `connection_of()` may be called from any thread.
class HttpServer : private httplib::Server {
 public:
  using Handler = httplib::Server::Handler;

  HttpServer() = default;
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// `handler` for every path of every method httplib routes, a JSON 500 for a handler that
  /// throws. Throws std::runtime_error when the TLS certificate or key is unusable.
  void configure(HttpServerOptions options, const Handler& handler);

  /// Binds `host`:`port` (0: an ephemeral port) and returns the port; raises the open-file
  /// soft limit toward what `max_connections` needs. Throws std::runtime_error when the address
  /// cannot be bound.
  int bind(const std::string& host, int port);

  /// Serves until `stop()`; returns once every connection is closed and every worker joined.
  void listen_after_bind();
  bool is_running() const { return running_; }
  /// Makes `listen_after_bind()` return: parked connections close at once, busy ones are shut
  /// down (their workers see failed writes), content providers stop. Any thread.
  void stop();

  /// The live connection a request arrived on (by its peer address), or null once it closed.
  std::shared_ptr<Connection> connection_of(const httplib::Request& req) const;

  /// The connection limit in force: the option, or less when the open-file limit is lower.
  std::size_t max_connections() const { return max_connections_; }
  bool is_tls() const { return tls_ != nullptr; }

 private:
  // Answers the client's request, then (on the main pool) the next ones that arrive within
  // the keep-alive grace; `priority`: running on the priority pool.
  void serve(const std::shared_ptr<Client>& client, bool priority);
  // The client's next request if it comes within the grace (see HttpServerOptions).
  bool next_request(const std::shared_ptr<Client>& client);

  HttpServerOptions options_;
  // Network timeouts are real time even when the scripted clock is virtual: a bench run's
  // FakeClock jumps by minutes and must not expire its own keep-alive connections.
  clock::SystemClock network_clock_;
  std::unique_ptr<TlsContext> tls_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<WorkerPool> priority_workers_;
  std::unique_ptr<ConnectionHub> hub_;  // after the pools: destroyed first
  int listen_fd_ = -1;
  std::size_t max_connections_ = 0;
  std::atomic<bool> running_{false};
  std::atomic<std::size_t> graced_{0};  // workers in their keep-alive grace now
};

/// The bytes of an answer the server sends without httplib (413, 431, 408, ...): a JSON
/// error body from responses.h, `Date` (from `now`) and `Connection: close`.
std::string transport_answer(int status, const std::string& reason, clock::WallTime now);

}  // namespace cometbench::mockserver
