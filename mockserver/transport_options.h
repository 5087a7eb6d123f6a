#pragma once

#include "mockserver/http_server.h"
#include "mockserver/mock_server.h"

namespace cometbench::mockserver {

/// The HttpServer settings for a MockServer: its limits and timeouts, the admin API's prefix
/// as the priority one (admin requests get threads of their own), and TLS loaded from the
/// options' files or generated afresh. Throws std::runtime_error when a TLS file cannot be read
/// or a certificate cannot be made.
HttpServerOptions transport_options(const MockServerOptions& options);

}  // namespace cometbench::mockserver
