#include "mockserver/http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "mockserver/connection_stream.h"
#include "mockserver/http_date.h"
#include "mockserver/request_framing.h"
#include "mockserver/responses.h"

namespace cometbench::mockserver {
namespace {

// File descriptors kept for everything but client connections (listener, epoll, eventfd,
// journal files, a test's own client sockets...).
constexpr rlim_t kReservedFds = 64;
// Idle threads end after this long; a new burst starts them again in microseconds.
constexpr std::chrono::seconds kThreadIdleRetire{30};

const char* status_text(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// Raises the soft open-file limit toward `wanted` (never past the hard limit); returns the soft
// limit in force afterwards.
rlim_t raise_open_file_limit(rlim_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur;
}

std::chrono::seconds whole_seconds_up(std::chrono::milliseconds ms) {
  return std::max(std::chrono::ceil<std::chrono::seconds>(ms), std::chrono::seconds(1));
}

}  // namespace

std::string transport_answer(int status, const std::string& reason, clock::WallTime now) {
  const std::string body = transport_error_body(status, reason);
  return "HTTP/1.1 " + std::to_string(status) + " " + status_text(status) +
         "\r\nDate: " + imf_fixdate(now) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

HttpServer::~HttpServer() {
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

void HttpServer::configure(HttpServerOptions options, const Handler& handler) {
  options_ = std::move(options);
  if (options_.tls) tls_ = std::make_unique<TlsContext>(*options_.tls);
  options_.hub.tls = tls_.get();
  // httplib writes `Keep-Alive: timeout=N, max=M` itself. Clients read the timeout: Node's
  // undici (the openai SDK) subtracts a safety margin and, with timeout=1, never reuses a
  // connection, so it is at least 1 s.
  set_keep_alive_timeout(whole_seconds_up(options_.hub.idle_timeout).count());
  if (options_.max_requests_per_connection > 0) {
    set_keep_alive_max_count(options_.max_requests_per_connection);
  } else {
    // No cap, as nginx and WireMock: httplib would still announce its `max=`, so drop it.
    set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      const auto it = res.headers.find("Keep-Alive");
      if (it == res.headers.end()) return;
      const std::string value = it->second.substr(0, it->second.find(", max="));
      res.headers.erase(it);
      res.headers.emplace("Keep-Alive", value);
    });
  }
  // A backstop only: the hub rejects larger bodies before they are read.
  set_payload_max_length(options_.hub.limits.max_body_bytes);
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

int HttpServer::bind(const std::string& host, int port) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    throw std::runtime_error("cannot listen on " + where + " (not an address)");
  }
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR but not httplib's SO_REUSEPORT, with which a second server on a fixed port
    // silently shares the traffic; without it the second bind fails, as it should.
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // SOMAXCONN: a flood of connects must not overflow the backlog (httplib's 5 made clients
    // resend SYNs after 1 s; measured).
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, SOMAXCONN) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0)
    throw std::runtime_error("cannot listen on " + where + " (address in use or invalid)");
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  int bound = port;
  char service[NI_MAXSERV] = {};
  if (getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, nullptr, 0, service, sizeof service,
                  NI_NUMERICSERV) == 0) {
    bound = std::stoi(service);
  }
  listen_fd_ = fd;
  // httplib's content providers run only while it believes it has a listening socket.
  svr_sock_ = fd;

  const rlim_t soft = raise_open_file_limit(options_.hub.max_connections + kReservedFds);
  max_connections_ = std::min<std::size_t>(options_.hub.max_connections,
                                           soft > kReservedFds ? soft - kReservedFds : 1);
  HubOptions hub = options_.hub;
  hub.max_connections = max_connections_;
  workers_ = std::make_unique<WorkerPool>(options_.worker_threads, kThreadIdleRetire);
  if (!hub.priority_prefix.empty() && options_.priority_threads > 0) {
    priority_workers_ = std::make_unique<WorkerPool>(options_.priority_threads, kThreadIdleRetire);
  }
  hub_ = std::make_unique<ConnectionHub>(
      network_clock_, hub,
      [this](std::shared_ptr<Client> client, bool priority) {
        if (priority && priority_workers_) {
          priority_workers_->submit([this, client = std::move(client)] { serve(client, true); });
        } else {
          workers_->submit([this, client = std::move(client)] { serve(client, false); });
        }
      },
      [this](int status, const std::string& reason) {
        const clock::Clock& dates = options_.date_clock ? *options_.date_clock : network_clock_;
        return transport_answer(status, reason, dates.wall_now());
      });
  return bound;
}

void HttpServer::listen_after_bind() {
  running_ = true;
  hub_->run(listen_fd_);
  // Parked connections are closed; busy ones end as their workers finish.
  workers_->shutdown();
  if (priority_workers_) priority_workers_->shutdown();
  running_ = false;
}

void HttpServer::stop() {
  svr_sock_ = INVALID_SOCKET;  // httplib's content providers stop between writes
  if (hub_) hub_->stop();
}

std::shared_ptr<Connection> HttpServer::connection_of(const httplib::Request& req) const {
  return hub_ ? hub_->find(req.remote_addr, req.remote_port) : nullptr;
}

void HttpServer::serve(const std::shared_ptr<Client>& client, bool priority) {
  // A range request would make httplib cut the scripted body (206 with Content-Range):
  // scripted answers are exactly the fixture's bytes, whatever the request asks.
  // normalize_body_framing: curl's bodiless POST and form-labelled uploads read as HTTP says.
  const auto setup = [](httplib::Request& req) {
    req.ranges.clear();
    normalize_body_framing(req);
  };
  const std::size_t cap = options_.max_requests_per_connection;
  do {
    ConnectionStream stream(*client, options_.write_timeout);
    ++client->requests;
    const bool last = (cap > 0 && client->requests >= cap) || svr_sock_ == INVALID_SOCKET;
    bool closed_by_request = false;
    bool ok = process_request(stream, last, closed_by_request, setup);
    ok = stream.flush() && ok;
    client->buffer.erase(0, client->frame.size);
    client->framer.reset();
    client->continue_sent = false;
    if (!ok || closed_by_request || last || client->connection->faulted()) {
      hub_->done(client, false);
      return;
    }
    if (priority) {
      // A priority thread takes no further request itself: the next one on this connection
      // may be a chat request that a `timeout` step holds, and these threads are few.
      hub_->done(client, true);
      return;
    }
  } while (next_request(client));
}

bool HttpServer::next_request(const std::shared_ptr<Client>& client) {
  if (graced_.fetch_add(1) >= options_.max_graced_workers) {
    graced_.fetch_sub(1);
    return hub_->next_request(client, std::chrono::milliseconds(0));
  }
  const bool next = hub_->next_request(client, options_.keep_alive_grace);
  graced_.fetch_sub(1);
  return next;
}

}  // namespace cometbench::mockserver
