#include "client/policy.h"

#include <array>
#include <utility>

#include "client/policy_fields.h"

namespace cometbench::client {
namespace {

// openai-python / openai-node retry on 408, 409, 429 and every status >= 500.
std::set<int> openai_statuses() {
  std::set<int> statuses{408, 409, 429};
  for (int s = 500; s <= 599; ++s) statuses.insert(s);
  return statuses;
}

RetryPolicy openai_preset() {
  // openai SDKs: maxRetries 2 (3 attempts), 0.5 s doubling to 8 s, delay * (1 - 0.25 * U),
  // a 600 s request timeout, x-should-retry honoured, every connection error retried. The SDKs
  // honour Retry-After only when 0 < x <= 60 s and back off otherwise; we keep the DESIGN cap
  // (120 s) and fall back to backoff above it, as the SDKs do.
  RetryPolicy policy;
  policy.jitter = Jitter::openai;
  policy.attempt_timeout = std::chrono::milliseconds(600000);
  policy.retry_on_status = openai_statuses();
  policy.retry_on_errors = {ErrorKind::timeout,          ErrorKind::connection_refused,
                            ErrorKind::connection_reset, ErrorKind::empty_reply,
                            ErrorKind::truncated_body,   ErrorKind::tls_error,
                            ErrorKind::dns_error,        ErrorKind::transport_error};
  policy.retry_after_over_cap = RetryAfterOverCap::use_backoff;
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
constexpr std::array<Preset, 3> kPresets{{
    {"openai", &openai_preset},
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

PolicyError::PolicyError(std::string file, std::string pointer, std::string message)
    : std::runtime_error(file + ": " + (pointer.empty() ? "" : pointer + ": ") + message),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      message_(std::move(message)) {}

nlohmann::json to_json(const RetryPolicy& policy) {
  nlohmann::json j = nlohmann::json::object();
  for (const policy_fields::PolicyField& field : policy_fields::fields()) {
    j[std::string(field.key)] = field.write(policy);
  }
  return j;
}

std::string_view to_string(Jitter jitter) {
  return policy_fields::name_of(policy_fields::kJitterNames, jitter);
}

std::string_view to_string(RetryAfterOverCap value) {
  return policy_fields::name_of(policy_fields::kOverCapNames, value);
}

std::ostream& operator<<(std::ostream& out, Jitter jitter) { return out << to_string(jitter); }

void PrintTo(const RetryPolicy& policy, std::ostream* out) { *out << to_json(policy).dump(); }

}  // namespace cometbench::client
