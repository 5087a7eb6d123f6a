#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client/attempt.h"
#include "client/cancel_token.h"
#include "client/env.h"
#include "client/policy.h"
#include "client/random.h"
#include "client/record_sink.h"
#include "client/records.h"
#include "client/retry_budget.h"
#include "client/transport.h"
#include "client/turn_gate.h"
#include "clock/clock.h"

namespace cometbench::client {

inline constexpr std::string_view kDefaultBaseUrl = "https://api.cometapi.com/v1";
inline constexpr std::string_view kDefaultUserAgent = "cometbench-client/0.1.0";

struct ClientConfig {
  /// SDK form, ending in `/v1`; the client appends `/chat/completions`.
  /// nullopt: `COMETAPI_BASE_URL`, else kDefaultBaseUrl.
  std::optional<std::string> base_url;
  /// nullopt: `COMETAPI_KEY`. Never written to a record, a log or an error message.
  std::optional<std::string> api_key;
  RetryPolicy policy;
  std::string user_agent{kDefaultUserAgent};
};

struct CallOptions {
  /// `[A-Za-z0-9._:-]{1,128}`; nullopt: generated ("op-0001", "op-0002", ... per client).
  std::optional<std::string> operation_id;
  /// Borrowed; may be null.
  CancelToken* cancel = nullptr;
  /// For `"stream": true` requests; see ChunkCallback.
  ChunkCallback on_chunk;
  /// Extra request headers sent with every attempt of this operation, after the client's own
  /// (an idempotency key, a trace id, or the operation number a simulation's server keys its
  /// draws by). Names must be HTTP tokens other than those the client sets itself
  /// (Authorization, Content-Type, Accept, User-Agent, x-stainless-retry-count, in any case);
  /// values must not contain CR, LF or NUL. Never written to a record.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Borrowed; may be null. See TurnGate: only for running several operations at once.
  TurnGate* turn_gate = nullptr;
};

/// The outcome of one operation, for the caller.
struct Result {
  Outcome outcome = Outcome::success;
  std::optional<int> status;  ///< of the last attempt
  /// The last attempt's parsed body (a completion, or an error object); null for streams and
  /// bodies that were not JSON. For the caller only: never logged or recorded.
  nlohmann::json response;
  std::size_t chunks = 0;  ///< streamed chunks delivered over all attempts
  /// Empty on success; else built only from record tokens (no server text, never the key).
  std::string error_message;
  std::vector<AttemptRecord> attempts;
  SummaryRecord summary;
};

/// The CometAPI chat completions retry client (docs/policy.md, docs/records.md).
///
/// Collaborators are borrowed and must outlive the client. Each attempt's record goes to the
/// sink once its retry decision (and any backoff sleep) is settled, then the summary. The retry
/// budget and the jitter random source (seeded from the policy) are shared by all operations.
/// Run one operation at a time per client; only CancelToken may be touched from other threads.
/// The one exception: operations on several threads that all pass one TurnGate
/// (CallOptions::turn_gate), which lets a single operation run at a time, and that all name
/// their operation id.
class ChatClient {
 public:
  /// Resolves the base URL and key (from `env` when the config leaves them unset). Throws
  /// std::invalid_argument when there is no key, or the URL is not http(s) or has a path that
  /// cannot be a record route; messages never contain the key.
  ChatClient(ClientConfig config, Transport& transport, clock::Clock& clock, RecordSink& sink,
             const EnvLookup& env = process_environment());

  /// Sends `request` (a JSON object: model, messages, ...) to `POST {base}/chat/completions`
  /// with retries. Throws std::invalid_argument for a request that is not an object, an
  /// invalid operation id or an invalid extra header; every other failure is a Result.
  Result complete(const nlohmann::json& request, const CallOptions& options = {});

  const std::string& base_url() const { return base_url_; }
  /// The path that records show, e.g. `/v1/chat/completions`.
  const RequestRoute& route() const { return route_; }
  /// Tokens left in the retry budget; nullopt when the policy has none.
  std::optional<int> budget_tokens() const;

 private:
  TransportRequest make_request(const std::string& body, bool stream, int attempt_index,
                                const CallOptions& options) const;
  OperationId next_operation_id(const CallOptions& options);

  RetryPolicy policy_;
  std::string user_agent_;
  std::string base_url_;
  std::string api_key_;
  std::string url_;
  RequestRoute route_;
  Transport& transport_;
  clock::Clock& clock_;
  RecordSink& sink_;
  SplitMix64 random_;
  std::optional<RetryBudget> budget_;
  int next_operation_ = 1;
};

}  // namespace cometbench::client
