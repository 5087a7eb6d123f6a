#pragma once

#include <optional>
#include <string>

namespace cometbench::mockserver {

// The bodies the mock writes itself, in the OpenAI error envelope that CometAPI also uses
// ({"error": {"message", "type", "param", "code"}}), so SDKs parse them as they would the real
// thing. None of them echoes a key or a request body.

/// 401 for a missing or wrong `Authorization: Bearer` key (OpenAI's `invalid_api_key`).
std::string invalid_api_key_body();

/// 400 for a chat completions body that is not a JSON object with `model` and `messages`.
std::string invalid_request_body(const std::string& message,
                                 const std::optional<std::string>& param);

/// 404 for a route the scenario does not script (OpenAI says "Invalid URL (METHOD /path)").
std::string not_found_body(const std::string& method, const std::string& path);

/// 500 for a script exhausted under `when_exhausted: fail`.
std::string exhausted_body(const std::string& scenario_name, const std::string& script_key,
                           std::size_t step_count);

/// 500 for a failure of the mock itself (never scripted).
std::string internal_error_body(const std::string& message);

/// An answer the connection layer gives itself, before any handler runs: 400, 408, 413, 414,
/// 431, 501 or 503, with `reason` (one sentence saying which limit) as the message.
std::string transport_error_body(int status, const std::string& reason);

/// Checks a chat completions request body: nullopt when it is a JSON object with `model` and
/// `messages`, else the 400 body to send.
std::optional<std::string> validate_chat_request(const std::string& body);

}  // namespace cometbench::mockserver
