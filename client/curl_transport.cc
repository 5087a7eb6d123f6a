#include "client/curl_transport.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "client/curl_transfer.h"

namespace cometbench::client {
namespace {

void global_init_once() {
  // curl_global_init is not safe to race with itself; once per process, never cleaned up.
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("curl_global_init failed");
    }
  });
}

// Blocks SIGPIPE for this thread while libcurl/OpenSSL write to sockets; consumes a SIGPIPE
// raised meanwhile (unless one was pending before) and restores the previous mask. The process
// disposition is left alone, so the host application's own SIGPIPE handling is unaffected.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        sigtimedwait(&pipe_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_;
  sigset_t previous_;
  bool was_pending_ = false;
};

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

// The longest curl_multi_poll waits before the loop looks at the clock again, although a
// deadline callback or wake() normally ends the wait first: a safety net, not a poll.
constexpr std::chrono::milliseconds kMaxWait{1000};

}  // namespace

TransportError map_curl_code(int curl_code, bool callback_aborted) {
  switch (curl_code) {
    case CURLE_OK:
      return TransportError::none;
    case CURLE_OPERATION_TIMEDOUT:  // 28
      return TransportError::timeout;
    case CURLE_COULDNT_CONNECT:  // 7
      return TransportError::connection_refused;
    case CURLE_GOT_NOTHING:  // 52
      return TransportError::empty_reply;
    case CURLE_SEND_ERROR:  // 55
    case CURLE_RECV_ERROR:  // 56
      return TransportError::connection_reset;
    case CURLE_PARTIAL_FILE:  // 18; also a chunked/SSE body closed mid-way
      return TransportError::truncated_body;
    case CURLE_SSL_CONNECT_ERROR:         // 35
    case CURLE_PEER_FAILED_VERIFICATION:  // 60 (51 before 7.62)
    case 51:
    case CURLE_SSL_CERTPROBLEM:           // 58
    case CURLE_SSL_CIPHER:                // 59
    case CURLE_SSL_CACERT_BADFILE:        // 77
    case CURLE_SSL_ISSUER_ERROR:          // 83
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:  // 90
    case CURLE_SSL_INVALIDCERTSTATUS:     // 91
      return TransportError::tls_error;
    case CURLE_COULDNT_RESOLVE_HOST:  // 6
      return TransportError::dns_error;
    case CURLE_ABORTED_BY_CALLBACK:  // 42
      return TransportError::cancelled;
    case CURLE_WRITE_ERROR:  // 23: our write callback said stop
      return callback_aborted ? TransportError::cancelled : TransportError::transport_error;
    default:
      return TransportError::transport_error;
  }
}

struct CurlTransport::Handles {
  CURLM* multi = nullptr;
  curl_detail::SocketLog sockets;  // outlives every connection (see SocketLog)
  ~Handles() {
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
};

// A fresh easy handle per transfer: libcurl keeps some state of a failed transfer on its easy
// handle even across curl_easy_reset (7.88: a pending body rewind after a refused resend), and
// one request must never inherit another's. Connections stay in the multi handle's cache.
class EasyHandle {
 public:
  EasyHandle() : easy_(curl_easy_init()) {
    if (easy_ == nullptr) throw std::runtime_error("libcurl: cannot create an easy handle");
  }
  ~EasyHandle() { curl_easy_cleanup(easy_); }
  EasyHandle(const EasyHandle&) = delete;
  EasyHandle& operator=(const EasyHandle&) = delete;
  CURL* get() const { return easy_; }

 private:
  CURL* easy_;
};

CurlTransport::CurlTransport(clock::Clock& clock, CurlTransportOptions options)
    : clock_(clock), options_(std::move(options)), handles_(std::make_unique<Handles>()) {
  global_init_once();
  handles_->multi = curl_multi_init();
  if (handles_->multi == nullptr) throw std::runtime_error("libcurl: cannot create handles");
}

CurlTransport::~CurlTransport() = default;

void CurlTransport::wake() { curl_multi_wakeup(handles_->multi); }

TransportResult CurlTransport::perform(const TransportRequest& request) {
  std::lock_guard lock(mu_);
  TransportResult result;
  const EasyHandle handle;
  CURL* easy = handle.get();
  CURLM* multi = handles_->multi;
  handles_->sockets.last_close = curl_detail::PeerClose::none;
  curl_detail::Transfer transfer{request, result, easy, handles_->sockets};

  HeaderList headers;
  for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
  headers.add("Expect:");  // no 100-continue round trip for larger bodies
  curl_detail::configure(transfer, headers.list, options_.ca_file);

  // The peer (a mock on a shared FakeClock) may advance virtual time up to when we give up; the
  // clock then wakes this loop through the callback.
  const clock::TimePoint give_up =
      request.cancel_at ? std::min(request.deadline, *request.cancel_at) : request.deadline;
  std::optional<clock::ScopedDeadline> registered;
  if (give_up != clock::TimePoint::max()) {
    registered.emplace(clock_, give_up, [multi] { curl_multi_wakeup(multi); });
  }

  SigpipeBlock sigpipe;
  std::optional<CURLcode> done;
  bool multi_failed = curl_multi_add_handle(multi, easy) != CURLM_OK;
  while (!multi_failed) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      multi_failed = true;
      break;
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy) done = msg->data.result;
    }
    if (done) {
      result.end_time = clock_.now();
      break;
    }
    const clock::TimePoint now = clock_.now();
    if (request.cancel_at && now >= *request.cancel_at && *request.cancel_at <= request.deadline) {
      result.error = TransportError::cancelled;
      result.end_time = *request.cancel_at;
      break;
    }
    if (now >= request.deadline) {
      result.error = TransportError::timeout;
      result.end_time = request.deadline;
      break;
    }
    if (request.cancelled && request.cancelled()) {
      result.error = TransportError::cancelled;
      result.end_time = now;
      break;
    }
    // Virtual time moves only when the peer moves it, and then the deadline callback wakes us;
    // real time moves by itself, so wait no longer than until the deadline.
    std::chrono::milliseconds wait = kMaxWait;
    if (!clock_.is_virtual()) {
      wait = std::clamp(std::chrono::ceil<std::chrono::milliseconds>(give_up - now),
                        std::chrono::milliseconds(1), kMaxWait);
    }
    curl_multi_poll(multi, nullptr, 0, static_cast<int>(wait.count()), nullptr);
  }
  curl_detail::take_headers(transfer);
  if (transfer.requests_started > 0) {
    long connects = 0;
    curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
    // libcurl resends only after a request on a reused connection died.
    result.connection_reused = transfer.resend_refused || connects == 0;
  }
  curl_multi_remove_handle(multi, easy);

  if (multi_failed) {
    result.error = TransportError::transport_error;
    result.end_time = clock_.now();
  } else if (done) {
    result.curl_code = static_cast<int>(*done);
    result.error = curl_detail::error_of(transfer, result.curl_code);
  }
  return result;
}

}  // namespace cometbench::client
