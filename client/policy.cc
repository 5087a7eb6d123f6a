#include "client/policy.h"

#include <array>
#include <utility>

#include "client/policy_fields.h"

namespace cometbench::client {
namespace {

// What both openai SDKs share (docs/policy.md "Presets" cites file and version per rule):
// maxRetries 2, a 600 s timeout, min(0.5 s * 2^n, 8 s) * (1 - 0.25 * U) between attempts,
// x-should-retry obeyed, then 408, 409, 429 and every status >= 500 retried whatever the body
// says, every connection error retried, and a stream never retried once its 2xx headers arrived.
RetryPolicy openai_common() {
  RetryPolicy policy;
  policy.max_attempts = 3;
  policy.initial_backoff = std::chrono::milliseconds(500);
  policy.max_backoff = std::chrono::milliseconds(8000);
  policy.multiplier = 2.0;
  policy.jitter = Jitter::openai;
  policy.attempt_timeout = std::chrono::milliseconds(600000);
  policy.retry_on_status = {408, 409, 429};
  for (int s = 500; s <= 599; ++s) policy.retry_on_status.insert(s);
  policy.retry_on_errors = {ErrorKind::timeout,          ErrorKind::connection_refused,
                            ErrorKind::connection_reset, ErrorKind::empty_reply,
                            ErrorKind::truncated_body,   ErrorKind::tls_error,
                            ErrorKind::dns_error,        ErrorKind::transport_error};
  policy.honor_retry_after = true;
  policy.honor_x_should_retry = true;
  policy.stream_commit = StreamCommit::headers;
  policy.invalid_request_500_terminal = false;
  return policy;
}

// openai-node 7.59.0 (src/client.ts, retryRequest): retry-after-ms, then Retry-After seconds or
// date, honoured when 0 <= x <= 60 s (0: at once), else its own backoff; fetch() resolves at
// the headers, so an error status is judged by its status and a cut 2xx body is not retried.
RetryPolicy openai_node_preset() {
  RetryPolicy policy = openai_common();
  policy.max_retry_after = std::chrono::milliseconds(60000);
  policy.retry_after_over_cap = RetryAfterOverCap::use_backoff;
  policy.retry_after_zero = RetryAfterZero::immediately;
  policy.cut_body = CutBody::by_status;
  return policy;
}

// openai-python 3.3.1 (src/openai/_base_client.py, _calculate_retry_timeout and _should_retry;
// _constants.py MAX_RETRY_AFTER_DELAY): Retry-After honoured when 0 < x <= 120 s, not retried
// above 120 s, backoff for 0 and below; httpx reads a non-stream body inside send(), so a cut
// body is a connection error like any other and is retried.
RetryPolicy openai_python_preset() {
  RetryPolicy policy = openai_common();
  policy.max_retry_after = std::chrono::milliseconds(120000);
  policy.retry_after_over_cap = RetryAfterOverCap::give_up;
  policy.retry_after_zero = RetryAfterZero::use_backoff;
  policy.cut_body = CutBody::transfer_failure;
  return policy;
}

RetryPolicy aws_standard_preset() {
  // AWS SDK "standard" retry mode: 3 attempts, full jitter, base 100 ms, cap 20 s, a retry
  // quota of 500 tokens (5 a retry, 10 a timeout retry, 1 back per success); it retries
  // throttling (429) and transient statuses (500, 502, 503, 504) and reads neither
  // Retry-After nor x-should-retry.
  RetryPolicy policy;
  policy.initial_backoff = std::chrono::milliseconds(100);
  policy.max_backoff = std::chrono::milliseconds(20000);
  policy.jitter = Jitter::full;
  policy.retry_on_status = {429, 500, 502, 503, 504};
  policy.honor_retry_after = false;
  policy.honor_x_should_retry = false;
  policy.retry_budget = RetryBudgetConfig{};
  return policy;
}

RetryPolicy none_preset() {
  RetryPolicy policy;
  policy.max_attempts = 1;
  policy.jitter = Jitter::none;
  return policy;
}

struct Preset {
  std::string_view name;
  RetryPolicy (*make)();
};

// The order of docs and error messages.
// "openai" stays as an alias of openai-python (the rule the old "openai" preset described), so
// that policies written before the split still load.
constexpr std::array<Preset, 5> kPresets{{
    {"openai-node", &openai_node_preset},
    {"openai-python", &openai_python_preset},
    {"openai", &openai_python_preset},
    {"aws-standard", &aws_standard_preset},
    {"none", &none_preset},
}};

constexpr std::array<std::string_view, kPresets.size()> make_preset_names() {
  std::array<std::string_view, kPresets.size()> names{};
  for (std::size_t i = 0; i < kPresets.size(); ++i) names[i] = kPresets[i].name;
  return names;
}
constexpr auto kPresetNames = make_preset_names();

}  // namespace

std::optional<RetryPolicy> preset_policy(std::string_view name) {
  for (const Preset& preset : kPresets) {
    if (preset.name == name) return preset.make();
  }
  return std::nullopt;
}

std::span<const std::string_view> preset_names() { return kPresetNames; }

nlohmann::json to_json(const RetryPolicy& policy) {
  nlohmann::json j = nlohmann::json::object();
  for (const policy_fields::PolicyField& field : policy_fields::fields()) {
    j[std::string(field.key)] = field.write(policy);
  }
  return j;
}

std::string_view to_string(Jitter jitter) {
  return json::name_of(policy_fields::kJitterNames, jitter);
}

std::string_view to_string(RetryAfterOverCap value) {
  return json::name_of(policy_fields::kOverCapNames, value);
}

std::string_view to_string(RetryAfterZero value) {
  return json::name_of(policy_fields::kZeroNames, value);
}

std::string_view to_string(StreamCommit value) {
  return json::name_of(policy_fields::kStreamCommitNames, value);
}

std::string_view to_string(CutBody value) {
  return json::name_of(policy_fields::kCutBodyNames, value);
}

std::ostream& operator<<(std::ostream& out, Jitter jitter) { return out << to_string(jitter); }

void PrintTo(const RetryPolicy& policy, std::ostream* out) { *out << to_json(policy).dump(); }

}  // namespace cometbench::client
