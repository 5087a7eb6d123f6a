#pragma once

#include <string>
#include <vector>

#include "client/policy.h"
#include "client/transport.h"
#include "clock/clock.h"
#include "review/finding.h"
#include "runner/scenario_runner.h"

namespace cometbench::runner {

/// The key the smoke check's second call presents. Shaped like a real key on purpose: if it
/// leaked into a record, the review's credential rule would see it.
inline constexpr const char* kInvalidPlaceholderKey = "sk-cometbench-invalid-placeholder-0000";

/// The prompt of the happy-path call; searched for in every record line as a leak.
inline constexpr const char* kSmokePrompt = "Reply with the single word: pong";

struct SmokeOptions {
  std::string base_url;  // SDK form, ending in /v1
  std::string api_key;   // the real key, for the happy path
  std::string model = "gpt-4o-mini";
  client::RetryPolicy policy;
};

/// What `cometbench smoke` found. `problems` is empty when the check passed.
struct SmokeReport {
  std::vector<Record> records;
  std::vector<std::string> lines;  // the records as JSONL
  std::vector<review::Finding> findings;
  std::vector<std::string> problems;
  bool passed() const { return problems.empty(); }
};

/// `url` with the `user:password` part of its authority (RFC 3986 userinfo) shown as `***`, for
/// every line that prints a base URL: `https://u:p@host/v1` -> `https://***@host/v1`.
std::string redact_url_credentials(const std::string& url);

/// `text` with every occurrence of the userinfo of `url` and its `@` replaced by `***@`;
/// `text` unchanged when the URL has none. For messages that may quote the URL.
std::string redact_credentials_of(const std::string& text, const std::string& url);

/// The operator's check of a deployment: one minimal happy-path call with `api_key`, one call
/// with an invalid placeholder key, both through the retry client with `policy`. It passes when
/// the happy path succeeded, the auth failure ended after one attempt without a retry, the
/// records pass the review checklist, and neither key nor the prompt appears in any record or
/// error message. A 404 on the happy path from a base URL whose path does not end in `/v1`
/// adds a hint to try the URL with `/v1`, where the OpenAI-compatible API lives.
SmokeReport run_smoke(const SmokeOptions& options, client::Transport& transport,
                      clock::Clock& clock);

}  // namespace cometbench::runner
