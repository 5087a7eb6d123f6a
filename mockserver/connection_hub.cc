#include "mockserver/connection_hub.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <limits>
#include <stdexcept>

#include "mockserver/worker_pool.h"

namespace cometbench::mockserver {
namespace {

constexpr std::uint64_t kListenId = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint64_t kWakeId = kListenId - 1;
constexpr int kMaxEvents = 256;
constexpr std::uint32_t kIn = EPOLLIN | EPOLLRDHUP;
constexpr std::uint32_t kOut = EPOLLOUT;
// Chunked framing may add this much to the body and head limits before a request is complete.
constexpr std::size_t kFramingSlack = 64 * 1024;
// The hub also wakes this often when nothing is due, so a connection parked by a worker while
// the hub slept gets its deadline checked in time.
constexpr std::chrono::milliseconds kMaxWait{1000};
constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";

std::string peer_key(const std::string& addr, int port) {
  return addr + "|" + std::to_string(port);
}

std::chrono::milliseconds list_timeout(const HubOptions& o, Client::State state) {
  switch (state) {
    case Client::State::kIdle:
      return o.idle_timeout;
    case Client::State::kLingering:
      return o.linger;
    default:
      return o.request_timeout;
  }
}

}  // namespace

ConnectionHub::ConnectionHub(const clock::Clock& clock, HubOptions options, Dispatch dispatch,
                             Answer answer)
    : clock_(clock),
      options_(std::move(options)),
      dispatch_(std::move(dispatch)),
      answer_(std::move(answer)),
      epoll_fd_(epoll_create1(EPOLL_CLOEXEC)),
      wake_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeId;
  if (epoll_fd_ < 0 || wake_fd_ < 0 || epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw std::runtime_error("cannot create the server's epoll set");
  }
}

ConnectionHub::~ConnectionHub() {
  {
    std::lock_guard lock(mu_);
    for (auto& [id, client] : clients_) client->connection->close();
    clients_.clear();
    peers_.clear();
  }
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void ConnectionHub::stop() {
  stop_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

void ConnectionHub::run(int listen_fd) {
  block_sigpipe_on_this_thread();  // OpenSSL writes with write(2) (see worker_pool.h)
  listen_fd_ = listen_fd;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  epoll_event events[kMaxEvents];
  while (!stop_) {
    const int n = epoll_wait(epoll_fd_, events, kMaxEvents, wait_timeout(clock_.now()));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n && !stop_; ++i) {
      const std::uint64_t id = events[i].data.u64;
      if (id == kWakeId) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto got = ::read(wake_fd_, &count, sizeof count);
      } else if (id == kListenId) {
        accept_all(listen_fd_);
      } else {
        on_event(id, events[i].events);
      }
    }
    expire(clock_.now());
  }
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  std::lock_guard lock(mu_);
  stopping_ = true;
  std::vector<Client*> parked;
  for (auto& [id, client] : clients_) {
    if (client->state == Client::State::kBusy) {
      client->connection->shut_down();  // its worker ends and calls done()
    } else {
      parked.push_back(client.get());
    }
  }
  for (Client* client : parked) close_locked(*client);
}

void ConnectionHub::accept_all(int listen_fd) {
  for (;;) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      admit(fd);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
      if (make_room()) continue;
      // Nothing to give way: stop listening until a connection closes (close_locked resumes),
      // instead of spinning on a listener that stays readable.
      std::lock_guard lock(mu_);
      epoll_event ev{};
      ev.data.u64 = kListenId;
      epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd, &ev);
      accept_paused_ = true;
    }
    return;  // EAGAIN: all accepted
  }
}

void ConnectionHub::admit(int fd) {
  if (open_connections() >= options_.max_connections && !make_room()) {
    const std::string bytes =
        answer_(503, "The server has " + std::to_string(options_.max_connections) +
                         " connections open, its limit, and none of them is idle.");
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
    return;
  }
  const int yes = 1;
  // Without TCP_NODELAY keep-alive requests cost ~44 ms each (Nagle + delayed ACK).
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  SSL* ssl = nullptr;
  if (options_.tls != nullptr && (ssl = options_.tls->make(fd)) == nullptr) {
    ::close(fd);
    return;
  }
  std::lock_guard lock(mu_);
  const std::uint64_t id = next_id_++;
  auto connection = std::make_shared<Connection>(fd, id, ssl);
  auto client = std::make_shared<Client>(connection, options_);
  clients_[id] = client;
  peers_[peer_key(connection->remote_addr(), connection->remote_port())] = connection;
  const Client::State state = ssl != nullptr ? Client::State::kHandshake : Client::State::kIdle;
  client->state = Client::State::kClosed;  // so park_locked links it into its list
  park_locked(*client, state, 0);
  epoll_event ev{};
  ev.events = kIn | EPOLLONESHOT;
  ev.data.u64 = id;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) close_locked(*client);
}

