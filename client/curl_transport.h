#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "client/transport.h"
#include "clock/clock.h"

namespace cometbench::client {

/// Maps a libcurl CURLcode to a transport error class. `callback_aborted`: our own write
/// callback stopped the transfer (curl then reports 23, CURLE_WRITE_ERROR).
TransportError map_curl_code(int curl_code, bool callback_aborted = false);

struct CurlTransportOptions {
  /// A CA bundle file; empty: the system default. Peer and host verification are always on.
  std::string ca_file;
};

/// HTTP(S) over libcurl's multi interface, driven by the injected Clock.
///
/// One multi handle, whose connection cache keeps connections alive across requests, and a
/// fresh easy handle per transfer. Each transfer registers its deadline (the earlier of `deadline` and `cancel_at`)
/// with the clock, so a mock server holding on the same FakeClock advances virtual time to it;
/// the transfer then loops curl_multi_perform / curl_multi_poll, which wakes on socket activity,
/// on the clock's deadline callback or on `wake()`, and is abandoned as `timeout` (end time: the
/// deadline itself) or `cancelled` (end time: the cancel time) once the clock gets there. Under
/// SystemClock the same loop waits in real time until the deadline.
///
/// One request on the wire is one transfer: libcurl's own resend after a request on a reused
/// connection died unanswered is refused, and the transfer reports that death (`empty_reply`
/// after the peer's FIN, `connection_reset` after its RST), so the retry policy decides.
///
/// SIGPIPE: CURLOPT_NOSIGNAL is set; a write to a closed socket inside OpenSSL could still
/// raise SIGPIPE, so the signal is blocked for the calling thread during a transfer and a
/// pending one is consumed before unblocking; the process disposition is never changed.
///
/// `perform` calls are serialized (one transfer at a time). Callbacks run inline on the
/// calling thread.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(clock::Clock& clock, CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  TransportResult perform(const TransportRequest& request) override;
  void wake() override;

 private:
  struct Handles;
  clock::Clock& clock_;
  CurlTransportOptions options_;
  std::mutex mu_;  // one transfer at a time: the connection cache and socket log are shared
  std::unique_ptr<Handles> handles_;
};

}  // namespace cometbench::client
