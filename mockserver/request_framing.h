#pragma once

#include <httplib.h>

namespace cometbench::mockserver {

/// Adjusts a request whose head httplib has parsed, before httplib reads its body, so that
/// requests typed as curl users type them are read as HTTP says (RFC 9112, section 6.3):
/// - no `Content-Length` and no `Transfer-Encoding` (`curl -X POST URL`): the body is empty.
///   httplib 0.11.4 instead reads until the client closes, which it never does, and answers
///   400 when its read timeout ends.
/// - `Content-Type: application/x-www-form-urlencoded` (what `curl --data-binary` sends when
///   told nothing else): the header is dropped. httplib 0.11.4 would parse such a body into
///   form parameters and refuse any over 8 KB with a 413; the mock reads every body as bytes
///   and never uses form parameters.
/// Run it as the `setup_request` callback of httplib's `process_request`.
void normalize_body_framing(httplib::Request& req);

}  // namespace cometbench::mockserver
