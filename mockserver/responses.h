#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace cometbench::mockserver {

// The bodies the mock writes itself, in CometAPI's documented error envelope (error guide,
// apidoc.cometapi.com/errors/error-codes-handling):
//   {"error": {"code": "", "message": "... (request id: ID)", "type": "comet_api_error"}}
// with the request id of the answer's `x-request-id` header at the end of the message, as the
// live gateway writes it. None of them echoes a key or any part of a request body.

/// The envelope itself: `code` ("" when there is none), `message` followed by
/// " (request id: REQUEST_ID)".
std::string comet_error_body(const std::string& code, const std::string& message,
                             const std::string& request_id);

/// 401 for a missing or wrong `Authorization: Bearer` key.
std::string invalid_api_key_body(const std::string& request_id);

/// 400 for a chat completions body that `chat_request_problem` finds wrong.
std::string invalid_request_body(const std::string& problem, const std::string& request_id);

/// 404 for a route the scenario does not script (OpenAI says "Invalid URL (METHOD /path)";
/// the live CometAPI may answer a wrong path with a 301 or HTML instead: docs/serve.md).
std::string not_found_body(const std::string& method, const std::string& path,
                           const std::string& scenario_name, const std::string& request_id);

/// 400 for a path that starts with `/sessions/` but names no valid session ID.
std::string invalid_session_body(const std::string& request_id);

/// 400 for a new session when `max_sessions` sessions exist already.
std::string session_limit_body(std::size_t max_sessions, const std::string& request_id);

/// 500 for a script exhausted under `when_exhausted: fail`.
std::string exhausted_body(const std::string& scenario_name, const std::string& script_key,
                           std::size_t step_count, const std::string& request_id);

/// 500 for a failure of the mock itself (never scripted). Without a request id when the
/// failure happened before one was given.
std::string internal_error_body(const std::string& message, const std::string& request_id = "");

/// Checks a chat completions request body: nullopt when it is a JSON object whose `model` is a
/// non-empty string, whose `messages` is an array of objects each with a string `role`, and
/// whose `stream`, if present, is a boolean; else what is wrong, precisely (e.g. "model must be
/// a string, got number"), naming no value from the body.
std::optional<std::string> chat_request_problem(const std::string& body);

}  // namespace cometbench::mockserver
