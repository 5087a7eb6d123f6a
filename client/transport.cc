#include "client/transport.h"

namespace cometbench::client {

std::string_view to_string(TransportError error) {
  switch (error) {
    case TransportError::none:
      return "none";
    case TransportError::timeout:
      return "timeout";
    case TransportError::connection_refused:
      return "connection_refused";
    case TransportError::connection_reset:
      return "connection_reset";
    case TransportError::empty_reply:
      return "empty_reply";
    case TransportError::truncated_body:
      return "truncated_body";
    case TransportError::tls_error:
      return "tls_error";
    case TransportError::dns_error:
      return "dns_error";
    case TransportError::cancelled:
      return "cancelled";
    case TransportError::transport_error:
      return "transport_error";
  }
  return "transport_error";
}

std::ostream& operator<<(std::ostream& out, TransportError error) {
  return out << to_string(error);
}

}  // namespace cometbench::client
