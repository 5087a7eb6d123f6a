#pragma once

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "clock/clock.h"

namespace cometbench::client {

/// Response headers by lowercased name. When a name repeats, the first value is kept.
using Headers = std::map<std::string, std::string>;

/// How a transfer ended, independent of the HTTP status.
enum class TransportError {
  none,                ///< the response arrived completely
  timeout,             ///< the attempt deadline passed (or curl's own timeout)
  connection_refused,  ///< nobody listening
  connection_reset,    ///< RST / receive or send failure
  empty_reply,         ///< the connection closed before any response byte
  truncated_body,      ///< closed before the announced body (or an SSE stream) was complete
  tls_error,
  dns_error,
  cancelled,        ///< the cancel time or flag, or the data callback returned false
  transport_error,  ///< anything else
};

std::string_view to_string(TransportError error);
std::ostream& operator<<(std::ostream& out, TransportError error);

/// Called with each piece of the response body as it arrives, after the headers are complete.
/// Runs inline on the thread calling `Transport::perform`. Returning false aborts the transfer,
/// which then ends as `TransportError::cancelled`.
using DataCallback =
    std::function<bool(int status, const Headers& headers, std::string_view bytes)>;

struct TransportRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  ///< sent as given
  std::string body;
  /// The transfer is abandoned as `timeout` once the clock reaches this time.
  clock::TimePoint deadline = clock::TimePoint::max();
  /// The transfer is abandoned as `cancelled` once the clock reaches this time.
  std::optional<clock::TimePoint> cancel_at;
  /// Checked whenever the transfer wakes up (call `Transport::wake()` after it changes); true
  /// abandons the transfer as `cancelled`.
  std::function<bool()> cancelled;
  /// Optional streaming hook; the body is accumulated in `TransportResult::body` either way.
  DataCallback on_data;
};

struct TransportResult {
  std::optional<int> status;  ///< nullopt when no status line arrived
  Headers headers;            ///< of the final response
  std::string body;           ///< the bytes received (possibly partial)
  TransportError error = TransportError::none;
  int curl_code = 0;          ///< the libcurl CURLcode, 0 for none or for fakes
  clock::TimePoint end_time;  ///< when the transfer ended (the deadline itself for a timeout)
  /// Whether the request went out on a connection kept alive from an earlier request; nullopt
  /// when no request went out (refused, DNS failure, cancelled before connecting).
  std::optional<bool> connection_reused;
};

/// Performs one HTTP exchange. The implementation decides how to wait, but it must honour
/// `deadline`, `cancel_at` and `cancelled` against the Clock it was built with.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual TransportResult perform(const TransportRequest& request) = 0;
  /// Makes a `perform` in progress on another thread look at its deadline, cancel time and
  /// `cancelled` predicate at once. Thread-safe; does nothing when no transfer runs.
  virtual void wake() = 0;
};

}  // namespace cometbench::client
