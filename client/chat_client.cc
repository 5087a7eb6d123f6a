#include "client/chat_client.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <utility>

#include "client/backoff.h"
#include "client/retry_decider.h"

namespace cometbench::client {
namespace {

using std::chrono::milliseconds;

std::string resolve(const std::optional<std::string>& configured, const EnvLookup& env,
                    std::string_view variable, std::string_view fallback) {
  if (configured) return *configured;
  if (env) {
    // An empty variable counts as unset, as in the SDKs.
    if (std::optional<std::string> value = env(variable); value && !value->empty()) {
      return *value;
    }
  }
  return std::string(fallback);
}

std::string checked_base_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw std::invalid_argument("base_url must start with http:// or https://");
  }
  return url;
}

std::string checked_api_key(std::string key) {
  if (key.empty()) {
    throw std::invalid_argument("no API key: set ClientConfig::api_key or COMETAPI_KEY");
  }
  for (char c : key) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw std::invalid_argument("the API key contains control characters");
    }
  }
  return key;
}

// "https://api.cometapi.com/v1" -> "/v1/chat/completions".
RequestRoute route_of(const std::string& base_url) {
  const std::size_t authority = base_url.find("://") + 3;
  const std::size_t slash = base_url.find('/', authority);
  std::string path = slash == std::string::npos ? "" : base_url.substr(slash);
  path += "/chat/completions";
  if (!RequestRoute::is_valid(path)) {
    throw std::invalid_argument("base_url path must consist of [A-Za-z0-9/._~:-]");
  }
  return RequestRoute(std::move(path));
}

bool stream_requested(const nlohmann::json& request) {
  const auto it = request.find("stream");
  return it != request.end() && it->is_boolean() && it->get<bool>();
}

std::string error_message(const SummaryRecord& summary, const AttemptRecord* last) {
  if (summary.final_outcome == Outcome::success) return "";
  std::string message = std::string(to_string(summary.final_outcome)) + " after " +
                        std::to_string(summary.attempts) +
                        (summary.attempts == 1 ? " attempt" : " attempts");
  if (last != nullptr) {
    message += ": last error " + (last->error_type ? last->error_type->str() : "none") + " (" +
               std::string(to_string(last->retry_reason)) + ")";
  }
  return message;
}

}  // namespace

ChatClient::ChatClient(ClientConfig config, Transport& transport, clock::Clock& clock,
                       RecordSink& sink, const EnvLookup& env)
    : policy_(std::move(config.policy)),
      user_agent_(std::move(config.user_agent)),
      base_url_(
          checked_base_url(resolve(config.base_url, env, "COMETAPI_BASE_URL", kDefaultBaseUrl))),
      api_key_(checked_api_key(resolve(config.api_key, env, "COMETAPI_KEY", ""))),
      url_(base_url_ + "/chat/completions"),
      route_(route_of(base_url_)),
      transport_(transport),
      clock_(clock),
      sink_(sink),
      random_(policy_.effective_seed()) {
  if (policy_.retry_budget) budget_.emplace(*policy_.retry_budget);
}

std::optional<int> ChatClient::budget_tokens() const {
  if (!budget_) return std::nullopt;
  return budget_->tokens();
}

OperationId ChatClient::next_operation_id(const CallOptions& options) {
  if (options.operation_id) return OperationId(*options.operation_id);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "op-%04d", next_operation_++);
  return OperationId(buffer);
}

TransportRequest ChatClient::make_request(const std::string& body, bool stream,
                                          int attempt_index) const {
  TransportRequest request;
  request.method = "POST";
  request.url = url_;
  request.body = body;
  request.headers = {
      {"Authorization", "Bearer " + api_key_},
      {"Content-Type", "application/json"},
      {"Accept", stream ? "text/event-stream" : "application/json"},
      {"User-Agent", user_agent_},
      // As the openai SDKs do: lets the server (and the mock's journal) see retries.
      {"x-stainless-retry-count", std::to_string(attempt_index - 1)},
  };
  return request;
}