bool ConnectionHub::make_room() {
  std::lock_guard lock(mu_);
  Client* victim = lingering_.head != nullptr ? lingering_.head
                   : idle_.head != nullptr    ? idle_.head
                                              : reading_.head;
  if (victim == nullptr) return false;
  if (victim->state == Client::State::kReading) {
    const std::string bytes = answer_(
        503, "The server reached its connection limit and closed the oldest unfinished request.");
    victim->connection->write_now(bytes.data(), bytes.size());
  }
  close_locked(*victim);
  return true;
}

void ConnectionHub::on_event(std::uint64_t id, std::uint32_t) {
  std::shared_ptr<Client> client;
  {
    std::lock_guard lock(mu_);
    const auto it = clients_.find(id);
    if (it == clients_.end() || it->second->state == Client::State::kBusy) return;
    client = it->second;
  }
  pump(client);
}

void ConnectionHub::pump(const std::shared_ptr<Client>& client) {
  Connection& connection = *client->connection;
  switch (client->state) {
    case Client::State::kHandshake: {
      if (options_.cut_tls_handshake) {
        // Read the ClientHello (so closing sends FIN, not RST), then close mid-handshake.
        std::string hello;
        connection.read_raw(hello, 64 * 1024);
        close(client);
        return;
      }
      const Connection::Io io = connection.handshake();
      if (io == Connection::Io::kWantRead || io == Connection::Io::kWantWrite) {
        park(client, Client::State::kHandshake, io == Connection::Io::kWantRead ? kIn : kOut);
      } else if (io != Connection::Io::kOk) {
        close(client);
      } else {
        {
          std::lock_guard lock(mu_);
          unlink(*client);
          client->state = Client::State::kBusy;  // out of every list until read_request parks it
        }
        read_request(client);  // the first request may have come with the handshake's end
      }
      return;
    }
    case Client::State::kLingering: {
      std::string dropped;
      const Connection::Io io = connection.read_some(dropped, 256 * 1024);
      if (io == Connection::Io::kEof || io == Connection::Io::kError) {
        close(client);
      } else {
        park(client, Client::State::kLingering, kIn);
      }
      return;
    }
    default:
      read_request(client);
  }
}

void ConnectionHub::read_request(const std::shared_ptr<Client>& client) {
  if (!advance(client)) return;
  {
    std::lock_guard lock(mu_);
    if (stopping_) {
      close_locked(*client);
      return;
    }
    unlink(*client);
    client->state = Client::State::kBusy;
  }
  dispatch_(client, client->frame.priority);
}

bool ConnectionHub::next_request(const std::shared_ptr<Client>& client,
                                 std::chrono::milliseconds grace) {
  if (stop_) {
    close(client);
    return false;
  }
  Connection& connection = *client->connection;
  if (client->framer.frame(client->buffer).kind == Frame::Kind::kIncomplete &&
      !connection.has_pending()) {
    connection.wait_readable(grace);
  }
  return advance(client);
}

bool ConnectionHub::advance(const std::shared_ptr<Client>& client) {
  Connection& connection = *client->connection;
  const std::size_t cap =
      options_.limits.max_header_bytes + options_.limits.max_body_bytes + kFramingSlack;
  Frame frame = client->framer.frame(client->buffer);
  Connection::Io io = Connection::Io::kOk;
  if (frame.kind == Frame::Kind::kIncomplete) {
    if (client->buffer.size() >= cap) {
      reject(client, 413, "The request's framing is larger than the server accepts.");
      return false;
    }
    io = connection.read_some(client->buffer, cap - client->buffer.size());
    frame = client->framer.frame(client->buffer);
  }
  if (frame.kind == Frame::Kind::kComplete) {
    client->frame = frame;
    return true;
  }
  if (frame.kind == Frame::Kind::kReject) {
    reject(client, frame.status, frame.reason);
    return false;
  }
  if (io == Connection::Io::kEof || io == Connection::Io::kError) {
    close(client);  // gone before its request was whole (or between requests)
    return false;
  }
  if (frame.expects_continue && !client->continue_sent) {
    // The client waits for this before sending the body (curl does for bodies over 1 MiB);
    // the Content-Length already passed the limit check.
    client->continue_sent = true;
    connection.write_now(kContinue, sizeof kContinue - 1);
  }
  park(client, client->buffer.empty() ? Client::State::kIdle : Client::State::kReading,
       io == Connection::Io::kWantWrite ? kOut : kIn);
  return false;
}

void ConnectionHub::reject(const std::shared_ptr<Client>& client, int status,
                           const std::string& reason) {
  const std::string bytes = answer_(status, reason);
  client->connection->write_now(bytes.data(), bytes.size());
  client->connection->finish_writing();
  client->buffer.clear();
  park(client, Client::State::kLingering, kIn);
}

