#include "client/policy_fields.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cometbench::client::policy_fields {
namespace {

using std::chrono::milliseconds;

// A year: longer waits are typos, and ms * 1e6 must still fit the nanosecond clock.
constexpr std::int64_t kMaxMs = 31'536'000'000;

std::string range(std::int64_t min, std::int64_t max) {
  return std::to_string(min) + ".." + std::to_string(max);
}

template <typename E, std::size_t N>
std::string alternatives(const std::array<EnumName<E>, N>& names) {
  std::string out;
  for (const auto& entry : names) {
    out += (out.empty() ? "`" : " \\| `") + std::string(entry.name) + "`";
  }
  return out;
}

// ---- value kinds: each reads, writes and documents one shape of member ----

template <int RetryPolicy::*Member, std::int64_t Min, std::int64_t Max>
struct IntValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    p.*Member = static_cast<int>(at.as_int(Min, Max));
  }
  static Json write(const RetryPolicy& p) { return p.*Member; }
  static std::string type() { return "integer " + range(Min, Max); }
};

template <milliseconds RetryPolicy::*Member, std::int64_t Min>
struct MsValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    p.*Member = milliseconds(at.as_int(Min, kMaxMs));
  }
  static Json write(const RetryPolicy& p) { return (p.*Member).count(); }
  static std::string type() { return "integer " + range(Min, kMaxMs); }
};

// `null` means "none" (no deadline, no cap).
template <std::optional<milliseconds> RetryPolicy::*Member, std::int64_t Min>
struct OptionalMsValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    if (at.json().is_null()) {
      (p.*Member).reset();
    } else {
      p.*Member = milliseconds(at.as_int(Min, kMaxMs, "or null"));
    }
  }
  static Json write(const RetryPolicy& p) {
    return p.*Member ? Json((p.*Member)->count()) : Json(nullptr);
  }
  static std::string type() { return "integer " + range(Min, kMaxMs) + ", or `null`"; }
};

template <bool RetryPolicy::*Member>
struct BoolValue {
  static void read(const json::Cursor& at, RetryPolicy& p) { p.*Member = at.as_bool(); }
  static Json write(const RetryPolicy& p) { return p.*Member; }
  static std::string type() { return "boolean"; }
};

template <auto Member, const auto& Names>
struct EnumValue {
  static void read(const json::Cursor& at, RetryPolicy& p) { p.*Member = at.as_enum(Names); }
  static Json write(const RetryPolicy& p) { return name_of(Names, p.*Member); }
  static std::string type() { return alternatives(Names); }
};

struct MultiplierValue {
  static void read(const json::Cursor& at, RetryPolicy& p) { p.multiplier = at.as_number(1, 1000); }
  static Json write(const RetryPolicy& p) { return p.multiplier; }
  static std::string type() { return "number 1..1000"; }
};

struct SeedValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    const auto& v = at.json();
    if (v.is_null()) {
      p.seed.reset();
    } else if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      p.seed = v.get<std::uint64_t>();
    } else {
      at.fail("expected an integer from 0 to 18446744073709551615 or null, got " +
              json::describe_value(v));
    }
  }
  static Json write(const RetryPolicy& p) { return p.seed ? Json(*p.seed) : Json(nullptr); }
  static std::string type() { return "integer 0..2^64-1, or `null`"; }
};

struct StatusListValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    if (!at.json().is_array()) {
      at.fail("expected an array of HTTP statuses, got " + json::describe_value(at.json()));
    }
    p.retry_on_status.clear();
    for (std::size_t i = 0; i < at.json().size(); ++i) {
      p.retry_on_status.insert(static_cast<int>(at.element(i).as_int(100, 599, "an HTTP status")));
    }
  }
  static Json write(const RetryPolicy& p) { return p.retry_on_status; }
  static std::string type() { return "array of integers 100..599"; }
};

