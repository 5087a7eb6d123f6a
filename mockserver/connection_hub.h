#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "clock/clock.h"
#include "mockserver/connection.h"
#include "mockserver/request_framer.h"
#include "mockserver/tls.h"

namespace cometbench::mockserver {

/// Connection-level settings of a server (docs/serve.md, "Limits").
struct HubOptions {
  RequestLimits limits;
  /// Open connections at most, in every state; past it the oldest idle connection is closed to
  /// make room (then the oldest one still sending its request), else the newcomer gets a 503.
  std::size_t max_connections = 4096;
  /// An idle keep-alive connection is closed after this long without a request byte.
  std::chrono::milliseconds idle_timeout{5000};
  /// From a request's first byte (or a TLS connection's accept) to its last, at most.
  std::chrono::milliseconds request_timeout{10000};
  /// After a rejecting answer (413, 431, 408, ...) the request's remaining bytes are read and
  /// dropped this long at most, so the client reads the answer instead of an RST.
  std::chrono::milliseconds linger{2000};
  /// Requests whose target starts with this (and is not empty) are dispatched as priority.
  std::string priority_prefix;
  /// Serve TLS with this context (borrowed; must outlive the hub); null: plain HTTP.
  const TlsContext* tls = nullptr;
  /// Read the TLS ClientHello, then close: a handshake cut by the server.
  bool cut_tls_handshake = false;
};

/// A connection with the bytes received on it: what the hub hands to a worker and gets back.
/// The owner (hub or worker) alone touches the public fields.
struct Client {
  Client(std::shared_ptr<Connection> c, const HubOptions& options)
      : connection(std::move(c)), framer(options.limits, options.priority_prefix) {}

  std::shared_ptr<Connection> connection;
  std::string buffer;        // received, not yet consumed; the current request starts at 0
  RequestFramer framer;      // over `buffer`
  Frame frame;               // when handed to a worker: the complete request at the buffer's start
  std::size_t requests = 0;  // answered on this connection so far
  bool continue_sent = false;  // `100 Continue` already written for the current request

  // The hub's bookkeeping, guarded by its mutex.
  enum class State { kHandshake, kIdle, kReading, kLingering, kBusy, kClosed };
  State state = State::kIdle;
  clock::TimePoint since{};  // when it entered its list: its deadline is since + that list's time
  Client* prev = nullptr;    // its list's neighbours
  Client* next = nullptr;
};

/// The accept and parking layer in front of httplib's request processing.
///
/// One thread (`run()`) accepts connections and waits, in one epoll set, on every connection
/// that is idle between requests or still sending its request head or body; none of them holds
/// a worker. A connection is handed to `dispatch` only once a whole request (head and body,
/// within the limits) is buffered, so a worker never waits for a slow client; a request that
/// breaks a limit is answered here (413, 414, 431, 400, 501; 408 when it does not arrive whole
/// within `request_timeout`) and the connection is closed. After the worker answered it calls
/// `done()`, which parks the connection again or closes it.
///
/// Deadlines use three lists in arrival order (idle, reading, lingering): each list's timeout is
/// fixed, so its head is always the first to expire, and the oldest idle connection, the one
/// evicted first at `max_connections`, is the idle list's head.
///
/// Thread-safety: `run()` on one thread; `stop()`, `done()`, `find()` from any thread.
class ConnectionHub {
 public:
  /// Called on the hub's thread (or a worker's, for a pipelined request) with a client whose
  /// `frame` holds a complete request; `priority` when its target has the priority prefix. The
  /// callee owns the client until it calls `done()`.
  using Dispatch = std::function<void(std::shared_ptr<Client>, bool priority)>;
  /// The complete bytes of an answer the hub sends itself (status, reason sentence).
  using Answer = std::function<std::string(int status, const std::string& reason)>;

  ConnectionHub(const clock::Clock& clock, HubOptions options, Dispatch dispatch, Answer answer);
  ~ConnectionHub();
  ConnectionHub(const ConnectionHub&) = delete;
  ConnectionHub& operator=(const ConnectionHub&) = delete;

  /// Accepts on `listen_fd` (borrowed, listening) until `stop()`; then closes every parked
  /// connection and shuts down the busy ones (their workers end them via `done()`).
  void run(int listen_fd);
  /// Makes `run()` return soon. Any thread; idempotent.
  void stop();

  /// The worker is finished with `client`'s current request (already consumed from its
  /// buffer): `keep` parks the connection for its next request (or dispatches one already
  /// buffered), else it is closed.
  void done(const std::shared_ptr<Client>& client, bool keep);

  /// For the worker that owns `client` and has just answered on it (its request consumed from
  /// the buffer): waits up to `grace` for the next request on this connection and returns true
  /// when a complete one is buffered (in `client->frame`), which the caller then serves itself:
  /// a busy keep-alive client costs no hand-off between threads. Otherwise the connection is
  /// parked (or refused, or closed) as by `done(client, true)`, and the caller no longer owns
  /// it. A slow sender never keeps the worker longer than `grace`.
  bool next_request(const std::shared_ptr<Client>& client, std::chrono::milliseconds grace);

  /// The live connection whose peer is `remote_addr`:`remote_port` (a request's own), if any.
  std::shared_ptr<Connection> find(const std::string& remote_addr, int remote_port) const;

  /// Open connections now (every state).
  std::size_t open_connections() const;

 private:
  struct List {
    Client* head = nullptr;
    Client* tail = nullptr;
  };

  void accept_all(int listen_fd);
  void admit(int fd);
  bool make_room();
  void on_event(std::uint64_t id, std::uint32_t events);
  void pump(const std::shared_ptr<Client>& client);
  void read_request(const std::shared_ptr<Client>& client);
  // Reads what is waiting and frames it: true when a complete request is buffered (the
  // caller serves or dispatches it); else the client was parked, refused or closed.
  bool advance(const std::shared_ptr<Client>& client);
  void reject(const std::shared_ptr<Client>& client, int status, const std::string& reason);
  void expire(clock::TimePoint now);
  int wait_timeout(clock::TimePoint now) const;

  // Under mu_.
  List* list_of(Client::State state);
  void unlink(Client& client);
  void park_locked(Client& client, Client::State state, std::uint32_t events);
  void close_locked(Client& client);
  void arm_locked(const Client& client, std::uint32_t events) const;

  void park(const std::shared_ptr<Client>& client, Client::State state, std::uint32_t events);
  void close(const std::shared_ptr<Client>& client);

  const clock::Clock& clock_;
  const HubOptions options_;
  const Dispatch dispatch_;
  const Answer answer_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int listen_fd_ = -1;
  std::atomic<bool> stop_{false};

  mutable std::mutex mu_;
  // Everything below is guarded by mu_.
  std::unordered_map<std::uint64_t, std::shared_ptr<Client>> clients_;
  std::unordered_map<std::string, std::shared_ptr<Connection>> peers_;
  List idle_;
  List reading_;  // also TLS handshakes
  List lingering_;
  std::uint64_t next_id_ = 1;
  bool accept_paused_ = false;  // out of file descriptors: the listener is out of the epoll set
  bool stopping_ = false;
};

}  // namespace cometbench::mockserver
