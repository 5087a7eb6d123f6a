#include "mockserver/responses.h"

#include <nlohmann/json.hpp>

namespace cometbench::mockserver {
namespace {

using Json = nlohmann::json;

// Reads the shape of a chat completions body as nlohmann's SAX parser reports it, without
// building a tree (a dense body of a few MiB would take twenty times that as a tree). It keeps
// only what the checks need: the types of the top-level `model`, `messages` and `stream`, and
// the first problem among the messages.
class ChatShape final : public nlohmann::json_sax<Json> {
 public:
  std::optional<std::size_t> error_byte;
  std::string root_type;
  std::optional<std::string> model_type;
  bool model_empty = false;
  std::optional<std::string> messages_type;
  std::optional<std::string> message_problem;
  std::optional<std::string> stream_type;

  bool null() override { return value("null"); }
  bool boolean(bool) override { return value("boolean"); }
  bool number_integer(number_integer_t) override { return value("number"); }
  bool number_unsigned(number_unsigned_t) override { return value("number"); }
  bool number_float(number_float_t, const string_t&) override { return value("number"); }
  bool string(string_t& s) override { return value("string", s.empty()); }
  bool binary(binary_t&) override { return value("binary"); }
  bool start_object(std::size_t) override {
    value("object");
    if (depth_ == 2 && in_messages_) {  // a message object opens at depth 3
      in_message_ = true;
      role_seen_ = false;
    }
    ++depth_;
    return true;
  }
  bool end_object() override {
    --depth_;
    if (depth_ == 2 && in_message_) {
      in_message_ = false;
      if (!role_seen_) note(element_ + ".role is required");
    }
    return true;
  }
  bool start_array(std::size_t) override {
    value("array");
    if (depth_ == 1 && key_ == "messages") {
      in_messages_ = true;
      index_ = 0;
      message_problem.reset();
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (depth_ == 1) in_messages_ = false;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1) key_ = k;
    if (depth_ == 3 && in_message_) message_key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    error_byte = position;
    return false;
  }

 private:
  // One value (or the start of a container) at the current depth.
  bool value(const char* type, bool empty_string = false) {
    if (depth_ == 0) {
      root_type = type;
    } else if (depth_ == 1) {
      if (key_ == "model") {
        model_type = type;
        model_empty = empty_string;
      } else if (key_ == "messages") {
        messages_type = type;
      } else if (key_ == "stream") {
        stream_type = type;
      }
    } else if (depth_ == 2 && in_messages_) {
      element_ = "messages[" + std::to_string(index_++) + "]";
      if (std::string(type) != "object") note(element_ + " must be an object, got " + type);
    } else if (depth_ == 3 && in_message_ && message_key_ == "role") {
      role_seen_ = true;
      if (std::string(type) != "string") note(element_ + ".role must be a string, got " + type);
    }
    return true;
  }
  void note(std::string problem) {
    if (!message_problem) message_problem = std::move(problem);
  }

  std::size_t depth_ = 0;
  std::string key_;           // the current key of the top-level object
  bool in_messages_ = false;  // inside the top-level `messages` array
  std::size_t index_ = 0;     // of the next message
  std::string element_;       // "messages[i]" of the current message
  bool in_message_ = false;   // inside a message object
  std::string message_key_;   // the current key of that object
  bool role_seen_ = false;
};

}  // namespace

std::string comet_error_body(const std::string& code, const std::string& message,
                             const std::string& request_id) {
  Json error = Json::object();
  error["code"] = code;
  error["message"] = request_id.empty() ? message : message + " (request id: " + request_id + ")";
  error["type"] = "comet_api_error";
  // `replace`: a route echoed in a message may hold bytes that are not UTF-8.
  return Json{{"error", error}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string invalid_api_key_body(const std::string& request_id) {
  return comet_error_body(
      "",
      "Invalid Token: send the scenario's api_key as 'Authorization: Bearer <key>' "
      "(cometbench mock)",
      request_id);
}

std::string invalid_request_body(const std::string& problem, const std::string& request_id) {
  return comet_error_body("", problem, request_id);
}

std::string not_found_body(const std::string& method, const std::string& path,
                           const std::string& scenario_name, const std::string& request_id) {
  return comet_error_body("",
                          "Invalid URL (" + method + " " + path + "): not scripted by scenario '" +
                              scenario_name + "' (cometbench mock)",
                          request_id);
}

std::string invalid_session_body(const std::string& request_id) {
  return comet_error_body("",
                          "invalid session: a path starting with /sessions/ must go on "
                          "/sessions/ID/ with an ID of 1 to 64 letters, digits, '-' or '_' "
                          "(cometbench mock)",
                          request_id);
}

std::string session_limit_body(std::size_t max_sessions, const std::string& request_id) {
  return comet_error_body("",
                          "session limit reached (" + std::to_string(max_sessions) +
                              " sessions): remove finished ones with DELETE "
                              "/__admin/sessions/ID, or start serve with a larger "
                              "--max-sessions (cometbench mock)",
                          request_id);
}

std::string exhausted_body(const std::string& scenario_name, const std::string& script_key,
                           std::size_t step_count, const std::string& request_id) {
  return comet_error_body("script_exhausted",
                          "cometbench mock: the script '" + script_key + "' of scenario '" +
                              scenario_name + "' is exhausted (" + std::to_string(step_count) +
                              " steps, when_exhausted: fail)",
                          request_id);
}

std::string internal_error_body(const std::string& message, const std::string& request_id) {
  return comet_error_body("", "cometbench mock: " + message, request_id);
}

std::optional<std::string> chat_request_problem(const std::string& body) {
  ChatShape shape;
  Json::sax_parse(body, &shape);
  // Only the position: nlohmann's own message quotes the text it read last.
  if (shape.error_byte) {
    return "the request body is not valid JSON (at byte " + std::to_string(*shape.error_byte) + ")";
  }
  if (shape.root_type != "object") {
    return "the request body must be a JSON object, got " + shape.root_type;
  }
  // CometAPI's live answer to a missing model (error guide): "model name is required".
  if (!shape.model_type || *shape.model_type == "null" || shape.model_empty) {
    return std::string("model name is required");
  }
  if (*shape.model_type != "string") return "model must be a string, got " + *shape.model_type;
  if (!shape.messages_type) return std::string("messages is required");
  if (*shape.messages_type != "array") {
    return "messages must be an array, got " + *shape.messages_type;
  }
  if (shape.message_problem) return shape.message_problem;
  if (shape.stream_type && *shape.stream_type != "boolean") {
    return "stream must be a boolean, got " + *shape.stream_type;
  }
  return std::nullopt;
}

}  // namespace cometbench::mockserver
