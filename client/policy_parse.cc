// Strict parsing of a retry policy object (DESIGN.md section 6, docs/policy.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "client/policy.h"

namespace cometbench::client {
namespace {

using Json = nlohmann::json;

// A year: longer waits are typos, and ms * 1e6 must still fit the nanosecond clock.
constexpr std::int64_t kMaxMs = 31'536'000'000;

constexpr std::array<std::string_view, 16> kKeys{"preset",
                                                 "max_attempts",
                                                 "initial_backoff_ms",
                                                 "max_backoff_ms",
                                                 "multiplier",
                                                 "jitter",
                                                 "seed",
                                                 "attempt_timeout_ms",
                                                 "deadline_ms",
                                                 "retry_on_status",
                                                 "retry_on_errors",
                                                 "honor_retry_after",
                                                 "max_retry_after_ms",
                                                 "retry_after_over_cap",
                                                 "honor_x_should_retry",
                                                 "retry_budget"};
constexpr std::array<std::string_view, 4> kBudgetKeys{"capacity", "retry_cost", "timeout_cost",
                                                      "success_refund"};

std::string escape_pointer_token(std::string_view token) {
  // RFC 6901 escaping (~0, ~1) as nlohmann's json_pointer writes it.
  return (nlohmann::json::json_pointer{} / std::string(token)).to_string().substr(1);
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      std::string text = value.dump();
      if (text.size() > 42) text = text.substr(0, 40) + "...\"";
      return text;
    }
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return value.dump();
  }
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& names, std::string_view sep) {
  std::string out;
  for (std::string_view name : names) {
    out += (out.empty() ? "" : std::string(sep)) + std::string(name);
  }
  return out;
}

class Parser {
 public:
  Parser(const std::string& file, const std::string& prefix) : file_(file), prefix_(prefix) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw PolicyError(file_, pointer, message);
  }

  std::string at(std::string_view key) const { return prefix_ + "/" + escape_pointer_token(key); }
  std::string at(std::string_view key, std::string_view sub) const {
    return at(key) + "/" + escape_pointer_token(sub);
  }

  std::int64_t integer(const Json& v, const std::string& ptr, std::int64_t min,
                       std::int64_t max) const {
    const std::string expected =
        "expected an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if ((min > 0 && u < static_cast<std::uint64_t>(min)) || u > static_cast<std::uint64_t>(max)) {
        fail(ptr, expected + ", got " + v.dump());
      }
      return static_cast<std::int64_t>(u);
    }
    if (v.is_number_integer()) {
      const auto i = v.get<std::int64_t>();
      if (i < min || i > max) fail(ptr, expected + ", got " + v.dump());
      return i;
    }
    fail(ptr, expected + ", got " + describe(v));
  }

  int small_int(const Json& v, const std::string& ptr, int min, int max) const {
    return static_cast<int>(integer(v, ptr, min, max));
  }

  std::chrono::milliseconds ms(const Json& v, const std::string& ptr, std::int64_t min) const {
    return std::chrono::milliseconds(integer(v, ptr, min, kMaxMs));
  }

  bool boolean(const Json& v, const std::string& ptr) const {
    if (!v.is_boolean()) fail(ptr, "expected true or false, got " + describe(v));
    return v.get<bool>();
  }

  template <typename T, std::size_t N>
  T choice(const Json& v, const std::string& ptr,
           const std::array<std::pair<std::string_view, T>, N>& options) const {
    std::string names;
    for (const auto& [name, value] : options) {
      names += (names.empty() ? "" : ", ") + std::string(name);
      if (v.is_string() && v.get<std::string>() == name) return value;
    }
    fail(ptr, "expected one of " + names + ", got " + describe(v));
  }

  const Json& object(const Json& v, const std::string& ptr) const {
    if (!v.is_object()) fail(ptr, "expected an object, got " + describe(v));
    return v;
  }

  template <std::size_t N>
  void known_keys(const Json& v, const std::array<std::string_view, N>& keys,
                  const std::string& base) const {
    for (const auto& [key, value] : v.items()) {
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      fail(base + "/" + escape_pointer_token(key),
           "unknown key \"" + key + "\" (expected one of: " + join(keys, ", ") + ")");
    }
  }

 private:
  const std::string& file_;
  const std::string& prefix_;
};

RetryBudgetConfig parse_budget(const Parser& p, const Json& v) {
  p.known_keys(v, kBudgetKeys, p.at("retry_budget"));
  RetryBudgetConfig budget;
  const auto field = [&](std::string_view key, int& target) {
    if (v.contains(key)) {
      target = p.small_int(v.at(std::string(key)), p.at("retry_budget", key), 0, 1000000);
    }
  };
  field("capacity", budget.capacity);
  field("retry_cost", budget.retry_cost);
  field("timeout_cost", budget.timeout_cost);
  field("success_refund", budget.success_refund);
  return budget;
}