void ConnectionHub::done(const std::shared_ptr<Client>& client, bool keep) {
  if (!keep) {
    close(client);
    return;
  }
  if (client->buffer.empty() && !client->connection->has_pending()) {
    // The usual case: wait for the next request in the epoll set, without a read that would
    // find nothing yet.
    park(client, Client::State::kIdle, kIn);
    return;
  }
  read_request(client);  // a pipelined request, or TLS bytes already decrypted
}

std::shared_ptr<Connection> ConnectionHub::find(const std::string& remote_addr,
                                                int remote_port) const {
  std::lock_guard lock(mu_);
  const auto it = peers_.find(peer_key(remote_addr, remote_port));
  return it == peers_.end() ? nullptr : it->second;
}

std::size_t ConnectionHub::open_connections() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

void ConnectionHub::expire(clock::TimePoint now) {
  std::lock_guard lock(mu_);
  while (idle_.head != nullptr && idle_.head->since + options_.idle_timeout <= now) {
    close_locked(*idle_.head);
  }
  while (reading_.head != nullptr && reading_.head->since + options_.request_timeout <= now) {
    Client& slow = *reading_.head;
    if (slow.state == Client::State::kHandshake) {
      close_locked(slow);
      continue;
    }
    const std::string bytes =
        answer_(408, "The request did not arrive whole within " +
                         std::to_string(options_.request_timeout.count()) + " ms.");
    slow.connection->write_now(bytes.data(), bytes.size());
    slow.connection->finish_writing();
    slow.buffer.clear();
    park_locked(slow, Client::State::kLingering, kIn);
  }
  while (lingering_.head != nullptr && lingering_.head->since + options_.linger <= now) {
    close_locked(*lingering_.head);
  }
}

int ConnectionHub::wait_timeout(clock::TimePoint now) const {
  auto wait = std::min({kMaxWait, options_.idle_timeout, options_.request_timeout});
  std::lock_guard lock(mu_);
  for (const List* list : {&idle_, &reading_, &lingering_}) {
    if (list->head == nullptr) continue;
    const auto due = list->head->since + list_timeout(options_, list->head->state) - now;
    // Round up: waking a millisecond early would find nothing due and spin.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(due);
    wait = std::min(wait, std::max(ms, std::chrono::milliseconds(0)));
  }
  return static_cast<int>(wait.count());
}

ConnectionHub::List* ConnectionHub::list_of(Client::State state) {
  switch (state) {
    case Client::State::kIdle:
      return &idle_;
    case Client::State::kHandshake:
    case Client::State::kReading:
      return &reading_;
    case Client::State::kLingering:
      return &lingering_;
    default:
      return nullptr;
  }
}

void ConnectionHub::unlink(Client& client) {
  List* list = list_of(client.state);
  if (list == nullptr) return;
  (client.prev != nullptr ? client.prev->next : list->head) = client.next;
  (client.next != nullptr ? client.next->prev : list->tail) = client.prev;
  client.prev = client.next = nullptr;
}

void ConnectionHub::park_locked(Client& client, Client::State state, std::uint32_t events) {
  if (client.state != state) {
    unlink(client);
    client.state = state;
    client.since = clock_.now();
    List* list = list_of(state);
    client.prev = list->tail;
    (list->tail != nullptr ? list->tail->next : list->head) = &client;
    list->tail = &client;
  }
  if (events != 0) arm_locked(client, events);
}

void ConnectionHub::arm_locked(const Client& client, std::uint32_t events) const {
  epoll_event ev{};
  ev.events = events | EPOLLONESHOT;
  ev.data.u64 = client.connection->id();
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, client.connection->socket(), &ev);
}

void ConnectionHub::close_locked(Client& client) {
  unlink(client);
  client.state = Client::State::kClosed;
  Connection& connection = *client.connection;
  const auto peer = peers_.find(peer_key(connection.remote_addr(), connection.remote_port()));
  if (peer != peers_.end() && peer->second.get() == &connection) peers_.erase(peer);
  connection.close();
  if (accept_paused_ && listen_fd_ >= 0 && !stopping_) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenId;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
    accept_paused_ = false;
  }
  clients_.erase(connection.id());  // may destroy `client`: last
}

void ConnectionHub::park(const std::shared_ptr<Client>& client, Client::State state,
                         std::uint32_t events) {
  std::lock_guard lock(mu_);
  if (stopping_) {
    close_locked(*client);
  } else {
    park_locked(*client, state, events);
  }
}

void ConnectionHub::close(const std::shared_ptr<Client>& client) {
  std::lock_guard lock(mu_);
  close_locked(*client);
}

}  // namespace cometbench::mockserver
