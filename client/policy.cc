#include "client/policy.h"

#include <utility>

namespace cometbench::client {
namespace {

// openai-python / openai-node retry on 408, 409, 429 and every status >= 500.
std::set<int> openai_statuses() {
  std::set<int> statuses{408, 409, 429};
  for (int s = 500; s <= 599; ++s) statuses.insert(s);
  return statuses;
}

}  // namespace

std::optional<RetryPolicy> preset_policy(std::string_view name) {
  RetryPolicy policy;
  if (name == "openai") {
    // openai SDKs: maxRetries 2 (3 attempts), 0.5 s doubling to 8 s, delay * (1 - 0.25 * U),
    // a 600 s request timeout, x-should-retry honoured, every connection error retried. The SDKs
    // honour Retry-After only when 0 < x <= 60 s and back off otherwise; we keep the DESIGN cap
    // (120 s) and fall back to backoff above it, as the SDKs do.
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
  if (name == "aws-standard") {
    // AWS SDK "standard" retry mode: 3 attempts, full jitter, base 100 ms, cap 20 s, a retry
    // quota of 500 tokens (5 a retry, 10 a timeout retry, 1 back per success); it retries
    // throttling (429) and transient statuses (500, 502, 503, 504) and reads neither
    // Retry-After nor x-should-retry.
    policy.initial_backoff = std::chrono::milliseconds(100);
    policy.max_backoff = std::chrono::milliseconds(20000);
    policy.jitter = Jitter::full;
    policy.retry_on_status = {429, 500, 502, 503, 504};
    policy.honor_retry_after = false;
    policy.honor_x_should_retry = false;
    policy.retry_budget = RetryBudgetConfig{};
    return policy;
  }
  if (name == "none") {
    policy.max_attempts = 1;
    policy.jitter = Jitter::none;
    return policy;
  }
  return std::nullopt;
}

PolicyError::PolicyError(std::string file, std::string pointer, std::string message)
    : std::runtime_error(file + ": " + (pointer.empty() ? "" : pointer + ": ") + message),
      file_(std::move(file)),
      pointer_(std::move(pointer)),
      message_(std::move(message)) {}

nlohmann::json to_json(const RetryPolicy& p) {
  nlohmann::json j = nlohmann::json::object();
  j["max_attempts"] = p.max_attempts;
  j["initial_backoff_ms"] = p.initial_backoff.count();
  j["max_backoff_ms"] = p.max_backoff.count();
  j["multiplier"] = p.multiplier;
  j["jitter"] = to_string(p.jitter);
  j["seed"] = p.seed ? nlohmann::json(*p.seed) : nlohmann::json(nullptr);
  j["attempt_timeout_ms"] = p.attempt_timeout.count();
  j["deadline_ms"] = p.deadline ? nlohmann::json(p.deadline->count()) : nlohmann::json(nullptr);
  j["retry_on_status"] = p.retry_on_status;
  nlohmann::json errors = nlohmann::json::array();
  for (ErrorKind kind : p.retry_on_errors) errors.push_back(to_string(kind));
  j["retry_on_errors"] = errors;
  j["honor_retry_after"] = p.honor_retry_after;
  j["max_retry_after_ms"] = p.max_retry_after.count();
  j["retry_after_over_cap"] = to_string(p.retry_after_over_cap);
  j["honor_x_should_retry"] = p.honor_x_should_retry;
  if (p.retry_budget) {
    j["retry_budget"] = {{"capacity", p.retry_budget->capacity},
                         {"retry_cost", p.retry_budget->retry_cost},
                         {"timeout_cost", p.retry_budget->timeout_cost},
                         {"success_refund", p.retry_budget->success_refund}};
  } else {
    j["retry_budget"] = nullptr;
  }
  return j;
}

std::string_view to_string(Jitter jitter) {
  switch (jitter) {
    case Jitter::none:
      return "none";
    case Jitter::full:
      return "full";
    case Jitter::equal:
      return "equal";
    case Jitter::decorrelated:
      return "decorrelated";
    case Jitter::openai:
      return "openai";
  }
  return "none";
}

std::string_view to_string(RetryAfterOverCap value) {
  return value == RetryAfterOverCap::give_up ? "give_up" : "use_backoff";
}

std::ostream& operator<<(std::ostream& out, Jitter jitter) { return out << to_string(jitter); }

void PrintTo(const RetryPolicy& policy, std::ostream* out) { *out << to_json(policy).dump(); }

}  // namespace cometbench::client