Result ChatClient::complete(const nlohmann::json& request, const CallOptions& options) {
  if (!request.is_object()) throw std::invalid_argument("request must be a JSON object");
  const OperationId operation_id = next_operation_id(options);
  const bool stream = stream_requested(request);
  const std::string body = request.dump();
  CancelToken* const token = options.cancel;
  const auto cancel_requested = [token] { return token != nullptr && token->cancel_requested(); };

  const clock::TimePoint op_start = clock_.now();
  std::optional<clock::TimePoint> op_deadline;
  if (policy_.deadline) op_deadline = op_start + *policy_.deadline;
  BackoffStrategy backoff(policy_, random_);
  RetryDecider decider(policy_, backoff, budget_ ? &*budget_ : nullptr);

  Result result;
  result.outcome = Outcome::cancelled;  // stays so only when cancelled before the first attempt
  for (int index = 1;; ++index) {
    const clock::TimePoint start = clock_.now();
    if (index == 1 && token != nullptr && token->is_cancelled(start)) break;

    clock::TimePoint attempt_deadline = start + policy_.attempt_timeout;
    if (op_deadline) attempt_deadline = std::min(attempt_deadline, *op_deadline);
    TransportRequest transport_request = make_request(body, stream, index);
    transport_request.deadline = attempt_deadline;
    if (token != nullptr) {
      transport_request.cancel_at = token->cancel_time();
      // Also catches a cancel time set by another thread after the transfer started.
      transport_request.cancelled = [token, this] { return token->is_cancelled(clock_.now()); };
    }
    AttemptResult attempt = run_attempt(transport_, std::move(transport_request), options.on_chunk);
    const TransportResult& t = attempt.transport;
    const StreamObservation* observed = attempt.stream ? &*attempt.stream : nullptr;
    const Classification c = classify(t, attempt.body, observed, policy_);
    if (observed != nullptr) result.chunks += observed->chunks;

    DecisionInput input;
    input.attempt_index = index;
    input.now = clock_.now();
    input.wall_now = clock_.wall_now();
    input.operation_deadline = op_deadline;
    input.cut_by_operation_deadline =
        t.error == TransportError::timeout && op_deadline && attempt_deadline == *op_deadline;
    input.stream_committed = observed != nullptr && observed->chunks > 0;
    input.headers = t.status ? &t.headers : nullptr;
    Decision decision = decider.decide(c, input);

    bool cancelled_in_backoff = false;
    if (decision.decision == RetryDecision::retried) {
      const clock::TimePoint now = clock_.now();
      const std::optional<clock::TimePoint> cancel_at =
          token != nullptr ? token->cancel_time() : std::nullopt;
      if (cancel_at && now + decision.backoff >= *cancel_at) {
        // Sleep only up to the cancel time: the operation ends there.
        clock_.sleep_for(std::max(clock::Duration::zero(), *cancel_at - now), cancel_requested);
        cancelled_in_backoff = true;
      } else {
        cancelled_in_backoff = !clock_.sleep_for(decision.backoff, cancel_requested);
      }
      if (cancelled_in_backoff) {
        decision = {RetryDecision::not_retried, RetryReason::cancelled, milliseconds(0)};
      }
    }
    // A cancellation during the backoff ends the operation at this attempt, so the attempt
    // carries the operation's class and the summary can be reconstructed from the last record.
    const Outcome attempt_outcome = cancelled_in_backoff ? Outcome::cancelled : c.outcome;

    AttemptRecord record{operation_id,
                         index,
                         route_,
                         HttpMethod::post,
                         t.status,
                         c.error_type,
                         decision.decision,
                         decision.reason,
                         decision.backoff,
                         c.response_object_type,
                         c.finish_reason,
                         c.usage_seen,
                         attempt_outcome,
                         milliseconds(clock::to_ms(start - op_start)),
                         milliseconds(clock::to_ms(t.end_time - start))};
    sink_.on_attempt(record);
    result.attempts.push_back(std::move(record));
    if (decision.decision != RetryDecision::retried) {
      result.outcome = attempt_outcome;
      result.status = t.status;
      if (!attempt.body.is_discarded()) result.response = std::move(attempt.body);
      break;
    }
  }

  SummaryRecord& summary = result.summary;
  summary.operation_id = operation_id;
  summary.attempts = static_cast<int>(result.attempts.size());
  summary.final_outcome = result.outcome;
  summary.final_http_response_status_code = result.status;
  for (const AttemptRecord& a : result.attempts) summary.total_backoff += a.backoff;
  summary.elapsed = milliseconds(clock::to_ms(clock_.now() - op_start));
  sink_.on_summary(summary);
  result.error_message =
      error_message(summary, result.attempts.empty() ? nullptr : &result.attempts.back());
  return result;
}

}  // namespace cometbench::client