struct ErrorListValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    if (!at.json().is_array()) {
      at.fail("expected an array of error classes, got " + json::describe_value(at.json()));
    }
    p.retry_on_errors.clear();
    for (std::size_t i = 0; i < at.json().size(); ++i) {
      const json::Cursor element = at.element(i);
      const std::optional<ErrorKind> kind =
          element.json().is_string()
              ? retryable_error_kind_from_string(element.json().get<std::string>())
              : std::nullopt;
      if (!kind) {
        element.fail("expected one of " + std::string(retryable_error_kind_tokens()) + ", got " +
                     json::describe_value(element.json()));
      }
      p.retry_on_errors.insert(*kind);
    }
  }
  static Json write(const RetryPolicy& p) {
    Json errors = Json::array();
    for (ErrorKind kind : p.retry_on_errors) errors.push_back(to_string(kind));
    return errors;
  }
  static std::string type() { return "array of error classes"; }
};

struct BudgetField {
  std::string_view key;
  int RetryBudgetConfig::*member;
  std::string_view meaning;
};
constexpr std::int64_t kMaxBudget = 1'000'000;
constexpr std::array<BudgetField, 4> kBudgetFields{{
    {"capacity", &RetryBudgetConfig::capacity, "tokens at start and at most"},
    {"retry_cost", &RetryBudgetConfig::retry_cost, "paid for a retry"},
    {"timeout_cost", &RetryBudgetConfig::timeout_cost, "paid for a retry after a timeout"},
    {"success_refund", &RetryBudgetConfig::success_refund, "returned by each successful attempt"},
}};
constexpr std::array<std::string_view, 4> kBudgetKeys{"capacity", "retry_cost", "timeout_cost",
                                                      "success_refund"};

struct BudgetValue {
  static void read(const json::Cursor& at, RetryPolicy& p) {
    const auto& v = at.json();
    if (v.is_null() || (v.is_boolean() && !v.get<bool>())) {
      p.retry_budget.reset();
    } else if (v.is_boolean()) {
      p.retry_budget = RetryBudgetConfig{};
    } else if (v.is_object()) {
      at.expect_keys(kBudgetKeys);
      RetryBudgetConfig budget;
      for (const BudgetField& f : kBudgetFields) {
        if (const auto member = at.find(f.key)) {
          budget.*f.member = static_cast<int>(member->as_int(0, kMaxBudget));
        }
      }
      p.retry_budget = budget;
    } else {
      at.fail("expected an object, true, false or null, got " + json::describe_value(v));
    }
  }
  static Json write(const RetryPolicy& p) {
    if (!p.retry_budget) return nullptr;
    Json j = Json::object();
    for (const BudgetField& f : kBudgetFields) j[std::string(f.key)] = (*p.retry_budget).*f.member;
    return j;
  }
  static std::string type() { return "object, `true`, `false` or `null`"; }
};

template <typename Value>
constexpr PolicyField field(std::string_view key, std::string_view meaning) {
  return {key, meaning, &Value::read, &Value::write, &Value::type};
}

