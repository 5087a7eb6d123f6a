#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <optional>

#include "client/transport.h"

// Internal to CurlTransport: one transfer's state and the libcurl callbacks that fill it.

namespace cometbench::client::curl_detail {

/// How the peer ended a connection that libcurl closed, read from the socket (TCP_INFO) just
/// before it was closed.
enum class PeerClose { none, fin, reset };

/// Lives as long as the transport: libcurl keeps a connection's close-socket callback data for
/// the connection's whole life, beyond the transfer that opened it.
struct SocketLog {
  /// How the peer had ended the most recently closed connection, while a transfer ran.
  PeerClose last_close = PeerClose::none;
};

/// One perform(): the request, the result being filled and what the callbacks saw.
struct Transfer {
  const TransportRequest& request;
  TransportResult& result;
  CURL* easy;
  SocketLog& sockets;
  std::size_t body_sent = 0;    ///< request body bytes handed to libcurl
  int requests_started = 0;     ///< requests libcurl began to send (pre-request callback)
  bool resend_refused = false;  ///< libcurl tried to send the request again; we said no
  PeerClose refused_after = PeerClose::none;  ///< how the connection before it had ended
  bool headers_taken = false;                 ///< status and headers copied from libcurl
  bool callback_aborted = false;              ///< the caller's data callback said stop
};

/// Sets every option of one transfer on a reset easy handle. Throws std::runtime_error naming
/// the option when libcurl refuses one (a libcurl built without a feature we rely on).
void configure(Transfer& transfer, curl_slist* headers, const std::string& ca_file);

/// Copies the final response's status (CURLINFO_RESPONSE_CODE) and headers (curl_easy_header
/// API; lowercased names, the first value of a repeated name) into the result, once.
void take_headers(Transfer& transfer);

/// The transport error for a finished transfer: libcurl's code, corrected by what the callbacks
/// know (a resend we refused is the failure of the request that did go out).
TransportError error_of(const Transfer& transfer, int curl_code);

}  // namespace cometbench::client::curl_detail
