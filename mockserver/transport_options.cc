#include "mockserver/transport_options.h"

#include "mockserver/admin_api.h"

namespace cometbench::mockserver {

HttpServerOptions transport_options(const MockServerOptions& options) {
  HttpServerOptions out;
  out.hub.limits.max_body_bytes = options.max_body_bytes;
  out.hub.limits.max_header_bytes = options.max_header_bytes;
  out.hub.limits.max_header_count = options.max_header_count;
  out.hub.max_connections = options.max_connections;
  out.hub.idle_timeout = options.idle_timeout;
  out.hub.request_timeout = options.request_timeout;
  out.write_timeout = options.write_timeout;
  out.hub.cut_tls_handshake = options.tls.enabled && options.tls.cut_handshake;
  if (options.admin_api) out.hub.priority_prefix = kAdminPrefix;
  out.worker_threads = options.worker_threads;
  out.max_requests_per_connection = options.max_requests_per_connection;
  if (options.tls.enabled) {
    out.tls = options.tls.certificate_file.empty() && options.tls.key_file.empty()
                  ? generate_tls_identity()
                  : load_tls_identity(options.tls.certificate_file, options.tls.key_file);
  }
  return out;
}

}  // namespace cometbench::mockserver
