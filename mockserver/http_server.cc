#include "mockserver/http_server.h"

#include <sys/socket.h>

#include <chrono>
#include <stdexcept>

#include "mockserver/request_framing.h"
#include "mockserver/responses.h"
#include "mockserver/worker_pool.h"

namespace cometbench::mockserver {
namespace {

// Idle keep-alive connections are closed after this long (httplib's default). Clients read it
// from the `Keep-Alive: timeout=N` header: Node's undici (the openai SDK) subtracts a safety
// margin and, with timeout=1, never reuses a connection (measured: every retry a new one).
// MockServer::stop() does not wait for it: it shuts the read side of every connection.
constexpr time_t kKeepAliveTimeoutSeconds = 5;
// Requests per connection before httplib answers `Connection: close`. Its default of 5 would
// make SDK retries change connections for no reason a real gateway would have.
constexpr std::size_t kKeepAliveMaxCount = 100;
// httplib listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, frozen in the .so): 16
// clients connecting at once overflow it, the kernel drops SYNs and clients resend them only
// after 1 s (measured: 16 parallel requests took 1.26 s).
constexpr int kListenBacklog = 256;

}  // namespace

void HttpServer::configure(std::size_t worker_threads, const Handler& handler) {
  set_tcp_nodelay(true);  // without it keep-alive requests cost ~44 ms (Nagle + delayed ACK)
  set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
  set_keep_alive_max_count(kKeepAliveMaxCount);
  // Each held request occupies a worker; httplib's default pool has 8.
  new_task_queue = [worker_threads] { return new WorkerPool(worker_threads); };
  // httplib's default also sets SO_REUSEPORT, with which a second server on a fixed port
  // silently shares the traffic; without it the second bind fails, as it should.
  set_socket_options([](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  Get(".*", handler).Post(".*", handler).Put(".*", handler);
  Patch(".*", handler).Delete(".*", handler).Options(".*", handler);
  set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    res.status = 500;
    res.set_content(internal_error_body(what), "application/json");
  });
}

std::shared_ptr<Connection> HttpServer::connection_of(const httplib::Request& req) const {
  return connections_.find(req.remote_addr, req.remote_port);
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  const std::shared_ptr<Connection> connection = connections_.add(sock);
  const auto to_ms = [](time_t sec, time_t usec) { return milliseconds(sec * 1000 + usec / 1000); };
  ConnectionStream stream(*connection, to_ms(read_timeout_sec_, read_timeout_usec_),
                          to_ms(write_timeout_sec_, write_timeout_usec_));
  // A range request would make httplib cut the scripted body (206 with Content-Range):
  // scripted answers are exactly the fixture's bytes, whatever the request asks.
  const auto setup = [](httplib::Request& req) {
    req.ranges.clear();
    normalize_body_framing(req);
  };
  bool ok = false;
  for (std::size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    // The next request may already be buffered (pipelining); else wait for its first byte.
    if (!stream.has_buffered() && !connection->wait_readable(seconds(keep_alive_timeout_sec_))) {
      break;
    }
    bool closed_by_request = false;
    ok = process_request(stream, left == 1, closed_by_request, setup);
    if (!ok || closed_by_request) break;
  }
  connections_.remove(*connection);
  connection->close();
  return ok;
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? bind_to_any_port(host) : bind_to_port(host, port) ? port : -1;
  if (bound < 0) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " (address in use or invalid)");
  }
  // listen() again on the bound socket raises the backlog (see kListenBacklog); the socket is
  // a protected member of httplib::Server.
  ::listen(svr_sock_, kListenBacklog);
  return bound;
}

}  // namespace cometbench::mockserver
