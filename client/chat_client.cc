#include "client/chat_client.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "client/operation.h"
#include "json/ascii.h"

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

// The client's own headers may not be replaced or doubled: the key and the retry count must be
// exactly what the client says. Messages name the header, never its value.
void check_extra_headers(const std::vector<std::pair<std::string, std::string>>& headers) {
  static constexpr std::string_view kOwn[] = {"Authorization", "Content-Type", "Accept",
                                              "User-Agent", "x-stainless-retry-count"};
  for (const auto& [name, value] : headers) {
    if (name.empty() || !std::all_of(name.begin(), name.end(), json::ascii::is_token_char)) {
      throw std::invalid_argument("extra header name \"" + name + "\" is not an HTTP token");
    }
    for (std::string_view own : kOwn) {
      if (json::ascii::iequals(name, own)) {
        throw std::invalid_argument("extra header \"" + name + "\" is one the client sets itself");
      }
    }
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      throw std::invalid_argument("extra header \"" + name +
                                  "\" has a value with CR, LF or NUL (value not shown)");
    }
  }
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

TransportRequest ChatClient::make_request(const std::string& body, bool stream, int attempt_index,
                                          const CallOptions& options) const {
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
  request.headers.insert(request.headers.end(), options.headers.begin(), options.headers.end());
  return request;
}

Result ChatClient::complete(const nlohmann::json& request, const CallOptions& options) {
  if (!request.is_object()) throw std::invalid_argument("request must be a JSON object");
  check_extra_headers(options.headers);
  OperationId operation_id = next_operation_id(options);
  const bool stream = stream_requested(request);
  const std::string body = request.dump();
  // A cancellation from another thread wakes a transfer in progress at once.
  std::optional<CancelToken::Subscription> wake_on_cancel;
  if (options.cancel != nullptr)
    wake_on_cancel.emplace(*options.cancel, [this] { transport_.wake(); });

  const OperationContext context{
      .policy = policy_,
      .transport = transport_,
      .clock = clock_,
      .sink = sink_,
      .random = random_,
      .budget = budget_ ? &*budget_ : nullptr,
      .route = route_,
      .make_request = [&](int index) { return make_request(body, stream, index, options); },
      .turn_gate = options.turn_gate,
  };
  OperationEnd end =
      Operation(context, std::move(operation_id), options.cancel, options.on_chunk).run();

  Result result;
  result.outcome = end.outcome;
  result.status = end.status;
  result.response = std::move(end.response);
  result.chunks = end.chunks;
  result.attempts = std::move(end.attempts);
  result.summary = std::move(end.summary);
  result.error_message =
      error_message(result.summary, result.attempts.empty() ? nullptr : &result.attempts.back());
  return result;
}

}  // namespace cometbench::client
