#include "client/classify.h"

#include <algorithm>
#include <string>

namespace cometbench::client {
namespace {

using Json = nlohmann::json;

Classification terminal(RetryReason reason, Outcome outcome) {
  Classification c;
  c.verdict = Verdict::terminal;
  c.reason = reason;
  c.outcome = outcome;
  return c;
}

// A failure class that the policy may retry (retry_on_errors).
Classification by_error_class(ErrorKind kind, const RetryPolicy& policy, Outcome outcome,
                              RetryReason terminal_reason) {
  Classification c;
  c.outcome = outcome;
  c.error_type = ErrorType::of(kind);
  if (policy.retry_on_errors.contains(kind)) {
    c.verdict = Verdict::retryable;
    c.reason = RetryReason::retryable_error;
  } else {
    c.verdict = Verdict::terminal;
    c.reason = terminal_reason;
  }
  return c;
}

void apply_stream(Classification& c, const StreamObservation& s) {
  c.response_object_type = s.object_type;
  c.finish_reason = s.finish_reason;
  c.usage_seen = s.usage_seen;
}

void apply_success_body(Classification& c, const Json& body) {
  const BodyFacts facts = observe_body(body);
  c.response_object_type = facts.object_type;
  c.finish_reason = facts.finish_reason;
  c.usage_seen = facts.usage_seen;
}

bool has_error_object(const Json& body) {
  if (!body.is_object()) return false;
  const auto it = body.find("error");
  return it != body.end() && it->is_object();
}

// CometAPI error guide: a 500 whose error.code is "invalid_request" is a malformed request
// (not a server fault), so retrying it cannot help.
bool is_invalid_request_500(int status, const Json& body) {
  if (status != 500 || !has_error_object(body)) return false;
  const Json& error = body.at("error");
  const auto code = error.find("code");
  return code != error.end() && code->is_string() && *code == "invalid_request";
}

Outcome http_outcome(int status) {
  if (status == 401 || status == 403) return Outcome::auth_error;
  if (status == 408 || status == 409 || status == 429) return Outcome::transient_failure;
  if (status >= 400 && status < 500) return Outcome::caller_error;
  if (status >= 500) return Outcome::transient_failure;
  return Outcome::unknown;  // 1xx/3xx: libcurl follows no redirects
}

std::optional<bool> x_should_retry(const Headers& headers) {
  const auto it = headers.find("x-should-retry");
  if (it == headers.end()) return std::nullopt;
  if (it->second == "true") return true;
  if (it->second == "false") return false;
  return std::nullopt;
}

Classification classify_http_error(int status, const Headers& headers, const Json& body,
                                   const RetryPolicy& policy) {
  Classification c;
  c.outcome = http_outcome(status);
  c.error_type = ErrorType::http(status);
  if (has_error_object(body)) c.response_object_type = ResponseObjectType::error;
  c.verdict = Verdict::terminal;
  // Auth failures stay terminal whatever the server says: retrying a bad key only burns
  // attempts and gets keys rate-limited (the review checklist flags any retried 401/403).
  if (status == 401 || status == 403) {
    c.reason = RetryReason::auth_error_terminal;
    return c;
  }
  // CometAPI error guide: 500 + error.code invalid_request is a malformed request.
  const bool caller_error =
      status == 400 || status == 404 || status == 422 ||
      (policy.invalid_request_500_terminal && is_invalid_request_500(status, body));
  if (caller_error) c.outcome = Outcome::caller_error;
  // x-should-retry outranks the status, as in the OpenAI SDKs: the server knows best.
  if (const auto said = policy.honor_x_should_retry ? x_should_retry(headers) : std::nullopt) {
    c.verdict = *said ? Verdict::retryable : Verdict::terminal;
    c.reason = *said ? RetryReason::server_said_retry : RetryReason::server_said_no_retry;
  } else if (caller_error) {
    c.reason = RetryReason::caller_error_terminal;
  } else if (policy.retry_on_status.contains(status)) {
    c.verdict = Verdict::retryable;
    c.reason = RetryReason::retryable_status;
  } else {
    c.reason = RetryReason::non_retryable_status;
  }
  return c;
}

// A 2xx stream: success only as chat.completion.chunk events ending in [DONE].
Classification classify_stream(const StreamObservation& s, const RetryPolicy& policy) {
  // An error event mid-stream: the server gave up; whether a retry may follow is the commit
  // rule's call (no chunk reached the caller yet), made by the decider.
  if (s.error_event) {
    return by_error_class(ErrorKind::stream_error, policy, Outcome::transient_failure,
                          RetryReason::non_retryable_error);
  }
  if (s.unexpected_chunk || (s.done && s.chunks == 0)) {
    return by_error_class(ErrorKind::unexpected_shape, policy, Outcome::unknown,
                          RetryReason::invalid_response);
  }
  // A stream that ends without [DONE] lost its tail, whatever the transport says.
  if (!s.done) {
    return by_error_class(ErrorKind::truncated_body, policy, Outcome::transient_failure,
                          RetryReason::non_retryable_error);
  }
  return Classification{};
}

// `cut_body: by_status` (openai-node: fetch() resolves at the headers): a body that fails after
// the headers does not change what the headers said. An error status is judged by its status
// (a partial error body reads as no body); a 2xx whose body is cut counts as delivered. A 2xx
// body that times out stays a transfer failure: openai-node retries it on its own body timer.
std::optional<Classification> judged_by_headers(const TransportResult& result, const Json& body,
                                                const RetryPolicy& policy) {
  const int status = *result.status;
  if (status < 200 || status > 299) {
    return classify_http_error(status, result.headers,
                               result.error == TransportError::none ? body : Json(), policy);
  }
  if (result.error == TransportError::timeout) return std::nullopt;
  Classification c = terminal(RetryReason::response_committed, Outcome::transient_failure);
  c.error_type = ErrorType::of(error_kind_of(result.error));
  return c;
}

}  // namespace

bool has_completion_shape(const Json& body) {
  if (!body.is_object()) return false;
  const auto object = body.find("object");
  if (object == body.end() || *object != "chat.completion") return false;
  const auto choices = body.find("choices");
  if (choices == body.end() || !choices->is_array() || choices->empty()) return false;
  return std::all_of(choices->begin(), choices->end(), [](const Json& choice) {
    if (!choice.is_object()) return false;
    const auto message = choice.find("message");
    return message != choice.end() && message->is_object();
  });
}

BodyFacts observe_body(const Json& body) {
  BodyFacts facts;
  if (const auto it = body.find("object"); it != body.end()) {
    facts.object_type = it->is_string()
                            ? response_object_type_from(it->get_ref<const std::string&>())
                            : ResponseObjectType::other;
  }
  const auto choices = body.find("choices");
  if (choices != body.end() && choices->is_array() && !choices->empty() &&
      choices->front().is_object()) {
    const auto reason = choices->front().find("finish_reason");
    if (reason != choices->front().end() && !reason->is_null()) {
      facts.finish_reason = reason->is_string()
                                ? finish_reason_from(reason->get_ref<const std::string&>())
                                : FinishReason::other;
    }
  }
  const auto usage = body.find("usage");
  facts.usage_seen = usage != body.end() && usage->is_object();
  return facts;
}

ErrorKind error_kind_of(TransportError error) {
  switch (error) {
    case TransportError::timeout:
      return ErrorKind::timeout;
    case TransportError::connection_refused:
      return ErrorKind::connection_refused;
    case TransportError::connection_reset:
      return ErrorKind::connection_reset;
    case TransportError::empty_reply:
      return ErrorKind::empty_reply;
    case TransportError::truncated_body:
      return ErrorKind::truncated_body;
    case TransportError::tls_error:
      return ErrorKind::tls_error;
    case TransportError::dns_error:
      return ErrorKind::dns_error;
    case TransportError::cancelled:
      return ErrorKind::cancelled;
    case TransportError::none:
    case TransportError::transport_error:
      break;
  }
  return ErrorKind::transport_error;
}

Classification classify(const TransportResult& result, const Json& body,
                        const StreamObservation* stream, const RetryPolicy& policy) {
  if (result.error == TransportError::cancelled) {
    Classification c = terminal(RetryReason::cancelled, Outcome::cancelled);
    c.error_type = ErrorType::of(ErrorKind::cancelled);
    if (stream != nullptr) apply_stream(c, *stream);
    return c;
  }
  if (stream != nullptr && stream->invalid_chunk) {
    Classification c = by_error_class(ErrorKind::invalid_json, policy, Outcome::unknown,
                                      RetryReason::invalid_response);
    apply_stream(c, *stream);
    return c;
  }
  if (result.status && result.error != TransportError::none && stream == nullptr &&
      policy.cut_body == CutBody::by_status) {
    if (auto c = judged_by_headers(result, body, policy)) return *c;
  }
  if (result.error != TransportError::none || !result.status) {
    Classification c = by_error_class(error_kind_of(result.error), policy,
                                      Outcome::transient_failure, RetryReason::non_retryable_error);
    if (stream != nullptr) apply_stream(c, *stream);
    return c;
  }
  const int status = *result.status;
  if (status < 200 || status > 299)
    return classify_http_error(status, result.headers, body, policy);
  if (stream != nullptr) {
    Classification c = classify_stream(*stream, policy);
    apply_stream(c, *stream);
    return c;
  }
  if (!body.is_object()) {
    // A 2xx whose body is not a JSON object: the server may have done the work, so the outcome
    // is unknown and, unless the policy lists invalid_json, a retry could duplicate it.
    return by_error_class(ErrorKind::invalid_json, policy, Outcome::unknown,
                          RetryReason::invalid_response);
  }
  // JSON, but not a completion ({"hello":"world"}, `choices: []`): not a success either, and for
  // the same reason as above not retried unless the policy lists unexpected_shape.
  Classification c = has_completion_shape(body)
                         ? Classification{}
                         : by_error_class(ErrorKind::unexpected_shape, policy, Outcome::unknown,
                                          RetryReason::invalid_response);
  apply_success_body(c, body);
  return c;
}

}  // namespace cometbench::client
