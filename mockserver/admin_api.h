#pragma once

#include <httplib.h>

#include "mockserver/mock_server.h"

namespace cometbench::mockserver {

/// The admin API's path prefix. Requests under it bypass auth and the journal.
inline constexpr const char* kAdminPrefix = "/__admin/";

/// Serves one request under kAdminPrefix against `server`'s public API:
/// GET journal (a JSON array; the dropped count in the `X-Journal-Dropped` header),
/// POST reset (204), PUT scenario (scenario JSON; 204, or 400 with the parser's message as
/// text/plain). Anything else under the prefix is a 404 (405 for a known path, wrong method).
void serve_admin_request(MockServer& server, const httplib::Request& req, httplib::Response& res);

}  // namespace cometbench::mockserver
