#include "client/transport.h"

#include <array>

#include "json/enum_names.h"

namespace cometbench::client {

namespace {

constexpr std::array<json::EnumName<TransportError>, 10> kTransportErrors{{
    {"none", TransportError::none},
    {"timeout", TransportError::timeout},
    {"connection_refused", TransportError::connection_refused},
    {"connection_reset", TransportError::connection_reset},
    {"empty_reply", TransportError::empty_reply},
    {"truncated_body", TransportError::truncated_body},
    {"tls_error", TransportError::tls_error},
    {"dns_error", TransportError::dns_error},
    {"cancelled", TransportError::cancelled},
    {"transport_error", TransportError::transport_error},
}};
static_assert(json::one_to_one(kTransportErrors));

}  // namespace

std::string_view to_string(TransportError error) { return json::name_of(kTransportErrors, error); }

std::ostream& operator<<(std::ostream& out, TransportError error) {
  return out << to_string(error);
}

}  // namespace cometbench::client