// The order of docs/policy.md and of the key list in error messages.
constexpr std::array kFields{
    field<IntValue<&RetryPolicy::max_attempts, 1, 100>>("max_attempts",
                                                        "attempts in all, the first included"),
    field<MsValue<&RetryPolicy::initial_backoff, 0>>("initial_backoff_ms",
                                                     "base `b` of the formulas"),
    field<MsValue<&RetryPolicy::max_backoff, 0>>("max_backoff_ms",
                                                 "cap `c`; at least `initial_backoff_ms`"),
    field<MultiplierValue>("multiplier", "growth `m`"),
    field<EnumValue<&RetryPolicy::jitter, kJitterNames>>("jitter", "[formula](#backoff-formulas)"),
    field<SeedValue>("seed",
                     "jitter seed; `null` means the fixed default `0x636f6d6574626e63` (ASCII "
                     "\"cometbnc\"), so runs are reproducible unless a caller asks otherwise"),
    field<MsValue<&RetryPolicy::attempt_timeout, 1>>("attempt_timeout_ms",
                                                     "limit of one attempt (connect to last byte)"),
    field<OptionalMsValue<&RetryPolicy::deadline, 1>>(
        "deadline_ms", "limit of the whole operation (all attempts and backoffs); `null`: none"),
    field<StatusListValue>("retry_on_status", "HTTP statuses that may be retried"),
    field<ErrorListValue>("retry_on_errors",
                          "failures that may be retried; also allowed: `tls_error`, `dns_error`, "
                          "`transport_error`, `invalid_json`, `unexpected_shape`. DESIGN's list "
                          "plus `stream_error`, an error event before any chunk reached the "
                          "caller"),
    field<BoolValue<&RetryPolicy::honor_retry_after>>(
        "honor_retry_after", "read `retry-after-ms` / `Retry-After` ([rules](#retry-after))"),
    field<OptionalMsValue<&RetryPolicy::max_retry_after, 0>>(
        "max_retry_after_ms", "largest server-requested delay accepted; `null`: no cap"),
    field<EnumValue<&RetryPolicy::retry_after_over_cap, kOverCapNames>>(
        "retry_after_over_cap", "what a larger Retry-After does"),
    field<EnumValue<&RetryPolicy::retry_after_zero, kZeroNames>>(
        "retry_after_zero",
        "what a Retry-After of exactly 0 does: back off as without one, or "
        "retry at once ([rules](#retry-after))"),
    field<BoolValue<&RetryPolicy::honor_x_should_retry>>("honor_x_should_retry",
                                                         "obey `x-should-retry: true/false`"),
    field<BudgetValue>("retry_budget",
                       "token bucket shared by all operations of one client; `true` = the "
                       "defaults below, `null` or `false`: off"),
    field<EnumValue<&RetryPolicy::stream_commit, kStreamCommitNames>>(
        "stream_commit",
        "when an SSE stream commits the operation (no retry after it): when its first chunk "
        "reaches the caller, or when its 2xx headers arrive ([streaming](#streaming))"),
    field<EnumValue<&RetryPolicy::cut_body, kCutBodyNames>>(
        "cut_body",
        "a body that fails after its headers arrived: a transfer failure (`retry_on_errors` "
        "decides), or judged by the headers: an error status by its status, a cut 2xx not "
        "retried ([classification](#classification))"),
    field<BoolValue<&RetryPolicy::invalid_request_500_terminal>>(
        "invalid_request_500_terminal",
        "a 500 whose `error.code` is `invalid_request` is a malformed request, never retried "
        "(CometAPI's error guide); `false`: judged by its status like any 500"),
};

constexpr std::array<std::string_view, kFields.size() + 1> make_listed_keys() {
  std::array<std::string_view, kFields.size() + 1> keys{"preset"};
  for (std::size_t i = 0; i < kFields.size(); ++i) keys[i + 1] = kFields[i].key;
  return keys;
}
constexpr auto kListedKeys = make_listed_keys();

// A default value as docs/policy.md shows it: `full`, `[408, 409]`, `null`.
std::string doc_value(const Json& v) {
  if (v.is_string()) return "`" + v.get<std::string>() + "`";
  if (v.is_array()) {
    std::string out;
    for (const Json& e : v) out += (out.empty() ? "" : ", ") + e.dump();
    return "`[" + out + "]`";
  }
  return "`" + v.dump() + "`";
}

}  // namespace

std::span<const PolicyField> fields() { return kFields; }

const PolicyField* find(std::string_view key) {
  const auto it = std::find_if(kFields.begin(), kFields.end(),
                               [key](const PolicyField& f) { return f.key == key; });
  return it == kFields.end() ? nullptr : &*it;
}

std::span<const std::string_view> listed_keys() { return kListedKeys; }

std::string fields_markdown() {
  const RetryPolicy defaults;
  std::string presets;
  for (std::string_view name : preset_names()) {
    presets += (presets.empty() ? "" : " \\| ") + ("`\"" + std::string(name) + "\"`");
  }
  std::string out =
      "| key | type | default | meaning |\n"
      "| --- | --- | --- | --- |\n"
      "| `preset` | " +
      presets +
      " | none | start from a [preset](#presets); the other keys override its fields, whatever "
      "their order in the object |\n";
  for (const PolicyField& f : kFields) {
    out += "| `" + std::string(f.key) + "` | " + f.type() + " | " + doc_value(f.write(defaults)) +
           " | " + std::string(f.meaning) + " |\n";
  }
  const RetryBudgetConfig budget;
  for (const BudgetField& f : kBudgetFields) {
    out += "| `retry_budget." + std::string(f.key) + "` | integer " + range(0, kMaxBudget) +
           " | `" + std::to_string(budget.*f.member) + "` | " + std::string(f.meaning) + " |\n";
  }
  return out;
}

}  // namespace cometbench::client::policy_fields