void parse_member(const Parser& p, const std::string& key, const Json& v, RetryPolicy& policy) {
  const std::string ptr = p.at(key);
  if (key == "max_attempts") {
    policy.max_attempts = p.small_int(v, ptr, 1, 100);
  } else if (key == "initial_backoff_ms") {
    policy.initial_backoff = p.ms(v, ptr, 0);
  } else if (key == "max_backoff_ms") {
    policy.max_backoff = p.ms(v, ptr, 0);
  } else if (key == "multiplier") {
    const double m = v.is_number() ? v.get<double>() : 0.0;
    if (!v.is_number() || !std::isfinite(m) || m < 1.0 || m > 1000.0) {
      p.fail(ptr, "expected a number from 1 to 1000, got " + describe(v));
    }
    policy.multiplier = m;
  } else if (key == "jitter") {
    policy.jitter = p.choice(v, ptr,
                             std::array<std::pair<std::string_view, Jitter>, 5>{{
                                 {"none", Jitter::none},
                                 {"full", Jitter::full},
                                 {"equal", Jitter::equal},
                                 {"decorrelated", Jitter::decorrelated},
                                 {"openai", Jitter::openai},
                             }});
  } else if (key == "seed") {
    if (v.is_null()) {
      policy.seed.reset();
    } else if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
      policy.seed = v.get<std::uint64_t>();
    } else {
      p.fail(ptr, "expected an integer from 0 to 18446744073709551615 or null, got " + describe(v));
    }
  } else if (key == "attempt_timeout_ms") {
    policy.attempt_timeout = p.ms(v, ptr, 1);
  } else if (key == "deadline_ms") {
    if (v.is_null()) {
      policy.deadline.reset();
    } else {
      policy.deadline = p.ms(v, ptr, 1);
    }
  } else if (key == "retry_on_status") {
    if (!v.is_array()) p.fail(ptr, "expected an array of HTTP statuses, got " + describe(v));
    policy.retry_on_status.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Json& s = v[i];
      const std::string item = ptr + "/" + std::to_string(i);
      if (!(s.is_number_integer() || s.is_number_unsigned()) || s.get<std::int64_t>() < 100 ||
          s.get<std::int64_t>() > 599) {
        p.fail(item, "expected an HTTP status from 100 to 599, got " + describe(s));
      }
      policy.retry_on_status.insert(s.get<int>());
    }
  } else if (key == "retry_on_errors") {
    if (!v.is_array()) p.fail(ptr, "expected an array of error classes, got " + describe(v));
    policy.retry_on_errors.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Json& e = v[i];
      const std::optional<ErrorKind> kind =
          e.is_string() ? retryable_error_kind_from_string(e.get<std::string>()) : std::nullopt;
      if (!kind) {
        p.fail(ptr + "/" + std::to_string(i), "expected one of " +
                                                  std::string(retryable_error_kind_tokens()) +
                                                  ", got " + describe(e));
      }
      policy.retry_on_errors.insert(*kind);
    }
  } else if (key == "honor_retry_after") {
    policy.honor_retry_after = p.boolean(v, ptr);
  } else if (key == "max_retry_after_ms") {
    policy.max_retry_after = p.ms(v, ptr, 0);
  } else if (key == "retry_after_over_cap") {
    policy.retry_after_over_cap =
        p.choice(v, ptr,
                 std::array<std::pair<std::string_view, RetryAfterOverCap>, 2>{{
                     {"give_up", RetryAfterOverCap::give_up},
                     {"use_backoff", RetryAfterOverCap::use_backoff},
                 }});
  } else if (key == "honor_x_should_retry") {
    policy.honor_x_should_retry = p.boolean(v, ptr);
  } else if (key == "retry_budget") {
    if (v.is_null() || (v.is_boolean() && !v.get<bool>())) {
      policy.retry_budget.reset();
    } else if (v.is_boolean()) {
      policy.retry_budget = RetryBudgetConfig{};
    } else if (v.is_object()) {
      policy.retry_budget = parse_budget(p, v);
    } else {
      p.fail(ptr, "expected an object, true, false or null, got " + describe(v));
    }
  }
}

}  // namespace

RetryPolicy parse_policy(const nlohmann::json& document, const std::string& file,
                         const std::string& pointer_prefix) {
  const Parser p(file, pointer_prefix);
  p.object(document, pointer_prefix);
  p.known_keys(document, kKeys, pointer_prefix);

  RetryPolicy policy;
  if (document.contains("preset")) {
    const Json& name = document.at("preset");
    std::optional<RetryPolicy> preset =
        name.is_string() ? preset_policy(name.get<std::string>()) : std::nullopt;
    if (!preset) {
      p.fail(p.at("preset"), "expected one of openai, aws-standard, none, got " + describe(name));
    }
    policy = *preset;
  }
  for (const auto& [key, value] : document.items()) {
    if (key == "preset") continue;
    parse_member(p, key, value, policy);
  }
  if (policy.max_backoff < policy.initial_backoff) {
    if (document.contains("max_backoff_ms")) {
      p.fail(p.at("max_backoff_ms"), "expected at least initial_backoff_ms (" +
                                         std::to_string(policy.initial_backoff.count()) +
                                         "), got " + std::to_string(policy.max_backoff.count()));
    }
    p.fail(p.at("initial_backoff_ms"), "expected at most max_backoff_ms (" +
                                           std::to_string(policy.max_backoff.count()) + "), got " +
                                           std::to_string(policy.initial_backoff.count()));
  }
  return policy;
}

}  // namespace cometbench::client
