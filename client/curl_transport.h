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
  /// How long one curl_multi_poll may wait before the clock is read again. Bounds how late a
  /// virtual deadline or a cancellation is noticed.
  std::chrono::milliseconds poll_interval{1};
  /// A CA bundle file; empty: the system default. Peer and host verification are always on.
  std::string ca_file;
};

/// HTTP(S) over libcurl's multi interface, driven by the injected Clock.
///
/// One multi handle and one reused easy handle, so keep-alive connections are reused across
/// requests. Each transfer registers its deadline (the earlier of `deadline` and `cancel_at`)
/// with the clock, so a mock server holding on the same FakeClock advances virtual time to it;
/// the transfer then loops curl_multi_perform / curl_multi_poll, reading `clock.now()` between
/// polls, and is abandoned as `timeout` (end time: the deadline itself) or `cancelled` (end
/// time: the cancel time) once the clock gets there. Under SystemClock the same loop is an
/// ordinary timeout.
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

 private:
  struct Handles;
  clock::Clock& clock_;
  CurlTransportOptions options_;
  std::mutex mu_;  // one transfer at a time: the easy handle is shared
  std::unique_ptr<Handles> handles_;
};

}  // namespace cometbench::client
