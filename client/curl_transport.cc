#include "client/curl_transport.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

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

struct Transfer {
  const TransportRequest& request;
  TransportResult& result;
  int status = 0;  // of the status line being received
  bool callback_aborted = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  Transfer& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  const std::string_view line = trim(std::string_view(data, n));
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after a 100 Continue, say): its headers replace the previous ones.
    t.result.headers.clear();
    t.status = 0;
    const std::size_t space = line.find(' ');
    for (std::size_t i = space == std::string_view::npos ? line.size() : space + 1;
         i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i) {
      t.status = t.status * 10 + (line[i] - '0');
    }
    return n;
  }
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  t.result.headers.emplace(std::move(name), std::string(trim(line.substr(colon + 1))));
  return n;
}

size_t on_write(char* data, size_t size, size_t count, void* user) {
  Transfer& t = *static_cast<Transfer*>(user);
  const size_t n = size * count;
  t.result.body.append(data, n);
  if (t.request.on_data &&
      !t.request.on_data(t.status, t.result.headers, std::string_view(data, n))) {
    t.callback_aborted = true;
    return CURL_WRITEFUNC_ERROR;
  }
  return n;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

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
  CURL* easy = nullptr;
  ~Handles() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
};

CurlTransport::CurlTransport(clock::Clock& clock, CurlTransportOptions options)
    : clock_(clock), options_(std::move(options)), handles_(std::make_unique<Handles>()) {
  global_init_once();
  handles_->multi = curl_multi_init();
  handles_->easy = curl_easy_init();
  if (handles_->multi == nullptr || handles_->easy == nullptr) {
    throw std::runtime_error("libcurl: cannot create handles");
  }
}

CurlTransport::~CurlTransport() = default;

TransportResult CurlTransport::perform(const TransportRequest& request) {
  std::lock_guard lock(mu_);
  TransportResult result;
  Transfer transfer{request, result};
  CURL* easy = handles_->easy;
  CURLM* multi = handles_->multi;

  // Connections live in the multi handle's cache, so a reset easy handle still reuses them.
  curl_easy_reset(easy);
  HeaderList headers;
  for (const auto& [name, value] : request.headers) headers.add(name + ": " + value);
  headers.add("Expect:");  // no 100-continue round trip for larger bodies
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_write);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
  if (request.method == "GET") {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method != "POST") {
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
  }

  // The peer (a mock on a shared FakeClock) may advance virtual time up to when we give up.
  const clock::TimePoint give_up =
      request.cancel_at ? std::min(request.deadline, *request.cancel_at) : request.deadline;
  std::optional<clock::ScopedDeadline> registered;
  if (give_up != clock::TimePoint::max()) registered.emplace(clock_, give_up);

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
    const int poll_ms = static_cast<int>(std::max<std::int64_t>(1, options_.poll_interval.count()));
    curl_multi_poll(multi, nullptr, 0, poll_ms, nullptr);
  }
  curl_multi_remove_handle(multi, easy);

  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) result.status = static_cast<int>(status);
  if (multi_failed) {
    result.error = TransportError::transport_error;
    result.end_time = clock_.now();
  } else if (done) {
    result.curl_code = static_cast<int>(*done);
    result.error = map_curl_code(result.curl_code, transfer.callback_aborted);
  }
  return result;
}

}  // namespace cometbench::client
