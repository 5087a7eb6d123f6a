#pragma once

#include <httplib.h>

#include "mockserver/journal.h"
#include "mockserver/mock_server.h"

namespace cometbench::mockserver {

/// The admin API's path prefix. Requests under it bypass auth and the journal.
inline constexpr const char* kAdminPrefix = "/__admin/";

/// Journal entries written per chunk of a `GET /__admin/journal` answer: the journal's lock is
/// held for one chunk at a time, and an answer never needs more memory than one chunk.
inline constexpr std::size_t kJournalEntriesPerChunk = 256;

/// Serves one request under kAdminPrefix against `server`'s public API and its `journal`
/// (docs/serve.md, "Admin API"):
/// - GET journal[?session=ID]: a JSON array streamed in chunks; `X-Journal-Dropped` header;
/// - POST reset: 204;
/// - PUT scenario: a scenario JSON (uploaded; `$ref`s resolve against
///   `options.upload_base_dir`, confined to `options.upload_ref_root`) or `{"name": NAME}` (a
///   loaded one): it becomes the default and everything resets; 204, or 400 with the message
///   as text/plain;
/// - GET scenarios, GET sessions: JSON listings;
/// - POST sessions/ID/reset, PUT sessions/ID/scenario (`{"name": NAME}`), DELETE sessions/ID.
/// Anything else under the prefix is a 404 (405 for a known path with the wrong method).
void serve_admin_request(MockServer& server, const Journal& journal,
                         const MockServerOptions& options, const httplib::Request& req,
                         httplib::Response& res);

}  // namespace cometbench::mockserver
