#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "client/record_types.h"
#include "json/input_error.h"
#include "json/text.h"

namespace cometbench::client {

/// Backoff jitter strategies (docs/policy.md has the formulas).
enum class Jitter { none, full, equal, decorrelated, openai };

/// What to do with a Retry-After above `max_retry_after`.
enum class RetryAfterOverCap { give_up, use_backoff };

/// What a Retry-After of exactly 0 means: back off as if there were none (openai-python), or
/// retry at once (openai-node).
enum class RetryAfterZero { use_backoff, immediately };

/// When an SSE stream commits the operation, so that a later failure is not retried: once its
/// first chunk reached the caller, or as soon as its 2xx headers arrived (both openai SDKs).
enum class StreamCommit { first_chunk, headers };

/// How a response whose body fails after its headers arrived (cut, reset, timed out) is judged:
/// as a transfer failure (`retry_on_errors` decides; openai-python, whose httpx reads the body
/// before the retry loop looks at it), or by its headers (openai-node, whose fetch() resolves at
/// the headers): an error status by its status alone, a 2xx whose body is cut not retried.
enum class CutBody { transfer_failure, by_status };

/// Token bucket shared by all operations of one ChatClient (AWS "standard" retry quota).
struct RetryBudgetConfig {
  int capacity = 500;
  int retry_cost = 5;
  int timeout_cost = 10;
  int success_refund = 1;
  friend bool operator==(const RetryBudgetConfig&, const RetryBudgetConfig&) = default;
};

/// The seed used when a policy names none: fixed so that runs are reproducible by default.
/// (ASCII "cometbnc".)
inline constexpr std::uint64_t kDefaultSeed = 0x636f6d6574626e63ULL;

/// A retry policy, DESIGN.md section 6. Plain value type; defaults are the documented ones.
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{8000};
  double multiplier = 2.0;
  Jitter jitter = Jitter::full;
  std::optional<std::uint64_t> seed;  ///< nullopt: kDefaultSeed
  std::chrono::milliseconds attempt_timeout{60000};
  std::optional<std::chrono::milliseconds> deadline;  ///< per operation; nullopt: none
  // DESIGN.md's list plus 524, which CometAPI's error guide names as retryable (an origin timeout).
  std::set<int> retry_on_status{408, 409, 429, 500, 502, 503, 504, 524};
  // DESIGN.md's list plus stream_error: an error event before any chunk reached the caller is a
  // server failure like a 5xx (once a chunk was delivered, the commit rule forbids a retry).
  std::set<ErrorKind> retry_on_errors{
      ErrorKind::timeout,        ErrorKind::connection_reset,   ErrorKind::empty_reply,
      ErrorKind::truncated_body, ErrorKind::connection_refused, ErrorKind::stream_error};
  bool honor_retry_after = true;
  std::optional<std::chrono::milliseconds> max_retry_after{120000};  ///< nullopt: no cap
  RetryAfterOverCap retry_after_over_cap = RetryAfterOverCap::give_up;
  RetryAfterZero retry_after_zero = RetryAfterZero::use_backoff;
  bool honor_x_should_retry = true;
  std::optional<RetryBudgetConfig> retry_budget;  ///< nullopt: no budget
  StreamCommit stream_commit = StreamCommit::first_chunk;
  CutBody cut_body = CutBody::transfer_failure;
  /// CometAPI's error guide: a 500 whose `error.code` is `invalid_request` is a malformed
  /// request, not retried. false: judged by its status like any 500 (the openai SDKs).
  bool invalid_request_500_terminal = true;

  std::uint64_t effective_seed() const { return seed.value_or(kDefaultSeed); }

  friend bool operator==(const RetryPolicy&, const RetryPolicy&) = default;
};

/// The presets a policy's `"preset"` key selects (preset_names()). Returns nullopt for any
/// other name.
std::optional<RetryPolicy> preset_policy(std::string_view name);

/// Every preset name, in the order docs and error messages list them.
std::span<const std::string_view> preset_names();

/// A policy document that breaks the format: the one error type of every JSON input
/// (json/input_error.h), whose `what()` reads `FILE:LINE:COLUMN: POINTER: MESSAGE`. parse_policy()
/// knows no text, so its errors carry no line and column; the code that read the file adds
/// them (json::with_position()).
using PolicyError = json::InputError;

/// Parses a policy object strictly: unknown keys, wrong types and impossible values throw
/// PolicyError naming `file` and `pointer_prefix` + the member's pointer (e.g. prefix
/// "/client/policy"). A `"preset"` key selects a preset that the other keys then override; a
/// `"$schema"` string (the file's JSON Schema, for editors) is ignored.
RetryPolicy parse_policy(const nlohmann::json& document, const std::string& file,
                         const std::string& pointer_prefix);
/// parse_policy() for JSON read with json::parse_text(): errors come in the file's key order.
RetryPolicy parse_policy_document(const json::Json& document, const std::string& file,
                                  const std::string& pointer_prefix);

/// The most a policy file may hold (4 MiB; a policy is a few hundred bytes): a wrong file cannot
/// fill memory.
inline constexpr std::size_t kMaxPolicyFileBytes = 4 * 1024 * 1024;

/// Parses the text of a policy file (one policy object, optionally with `$schema`) with the
/// strict JSON reader: errors read `FILE:LINE:COLUMN: POINTER: MESSAGE`.
RetryPolicy parse_policy_text(std::string_view text, const std::string& file);

/// Reads and parses a policy file: parse_policy_text(), or `FILE: MESSAGE` for an unreadable
/// file or one larger than kMaxPolicyFileBytes.
RetryPolicy load_policy_file(const std::filesystem::path& file);

/// Every field, explicit (no "preset" key); `parse_policy(to_json(p), ...) == p`.
nlohmann::json to_json(const RetryPolicy& policy);

/// True for a key that a policy object may hold: a field, "preset" or "$schema".
bool is_policy_key(std::string_view key);

std::string_view to_string(Jitter jitter);
std::string_view to_string(RetryAfterOverCap value);
std::string_view to_string(RetryAfterZero value);
std::string_view to_string(StreamCommit value);
std::string_view to_string(CutBody value);
std::ostream& operator<<(std::ostream& out, Jitter jitter);
/// gtest printer: the JSON form.
void PrintTo(const RetryPolicy& policy, std::ostream* out);

}  // namespace cometbench::client
