#include "mockserver/responses.h"

#include <nlohmann/json.hpp>

namespace cometbench::mockserver {
namespace {

std::string error_body(const std::string& message, const std::string& type,
                       const std::optional<std::string>& param,
                       const std::optional<std::string>& code) {
  nlohmann::json error;
  error["message"] = message;
  error["type"] = type;
  error["param"] = param ? nlohmann::json(*param) : nlohmann::json();
  error["code"] = code ? nlohmann::json(*code) : nlohmann::json();
  return nlohmann::json{{"error", error}}.dump();
}

}  // namespace

std::string invalid_api_key_body() {
  return error_body(
      "Incorrect API key provided. Send the scenario's key as 'Authorization: Bearer <key>' "
      "(cometbench mock).",
      "invalid_request_error", std::nullopt, "invalid_api_key");
}

std::string invalid_request_body(const std::string& message,
                                 const std::optional<std::string>& param) {
  return error_body(message, "invalid_request_error", param, std::nullopt);
}

std::string not_found_body(const std::string& method, const std::string& path) {
  return error_body(
      "Invalid URL (" + method + " " + path + "): not scripted by this scenario (cometbench mock).",
      "invalid_request_error", std::nullopt, std::nullopt);
}

std::string exhausted_body(const std::string& scenario_name, const std::string& script_key,
                           std::size_t step_count) {
  return error_body("cometbench mock: the script '" + script_key + "' of scenario '" +
                        scenario_name + "' is exhausted (" + std::to_string(step_count) +
                        " steps, when_exhausted: fail).",
                    "server_error", std::nullopt, "script_exhausted");
}

std::string internal_error_body(const std::string& message) {
  return error_body("cometbench mock: " + message, "server_error", std::nullopt, std::nullopt);
}

std::string transport_error_body(int status, const std::string& reason) {
  const char* code = "bad_request";
  switch (status) {
    case 408:
      code = "request_timeout";
      break;
    case 413:
      code = "request_too_large";
      break;
    case 414:
      code = "uri_too_long";
      break;
    case 431:
      code = "request_header_fields_too_large";
      break;
    case 501:
      code = "not_implemented";
      break;
    case 503:
      code = "too_many_connections";
      break;
    default:
      break;
  }
  return error_body(reason + " (cometbench mock)",
                    status >= 500 ? "server_error" : "invalid_request_error", std::nullopt, code);
}

std::optional<std::string> validate_chat_request(const std::string& body) {
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return invalid_request_body(
        "We could not parse the JSON body of your request. The body must be a JSON object.",
        std::nullopt);
  }
  if (!parsed.is_object()) {
    return invalid_request_body("The request body must be a JSON object.", std::nullopt);
  }
  if (!parsed.contains("model")) {
    return invalid_request_body("Missing required parameter: 'model'.", "model");
  }
  if (!parsed.contains("messages")) {
    return invalid_request_body("Missing required parameter: 'messages'.", "messages");
  }
  return std::nullopt;
}

}  // namespace cometbench::mockserver
