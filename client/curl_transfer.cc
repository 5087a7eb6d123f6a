#include "client/curl_transfer.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "client/curl_transport.h"

namespace cometbench::client::curl_detail {
namespace {

template <class Value>
void set(CURL* easy, CURLoption option, const char* name, Value value) {
  const CURLcode code = curl_easy_setopt(easy, option, value);
  if (code != CURLE_OK) {
    throw std::runtime_error(std::string("libcurl refused ") + name + ": " +
                             curl_easy_strerror(code));
  }
}
#define COMETBENCH_SET(easy, option, value) set(easy, option, #option, value)

Transfer& transfer_of(void* user) { return *static_cast<Transfer*>(user); }

size_t on_read(char* buffer, size_t size, size_t count, void* user) {
  Transfer& t = transfer_of(user);
  const std::string& body = t.request.body;
  const size_t n = std::min(size * count, body.size() - t.body_sent);
  std::memcpy(buffer, body.data() + t.body_sent, n);
  t.body_sent += n;
  return n;
}

// libcurl rewinds the body only to send the request again (its silent retry after a reused
// connection died, or multi-pass auth). A second request is a second attempt, which is the
// retry policy's to decide and the records' to show, so the rewind is refused.
int on_seek(void* user, curl_off_t, int) {
  Transfer& t = transfer_of(user);
  if (!t.resend_refused) {
    t.resend_refused = true;
    t.refused_after = t.sockets.last_close;
  }
  return CURL_SEEKFUNC_CANTSEEK;
}

// Runs right before libcurl sends a request on a connection, new or reused. A second call in
// one transfer is libcurl's own resend on a fresh connection after the first one died without
// an answer (libcurl 7.88 has no option to turn that off; an empty body needs no rewind, so the
// seek callback alone would not catch it). Refusing it ends the transfer here.
int on_prereq(void* user, char*, char*, int, int) {
  Transfer& t = transfer_of(user);
  if (++t.requests_started == 1) return CURL_PREREQFUNC_OK;
  if (!t.resend_refused) {
    t.resend_refused = true;
    t.refused_after = t.sockets.last_close;
  }
  return CURL_PREREQFUNC_ABORT;
}

// Refuses a new connection once a request went out in this transfer: that connection would only
// carry libcurl's own resend (see on_prereq), and refusing it here keeps the server from seeing a
// connection that never carries a request.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  Transfer& t = transfer_of(user);
  if (purpose == CURLSOCKTYPE_IPCXN && t.requests_started > 0) {
    if (!t.resend_refused) {
      t.resend_refused = true;
      t.refused_after = t.sockets.last_close;
    }
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// Notes how the peer ended the connection (TCP state before our close: CLOSE_WAIT after its
// FIN, CLOSE after its RST), so a refused resend reports what really happened to the request.
int on_close_socket(void* user, curl_socket_t fd) {
  SocketLog& log = *static_cast<SocketLog*>(user);
  tcp_info info{};
  socklen_t len = sizeof info;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0) {
    if (info.tcpi_state == TCP_CLOSE_WAIT) {
      log.last_close = PeerClose::fin;
    } else if (info.tcpi_state == TCP_CLOSE) {
      log.last_close = PeerClose::reset;
    } else {
      log.last_close = PeerClose::none;
    }
  }
  return ::close(fd);
}

size_t on_header(char*, size_t size, size_t count, void*) {
  // Status and headers come from libcurl's own parser (take_headers); this callback only
  // keeps them out of the body.
  return size * count;
}

size_t on_write(char* data, size_t size, size_t count, void* user) {
  Transfer& t = transfer_of(user);
  const size_t n = size * count;
  take_headers(t);
  t.result.body.append(data, n);
  if (t.request.on_data && !t.request.on_data(t.result.status.value_or(0), t.result.headers,
                                              std::string_view(data, n))) {
    t.callback_aborted = true;
    return CURL_WRITEFUNC_ERROR;
  }
  return n;
}

std::string lowercase(const char* name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

void configure(Transfer& t, curl_slist* headers, const std::string& ca_file) {
  CURL* easy = t.easy;
  COMETBENCH_SET(easy, CURLOPT_URL, t.request.url.c_str());
  COMETBENCH_SET(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  COMETBENCH_SET(easy, CURLOPT_NOSIGNAL, 1L);
  COMETBENCH_SET(easy, CURLOPT_TCP_NODELAY, 1L);
  COMETBENCH_SET(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  COMETBENCH_SET(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!ca_file.empty()) COMETBENCH_SET(easy, CURLOPT_CAINFO, ca_file.c_str());
  COMETBENCH_SET(easy, CURLOPT_HTTPHEADER, headers);
  COMETBENCH_SET(easy, CURLOPT_HEADERFUNCTION, &on_header);
  COMETBENCH_SET(easy, CURLOPT_WRITEFUNCTION, &on_write);
  COMETBENCH_SET(easy, CURLOPT_WRITEDATA, &t);
  COMETBENCH_SET(easy, CURLOPT_PREREQFUNCTION, &on_prereq);
  COMETBENCH_SET(easy, CURLOPT_PREREQDATA, &t);
  COMETBENCH_SET(easy, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
  COMETBENCH_SET(easy, CURLOPT_OPENSOCKETDATA, &t);
  COMETBENCH_SET(easy, CURLOPT_CLOSESOCKETFUNCTION, &on_close_socket);
  COMETBENCH_SET(easy, CURLOPT_CLOSESOCKETDATA, &t.sockets);
  if (t.request.method == "GET") {
    COMETBENCH_SET(easy, CURLOPT_HTTPGET, 1L);
    return;
  }
  if (t.request.method != "POST") {
    COMETBENCH_SET(easy, CURLOPT_CUSTOMREQUEST, t.request.method.c_str());
  }
  // The body goes through a read callback rather than CURLOPT_POSTFIELDS, which libcurl could
  // resend on its own; the seek callback refuses that rewind.
  COMETBENCH_SET(easy, CURLOPT_POST, 1L);
  COMETBENCH_SET(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t.request.body.size()));
  COMETBENCH_SET(easy, CURLOPT_READFUNCTION, &on_read);
  COMETBENCH_SET(easy, CURLOPT_READDATA, &t);
  COMETBENCH_SET(easy, CURLOPT_SEEKFUNCTION, &on_seek);
  COMETBENCH_SET(easy, CURLOPT_SEEKDATA, &t);
}

void take_headers(Transfer& t) {
  if (t.headers_taken) return;
  long status = 0;
  if (curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status <= 0) {
    return;  // no status line yet
  }
  t.headers_taken = true;
  t.result.status = static_cast<int>(status);
  t.result.headers.clear();
  curl_header* previous = nullptr;
  while (curl_header* h = curl_easy_nextheader(t.easy, CURLH_HEADER, -1, previous)) {
    t.result.headers.emplace(lowercase(h->name), h->value);
    previous = h;
  }
}

TransportError error_of(const Transfer& t, int curl_code) {
  if (t.resend_refused) {
    // The request went out on a kept-alive connection and died unanswered; libcurl wanted to
    // send it again. That failure is this attempt's result.
    return t.refused_after == PeerClose::reset ? TransportError::connection_reset
                                               : TransportError::empty_reply;
  }
  return map_curl_code(curl_code, t.callback_aborted);
}

}  // namespace cometbench::client::curl_detail
